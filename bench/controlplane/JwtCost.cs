using System.Diagnostics;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Bench;

/// <summary>
/// What the bearer-token check costs per call, single-threaded: the control plane's own JwtBearer options (token
/// handler, validation parameters, keys from its configuration manager), exactly the validation JwtBearerHandler runs
/// for every request, with the validated-token cache off (<c>ValidatedTokenCacheSize=0</c>) and on (the default).
/// </summary>
internal static class JwtCost
{
    public static async Task RunAsync(int iterations)
    {
        foreach (var cacheSize in new[] { "0", null })
        {
            var dir = Directory.CreateTempSubdirectory("gt-jwt-").FullName;
            using var issuer = DevTokenIssuer.CreateEphemeral();
            await issuer.WritePublicJwksAsync(Path.Combine(dir, "jwks.json"), CancellationToken.None);
            var settings = new Dictionary<string, string?>
            {
                ["Greentic:ControlPlane:GrpcAddress"] = "unix://" + Path.Combine(dir, "cp.sock"),
                ["Greentic:Auth:Jwt:Issuer"] = DevTokenIssuer.DefaultIssuer,
                ["Greentic:Auth:Jwt:Audience"] = DevTokenIssuer.DefaultAudience,
                ["Greentic:Auth:Jwt:JwksFile"] = Path.Combine(dir, "jwks.json"),
                ["Greentic:Stores:SqlitePath"] = Path.Combine(dir, "state.db"),
                ["PACK_CACHE_DIR"] = Path.Combine(dir, "packs"),
            };
            // A key bound to null would set the size to 0: name it only to turn the cache off.
            if (cacheSize is not null) settings["Greentic:Auth:Jwt:ValidatedTokenCacheSize"] = cacheSize;
            await using var app = ControlPlaneHost.Build([], b => b.Configuration.AddInMemoryCollection(settings));
            var bearer = app.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(GreenticAuthenticationSchemes.Bearer);
            // As JwtBearerHandler does for each request: the validation parameters carry the configuration manager.
            var parameters = bearer.TokenValidationParameters.Clone();
            parameters.ConfigurationManager = (Microsoft.IdentityModel.Tokens.BaseConfigurationManager)bearer.ConfigurationManager!;
            var handler = bearer.TokenHandlers.Single();
            var token = issuer.Issue(new DevTokenRequest { Subject = "bench", Tenants = ["acme"] });
            for (var i = 0; i < 200; i++) await handler.ValidateTokenAsync(token, parameters);
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < iterations; i++)
                if (!(await handler.ValidateTokenAsync(token, parameters)).IsValid) throw new InvalidOperationException("token refused");
            var perCall = Stopwatch.GetElapsedTime(started).TotalMicroseconds / iterations;
            Console.WriteLine($"JWT validation, {DevTokenIssuer.Algorithm}, validated-token cache {(cacheSize == "0" ? "off" : "on")}: " +
                              $"{perCall:0.0} µs per call ({iterations} calls, one thread, {handler.GetType().Name})");
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
