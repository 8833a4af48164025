using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Greentic.Providers;
using Greentic.Types.V1;
using Grpc.Core;

namespace Greentic.Conformance.Tests.ThreeForms;

/// <summary>
/// Calls a provider through the control plane in one form (the caller's team picks the route) and renders the result
/// for comparison: <c>OK</c> and the answer's bytes, or the status and a normalised message. The normalisation, and
/// nothing else, is what may differ between forms:
/// <list type="bullet">
/// <item>where the failure happened: out of process the control plane says which hop answered it —
/// <c>provider 'T' (sidecar … ; rule 'R') answered INTERNAL: </c> before the provider's own message — which names the
/// form itself;</item>
/// <item>how each host names the component it loaded — <c>provider 'T' (component …): </c> becomes <c>provider 'T': </c>
/// (a pack's component id and version in process, the file and digest in a sidecar);</item>
/// <item>DEADLINE_EXCEEDED keeps only its status: out of process, the caller's own deadline may fire before the
/// provider's answer arrives, and then the message is the gRPC client's;</item>
/// <item>the <c>clock</c> op's seconds (the wall clock).</item>
/// </list>
/// </summary>
internal static partial class FormsClient
{
    public static TenantCtx Ctx(string? team)
    {
        var ctx = new TenantCtx { Env = "dev", Tenant = ThreeFormsControlPlane.Tenant, TenantId = ThreeFormsControlPlane.Tenant };
        if (team is not null) ctx.Team = team;
        return ctx;
    }

    public static async Task<string> CallAsync(ThreeFormsControlPlane cp, string form, string providerType, FormStep step)
    {
        using var channel = cp.Channel();
        var json = Encoding.UTF8.GetBytes(step.Json);
        var call = new ProviderCall(providerType, step.Function, step.Function == ProviderFunction.Invoke ? step.Op : ProviderCall.OpName(step.Function), json, Ctx(form));
        var bearer = Greentic.TestSupport.InProcessControlPlane.Bearer(cp.Token(ThreeFormsControlPlane.Tenant));
        var options = new CallOptions(bearer, DateTime.UtcNow + (step.Deadline ?? TimeSpan.FromSeconds(60)));
        try
        {
            var response = await channel.Invoker.AsyncUnaryCall(ProviderMethods.For(step.Function), null, options, ProviderMessages.ToRequest(call));
            return "OK " + Clock().Replace(ProviderMessages.ResultJson(response).ToStringUtf8(), "\"unix_seconds\":N");
        }
        catch (RpcException e)
        {
            return e.StatusCode == StatusCode.DeadlineExceeded
                ? "DEADLINE_EXCEEDED"
                : $"{e.StatusCode}: {ComponentName().Replace(Hop().Replace(e.Status.Detail, ""), "provider '$1': ")}";
        }
    }

    [GeneratedRegex(@"^provider '[^']*' \((?:sidecar|remote) [^;]*; rule '[^']*'\) answered [A-Z_]+: ")]
    private static partial Regex Hop();

    [GeneratedRegex(@"^provider '([^']*)' \(component [^)]*\): ")]
    private static partial Regex ComponentName();

    [GeneratedRegex("\"unix_seconds\":[0-9]+")]
    private static partial Regex Clock();
}
