using Greentic.Cli.Client;
using Greentic.ControlPlane.Hosting;
using Greentic.ControlPlane.Supervision;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Greentic.Cli.Up;

/// <summary>How <c>up</c> or <c>serve</c> wants its control plane run.</summary>
/// <param name="Command">For messages: <c>greentic up</c>.</param>
/// <param name="Settings">Layered under appsettings.json and the environment, which still win.</param>
/// <param name="Dev">The dev issuer and demo data, when the start is a dev one (<c>up</c>, <c>serve --dev</c>).</param>
/// <param name="RequireJwtKeySource">A production start refuses to run without one.</param>
internal sealed record ControlPlaneRunOptions(
    string Command, IReadOnlyDictionary<string, string?> Settings, DesktopDefaults? Dev, bool RequireJwtKeySource, string? DataDir)
{
    /// <summary>Dev starts only: run the ingress gateway beside the control plane on these addresses.</summary>
    public GatewayAddresses? Gateway { get; init; }
}

/// <summary>Where the desktop gateway listens: webhooks and admin (HTTP/1.1), and the gRPC proxy (h2c).</summary>
internal sealed record GatewayAddresses(string Webhooks, string Grpc);

/// <summary>
/// Runs a control plane from the command line until Ctrl+C:
/// <list type="number">
/// <item>build it with the command's settings under appsettings.json and the environment;</item>
/// <item>check what it must not start with (<see cref="StartChecks"/>): exit 2 naming the file or setting;</item>
/// <item>start it — endpoints are bound before the supervisor launches any sidecar, so a port in use is exit 1 with
/// nothing left behind;</item>
/// <item>dev starts only: seed the demo secret, write the dev token and start the gateway beside the control plane;</item>
/// <item>wait (bounded) until supervised sidecars answer, so their start-up lines come before the endpoint table;</item>
/// <item>print the endpoint table and the "try this" block last, and keep running.</item>
/// </list>
/// </summary>
internal static class ControlPlaneRun
{
    private static readonly TimeSpan SidecarPatience = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(ControlPlaneRunOptions run, CancellationToken cancellationToken)
    {
        // (1) and (2): some options are validated while the host is built (logging resolves the secrets options).
        WebApplication app;
        string? jwtProblem = null;
        try
        {
            app = ControlPlaneHost.Build([], b =>
            {
                var sources = b.Configuration.Sources.ToList();
                b.Configuration.Sources.Clear();
                b.Configuration.AddInMemoryCollection(run.Settings);
                foreach (var source in sources) b.Configuration.Sources.Add(source);
                jwtProblem = StartChecks.JwtKeySource(b.Configuration, run.RequireJwtKeySource);
                b.Services.AddSampleProviders();
            });
        }
        catch (OptionsValidationException e)
        {
            return await RefuseAsync(run, [.. Present(jwtProblem), .. e.Failures]);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            return await RefuseAsync(run, [.. Present(jwtProblem), $"the configuration cannot be used: {e.Message}"]);
        }
        await using (app)
        {
            var problems = Present(jwtProblem).Concat(StartChecks.Find(app.Services)).ToList();
            if (problems.Count > 0) return await RefuseAsync(run, problems);
            // (3)
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (OptionsValidationException e)
            {
                return await RefuseAsync(run, e.Failures);
            }
            catch (IOException e)
            {
                return await FailAsync(run, ExitCodes.CallFailed,
                    $"{e.Message} (is another control plane running? choose other addresses with --grpc and --http)");
            }
            catch (Exception e) when (e is InvalidOperationException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                return await FailAsync(run, ExitCodes.CallFailed, e.Message);
            }
            // (4)
            WebApplication? gateway = null;
            if (run.Dev is { } dev)
            {
                await DemoData.SeedAsync(app.Services, cancellationToken);
                await dev.WriteDevTokenAsync(cancellationToken);
                if (run.Gateway is { } addresses)
                    gateway = await Commands.DesktopGateway.StartAsync(dev, app.Services.GetRequiredService<IOptions<ControlPlaneOptions>>().Value.GrpcAddress,
                        addresses.Webhooks, addresses.Grpc, cancellationToken);
            }
            await using var _ = gateway;
            // (5)
            var supervisor = app.Services.GetRequiredService<SidecarSupervisor>();
            await WaitForSidecarsAsync(supervisor, cancellationToken);
            // (6)
            var endpoints = StartBanner.Endpoints(app.Services, run);
            if (run.DataDir is { } dataDir) await endpoints.WriteAsync(dataDir, cancellationToken);
            if (gateway is not null && run.Gateway is { } shown) Commands.DesktopGateway.Print(shown.Webhooks, shown.Grpc);
            StartBanner.Write(AnsiConsole.Console, endpoints, supervisor, run);
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Ok;
        }
    }

    /// <summary>Until every sidecar serves or has failed once (its state then shows in the table), at most <see cref="SidecarPatience"/>.</summary>
    private static async Task WaitForSidecarsAsync(SidecarSupervisor supervisor, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + SidecarPatience;
        while (DateTime.UtcNow < until && supervisor.Configured.Any(s => !s.Healthy && s.Restarts == 0))
            await Task.Delay(100, cancellationToken);
    }

    private static IEnumerable<string> Present(string? problem) => problem is null ? [] : [problem];

    /// <summary>Configuration it must not start with: every problem, one per line, exit 2.</summary>
    private static Task<int> RefuseAsync(ControlPlaneRunOptions run, IEnumerable<string> problems) =>
        FailAsync(run, ExitCodes.Usage, string.Join("\n  ", problems.Prepend("fix the configuration first:")));

    private static async Task<int> FailAsync(ControlPlaneRunOptions run, int exitCode, string message)
    {
        await Console.Error.WriteLineAsync($"{run.Command} could not start: {message}");
        return exitCode;
    }
}
