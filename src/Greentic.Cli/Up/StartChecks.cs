using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Greentic.Cli.Up;

/// <summary>
/// What a control plane must not start with, checked before it binds a port or launches a sidecar. Each problem is a
/// sentence naming the file and line or the setting to fill in; the command prints them all and exits 2.
/// </summary>
internal static class StartChecks
{
    /// <summary>A production start needs a way to verify tokens; read from the configuration before the host is built.</summary>
    public static string? JwtKeySource(IConfiguration configuration, bool required)
    {
        if (!required) return null;
        JwtValidationOptions? jwt;
        try
        {
            jwt = configuration.GetSection(JwtValidationOptions.SectionName).Get<JwtValidationOptions>();
        }
        catch (InvalidOperationException)
        {
            return null; // a value that does not bind: the host's own validation names it
        }
        return jwt?.Enabled == true
            ? null
            : $"no JWT key source is configured, so no caller could authenticate: set {JwtValidationOptions.SectionName}:JwksUrl " +
              "(environment: Greentic__Auth__Jwt__JwksUrl) — or JwksFile, Authority or MetadataAddress — with Issuer and Audience; " +
              "for local use run 'greentic serve --dev' or 'greentic up'";
    }

    /// <summary>Problems of the built host: options that do not validate, policy files that do not load.</summary>
    public static IReadOnlyList<string> Find(IServiceProvider services)
    {
        var problems = new List<string>();
        try
        {
            _ = services.GetRequiredService<IOptions<JwtValidationOptions>>().Value;
            var routing = services.GetRequiredService<IRoutingPolicyProvider>();
            var directory = services.GetRequiredService<IOptions<RoutingOptions>>().Value.Directory;
            foreach (var error in routing.Status.LastErrors)
            {
                var file = Path.IsPathRooted(error.File) || string.IsNullOrEmpty(directory) ? error : error with { File = Path.Combine(directory, error.File) };
                problems.Add($"routing policy: {file}");
            }
        }
        catch (OptionsValidationException e)
        {
            problems.AddRange(e.Failures);
        }
        return problems;
    }
}
