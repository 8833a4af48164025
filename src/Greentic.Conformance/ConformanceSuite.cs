using System.Text.Json;
using Greentic.Conformance.Checks;
using Greentic.Conformance.Harness;
using Greentic.Providers;
using Greentic.Providers.Channels;
using Grpc.Core;

namespace Greentic.Conformance;

/// <summary>
/// Certifies one provider in any form. Steps:
/// (1) work out the form from the target: a component file runs in process (put in a pack), an address is a sidecar
///     (<c>unix://</c>, <c>http://</c>) or a remote gateway (<c>https://</c>, mutual TLS);
/// (2) start the suite's own control plane with one route to it (<see cref="SuiteControlPlane"/>), and the target when
///     the run was given its start command — pointed back at that control plane, so its callbacks are observable;
/// (3) wait until the target answers, read its ops from describe;
/// (4) run every check (<see cref="CheckList"/>) through the control plane as the provider's callers would, marking n/a
///     those whose ops the provider lacks or whose callbacks cannot reach the suite;
/// (5) return the certificate.
/// </summary>
public static class ConformanceSuite
{
    public static async Task<Certificate> RunAsync(ConformanceOptions options, TextWriter? progress = null, CancellationToken cancellationToken = default)
    {
        var dir = options.WorkDirectory ?? Directory.CreateTempSubdirectory("greentic-conformance-").FullName;
        Directory.CreateDirectory(dir);
        try
        {
            // (1)
            var (route, form, declaredOps) = Plan(options, dir);
            // (2)
            await using var controlPlane = await SuiteControlPlane.StartAsync(dir, route, cancellationToken);
            using var target = options.StartCommand.Count > 0
                ? TargetProcess.Start(options.StartCommand, controlPlane.Address, controlPlane.SidecarToken)
                : null;
            using var routed = controlPlane.Channel();
            using var direct = options.TargetIsComponent ? null : TargetChannel.Create(options.Target, Tls(options), SuiteControlPlane.MaxMessageSize);
            var session = new SuiteSession(controlPlane, routed, direct, route.ProviderType,
                callbacksReachSuite: options.TargetIsComponent || target is not null);
            // (3)
            await WaitForTargetAsync(session, target, options, cancellationToken);
            session.Ops = await OpsAsync(session, declaredOps, cancellationToken);
            // (4)
            var results = new List<CheckResult>();
            foreach (var check in CheckList.All)
            {
                var result = await RunAsync(check, session, cancellationToken) with { Id = check.Id, Title = check.Title };
                progress?.WriteLine($"{check.Id}: {Certificate.Name(result.Verdict)}");
                results.Add(result);
            }
            // (5)
            return new Certificate(options.Target, route.ProviderType, form + (target is null ? "" : ", started by the suite"), results);
        }
        finally
        {
            if (options.WorkDirectory is null)
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static (SuiteRoute Route, string Form, IReadOnlyList<string> Ops) Plan(ConformanceOptions options, string dir)
    {
        if (options.TargetIsComponent)
        {
            if (!File.Exists(options.Target)) throw new ConformanceException($"{options.Target}: no such component file", isUsage: true);
            if (options.StartCommand.Count > 0) throw new ConformanceException("a component file runs in process: give no start command", isUsage: true);
            var (type, ops) = ComponentFile.Describe(options.Target, options.ProviderType);
            var pack = ComponentPack.Write(Path.Combine(dir, "pack"), [new ComponentPack.Component(Path.GetFullPath(options.Target), type, GrantState: true, ops)],
                [SuiteControlPlane.TenantA, SuiteControlPlane.TenantB]);
            return (new SuiteRoute("inproc", type, type) { Pack = pack }, "component in process", ops);
        }
        if (string.IsNullOrEmpty(options.ProviderType))
            throw new ConformanceException("--provider-type is required for an address (which provider of the target to certify)", isUsage: true);
        if (options.Target.StartsWith("unix://", StringComparison.Ordinal) || options.Target.StartsWith("http://", StringComparison.Ordinal))
            return (new SuiteRoute("sidecar", options.Target, options.ProviderType), "sidecar", []);
        if (options.Target.StartsWith("https://", StringComparison.Ordinal))
        {
            if (options.ClientCertificateFile is null || options.ClientKeyFile is null || options.TrustedCaFile is null)
                throw new ConformanceException("an https:// target needs --client-cert, --client-key and --ca (mutual TLS)", isUsage: true);
            return (new SuiteRoute("remote", options.Target, options.ProviderType)
            {
                RemoteIdentity = (options.ClientCertificateFile, options.ClientKeyFile, options.TrustedCaFile),
            }, "remote gateway", []);
        }
        throw new ConformanceException($"'{options.Target}' is neither a component file (.wasm) nor an address (unix:///path, http://host:port, https://host:port)", isUsage: true);
    }

    private static ChannelTls? Tls(ConformanceOptions options) =>
        options.Target.StartsWith("https://", StringComparison.Ordinal)
            ? ChannelTls.FromFiles(options.ClientCertificateFile!, options.ClientKeyFile!, options.TrustedCaFile!)
            : null;

    /// <summary>Polls the target's healthcheck (at its address, else through the control plane) until it answers.</summary>
    private static async Task WaitForTargetAsync(SuiteSession session, TargetProcess? target, ConformanceOptions options, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + options.StartTimeout;
        for (;;)
        {
            var outcome = await session.CallAsync(ProviderFunction.Healthcheck, "", [], SuiteControlPlane.TenantA, TimeSpan.FromSeconds(5), null,
                viaControlPlane: !session.HasDirectChannel, cancellationToken);
            if (outcome.Status != StatusCode.Unavailable) return;
            if (target is { HasExited: true })
                throw new ConformanceException($"the target exited with code {target.ExitCode} before answering:\n{target.Output}");
            if (DateTime.UtcNow > until)
                throw new ConformanceException($"{options.Target} did not answer within {options.StartTimeout.TotalSeconds:0} s ({outcome})" +
                    (target is null ? "" : $"; its output:\n{target.Output}"));
            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>The ops the provider's describe lists through the control plane (else what the component file declared).</summary>
    private static async Task<IReadOnlySet<string>> OpsAsync(SuiteSession session, IReadOnlyList<string> declared, CancellationToken cancellationToken)
    {
        var outcome = await session.CallAsync(ProviderFunction.Describe, "", [], SuiteControlPlane.TenantA, null, null, true, cancellationToken);
        var ops = new HashSet<string>(declared, StringComparer.Ordinal);
        if (!outcome.Ok) return ops;
        try
        {
            using var describe = JsonDocument.Parse(outcome.Json);
            if (describe.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("ops", out var list) && list.ValueKind == JsonValueKind.Array)
                ops.UnionWith(list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
        }
        catch (JsonException)
        {
            // The describe check reports it.
        }
        return ops;
    }

    private static async Task<CheckResult> RunAsync(ConformanceCheck check, SuiteSession session, CancellationToken cancellationToken)
    {
        var missing = check.Ops.Where(op => !session.Ops.Contains(op)).ToList();
        if (missing.Count > 0)
            return CheckResult.NotApplicable($"describe lists no {string.Join(", ", missing.Select(o => $"'{o}'"))} op (conformance op set)");
        if (check.NeedsCallbacks && !session.CallbacksReachSuite)
            return CheckResult.NotApplicable("the target was not started by the suite, so its callbacks cannot reach the suite's control plane (give its start command after --)");
        try
        {
            return await check.RunAsync(session, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return CheckResult.Fail($"the check could not complete: {e.GetType().Name}: {e.Message}");
        }
    }
}
