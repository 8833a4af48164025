using System.Diagnostics;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.ControlPlane.Bench;

/// <summary>
/// What one bearer-token check costs the control plane (the JwtValidator every call goes through), per
/// algorithm, single-threaded: attributes part of the hop's cost.
/// </summary>
internal static class JwtCost
{
    public static async Task RunAsync(int iterations)
    {
        foreach (var algorithm in new[] { DevKeyAlgorithm.Ed25519, DevKeyAlgorithm.ES256 })
        {
            var dir = Directory.CreateTempSubdirectory("gt-jwt-").FullName;
            var issuer = DevTokenIssuer.CreateEphemeral(algorithm);
            await issuer.WritePublicJwksAsync(Path.Combine(dir, "jwks.json"), CancellationToken.None);
            await using var app = ControlPlaneHost.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Greentic:Auth:Jwt:Issuer"] = DevTokenIssuer.DefaultIssuer,
                ["Greentic:Auth:Jwt:Audience"] = DevTokenIssuer.DefaultAudience,
                ["Greentic:Auth:Jwt:JwksFile"] = Path.Combine(dir, "jwks.json"),
                ["Greentic:Stores:SqlitePath"] = Path.Combine(dir, "state.db"),
            }));
            var validator = app.Services.GetRequiredService<JwtValidator>();
            var token = issuer.Issue(new DevTokenRequest { Subject = "bench", Tenants = ["acme"] });
            for (var i = 0; i < 200; i++) await validator.ValidateAsync(token, CancellationToken.None);
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < iterations; i++)
                if ((await validator.ValidateAsync(token, CancellationToken.None)).Principal is null) throw new InvalidOperationException("token refused");
            var perCall = Stopwatch.GetElapsedTime(started).TotalMicroseconds / iterations;
            Console.WriteLine($"JWT validation, {issuer.Algorithm}: {perCall:0.0} µs per call ({iterations} calls, one thread)");
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
