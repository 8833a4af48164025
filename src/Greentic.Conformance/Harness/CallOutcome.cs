using Greentic.ControlPlane.Errors;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;

namespace Greentic.Conformance.Harness;

/// <summary>How one provider call ended: its status (and message), or the JSON it answered, and how long it took.</summary>
internal sealed record CallOutcome(StatusCode Status, string Detail, byte[] Json, TimeSpan Elapsed)
{
    private const int ShownChars = 160;

    public bool Ok => Status == StatusCode.OK;

    public string Text => Encoding.UTF8.GetString(Json);

    /// <summary>The answer as a JSON object, or null when the call failed or the answer is not an object.</summary>
    public JsonObject? Object
    {
        get
        {
            if (!Ok) return null;
            try { return JsonNode.Parse(Json) as JsonObject; }
            catch (JsonException) { return null; }
        }
    }

    /// <summary>For evidence: the status and message, or the start of the answer.</summary>
    public override string ToString() => Ok
        ? Shorten(Text)
        : $"{StatusName(Status)}: {Shorten(Detail)}";

    public static string Shorten(string text) => text.Length <= ShownChars ? text : text[..ShownChars] + "…";

    /// <summary>The status as the gRPC spec spells it (<c>DEADLINE_EXCEEDED</c>).</summary>
    public static string StatusName(StatusCode status) => ErrorReasons.ForStatus(status);
}
