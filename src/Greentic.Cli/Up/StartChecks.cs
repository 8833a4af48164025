using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Greentic.Cli.Up;

/// <summary>
/// What a control plane must not start with, checked before it binds a port or launches a sidecar. Each problem is a
/// sentence naming the file and line or the setting to fill in; the command prints them and exits 2.
/// </summary>
internal static class StartChecks
{
    public static IReadOnlyList<string> Find(IServiceProvider services, bool requireJwtKeySource)
    {
        var problems = new List<string>();
        try
        {
            var jwt = services.GetRequiredService<IOptions<JwtValidationOptions>>().Value;
            if (requireJwtKeySource && !jwt.Enabled)
            {
                problems.Add(
                    $"no JWT key source is configured, so no caller could authenticate: set {JwtValidationOptions.SectionName}:JwksUrl " +
                    "(environment: Greentic__Auth__Jwt__JwksUrl) — or JwksFile, Authority or MetadataAddress — with Issuer and Audience; " +
                    "for local use run 'greentic serve --dev' or 'greentic up'");
            }
        }
        catch (OptionsValidationException e)
        {
            problems.AddRange(e.Failures);
        }

        var routing = services.GetRequiredService<IRoutingPolicyProvider>();
        var directory = services.GetRequiredService<IOptions<RoutingOptions>>().Value.Directory;
        foreach (var error in routing.Status.LastErrors)
        {
            var file = Path.IsPathRooted(error.File) || string.IsNullOrEmpty(directory) ? error : error with { File = Path.Combine(directory, error.File) };
            problems.Add($"routing policy: {file}");
        }
        return problems;
    }
}
