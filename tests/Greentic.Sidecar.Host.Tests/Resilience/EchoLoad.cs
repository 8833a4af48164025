using Greentic.TestSupport;
using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf;
using Greentic.Provider.V1;
using Grpc.Core;
using Greentic.Types.V1;

namespace Greentic.Sidecar.Host.Tests.Resilience;

/// <summary>One finished call: when it started and ended (Stopwatch timestamps) and how it ended.</summary>
internal sealed record CallOutcome(long Started, long Ended, StatusCode Status, string Detail)
{
    public bool Ok => Status == StatusCode.OK;
}

/// <summary>
/// Concurrent workers, each invoking <c>echo</c> through the control plane in a loop until stopped, recording
/// every outcome. A worker pauses briefly after a failure so a fail-fast breaker does not turn into a busy loop.
/// </summary>
internal sealed class EchoLoad : IAsyncDisposable
{
    private readonly ConcurrentQueue<CallOutcome> _outcomes = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;

    public EchoLoad(CallInvoker channel, string token, int concurrency, TimeSpan callDeadline)
    {
        var client = new ProviderService.ProviderServiceClient(channel);
        var headers = new Metadata { { "authorization", "Bearer " + token } };
        _workers = Enumerable.Range(0, concurrency).Select(i => Task.Run(() => WorkAsync(client, headers, i, callDeadline))).ToArray();
    }

    public IReadOnlyCollection<CallOutcome> Outcomes => _outcomes;
    public int Successes => _outcomes.Count(o => o.Ok);

    public static InvokeRequest Request(int worker, int n) => new()
    {
        Ctx = new TenantCtx { Env = "dev", Tenant = "acme" },
        ProviderType = "echo",
        Op = "echo",
        InputJson = ByteString.CopyFromUtf8($$"""{"worker":{{worker}},"n":{{n}}}"""),
    };

    private async Task WorkAsync(ProviderService.ProviderServiceClient client, Metadata headers, int worker, TimeSpan deadline)
    {
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var response = await client.InvokeAsync(Request(worker, n), headers, DateTime.UtcNow + deadline);
                var expected = $$"""{"worker":{{worker}},"n":{{n}}}""";
                _outcomes.Enqueue(response.OutputJson.ToStringUtf8().Contains(expected, StringComparison.Ordinal)
                    ? new CallOutcome(started, Stopwatch.GetTimestamp(), StatusCode.OK, "")
                    : new CallOutcome(started, Stopwatch.GetTimestamp(), StatusCode.DataLoss, "wrong echo: " + response.OutputJson.ToStringUtf8()));
            }
            catch (RpcException e)
            {
                _outcomes.Enqueue(new CallOutcome(started, Stopwatch.GetTimestamp(), e.StatusCode, e.Status.Detail));
                await Task.Delay(20);
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"timed out after {timeout.TotalSeconds} s: {describe()}");
            await Task.Delay(20);
        }
    }

    public string Summary() => string.Join(", ", _outcomes.GroupBy(o => (o.Status, o.Detail.Length > 90 ? o.Detail[..90] : o.Detail))
        .Select(g => $"{g.Key.Status} '{g.Key.Item2}' ×{g.Count()}"));

    public async Task StopAsync()
    {
        _stop.Cancel();
        await Task.WhenAll(_workers);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}
