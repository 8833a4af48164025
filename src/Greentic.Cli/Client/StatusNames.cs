using System.Text;
using Grpc.Core;

namespace Greentic.Cli.Client;

/// <summary>gRPC status codes as the spec and other gRPC tools spell them: <c>PERMISSION_DENIED</c>, <c>NOT_FOUND</c>.</summary>
internal static class StatusNames
{
    public static string Of(StatusCode code)
    {
        var name = code.ToString();
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i])) builder.Append('_');
            builder.Append(char.ToUpperInvariant(name[i]));
        }
        return builder.ToString();
    }
}
