using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;

namespace Greentic.Scale.Tests.Fault;

/// <summary>
/// Telegram as the gateway sees it in production: a steady stream of updates, each with its own <c>update_id</c> and the
/// tenant's secret token, posted to <c>/messaging/telegram/webhook/demo</c>. Like the real Bot API, every answer that is
/// not 2xx is retried (after Retry-After when the gateway gives one, else a short backoff) until the gateway takes the
/// update, and some updates are sent again although they were taken, as Telegram does when it missed the answer: every
/// <see cref="ResendEvery"/>th after its acknowledgement, every <see cref="TwinEvery"/>th twice at once. Records what each
/// attempt was answered, so the test judges by counts, not by time.
/// </summary>
internal sealed class WebhookSender(string gatewayHttp, string secret)
{
    public const string ProviderType = "messaging.telegram.bot";
    public const int ResendEvery = 10;
    public const int TwinEvery = 50;
    private const int MaxAttempts = 60;

    // Unique per run, so a retried update of an earlier run could never be taken for one of this run.
    private readonly long _firstId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() % 1_000_000_000 * 1000;
    private readonly ConcurrentBag<Task> _pending = [];
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        BaseAddress = new Uri(gatewayHttp),
        Timeout = TimeSpan.FromSeconds(30),
    };
    private long _next;

    public long Sent => Interlocked.Read(ref _next);
    public long Retried;
    public long Resent;

    /// <summary>Update ids the gateway answered 2xx, with how many of their attempts got 2xx.</summary>
    public ConcurrentDictionary<long, int> Acknowledged { get; } = new();

    /// <summary>Refused attempts per status (with whether Retry-After came along).</summary>
    public ConcurrentDictionary<string, int> Refusals { get; } = new();

    /// <summary>Answers a provider would not retry (4xx other than 429, 429 without Retry-After) and updates given up on.</summary>
    public ConcurrentQueue<string> Unretryable { get; } = new();

    /// <summary>Attempts the gateway did not answer at all (it is never killed, so any is a hang).</summary>
    public ConcurrentQueue<string> TransportErrors { get; } = new();

    public static string EventId(long updateId) => $"{ProviderType}:update-{updateId}:0";

    public IEnumerable<long> SentIds => Enumerable.Range(1, (int)Sent).Select(i => _firstId + i);

    /// <summary>Sends until <paramref name="stop"/>; completes when every update sent was taken (or given up on) and every re-send answered.</summary>
    public async Task RunAsync(int senders, TimeSpan pause, CancellationToken stop)
    {
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(() => SendLoop(pause, stop))));
        while (_pending.Any(t => !t.IsCompleted)) await Task.WhenAll(_pending.ToArray());
        _http.Dispose();
    }

    private async Task SendLoop(TimeSpan pause, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var id = _firstId + Interlocked.Increment(ref _next);
            if (id % TwinEvery == 0) Track(DeliverAsync(id, resend: true));
            var taken = await DeliverAsync(id, resend: false);
            if (taken && id % ResendEvery == 0) Track(ResendLaterAsync(id));
            await Task.Delay(pause, CancellationToken.None);
        }
    }

    private void Track(Task task) => _pending.Add(task);

    private async Task ResendLaterAsync(long id)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        await DeliverAsync(id, resend: true);
    }

    /// <summary>Posts the update until the gateway answers 2xx; false when it never does.</summary>
    private async Task<bool> DeliverAsync(long id, bool resend)
    {
        if (resend) Interlocked.Increment(ref Resent);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (attempt > 1) Interlocked.Increment(ref Retried);
            TimeSpan? retryAfter;
            try
            {
                using var response = await _http.SendAsync(Request(id));
                var status = (int)response.StatusCode;
                if (status is >= 200 and < 300)
                {
                    Acknowledged.AddOrUpdate(id, 1, (_, n) => n + 1);
                    return true;
                }
                retryAfter = RetryAfter(response.Headers.RetryAfter);
                Refusals.AddOrUpdate(retryAfter is null ? $"{status}" : $"{status} with Retry-After", 1, (_, n) => n + 1);
                if (!(status >= 500 || (status == 429 && retryAfter is not null)))
                {
                    Unretryable.Enqueue($"update {id}: {status} {await response.Content.ReadAsStringAsync()}");
                    return false;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                TransportErrors.Enqueue($"update {id}: {e.GetType().Name} {e.Message}");
                retryAfter = null;
            }
            await Task.Delay(retryAfter is { } wait ? Min(wait, TimeSpan.FromSeconds(5)) : Backoff(attempt));
        }
        Unretryable.Enqueue($"update {id}: not taken after {MaxAttempts} attempts");
        return false;
    }

    private HttpRequestMessage Request(long id)
    {
        var body = $$$"""{"update_id":{{{id}}},"message":{"message_id":{{{id % 100000}}},"from":{"id":2222222,"is_bot":false,"first_name":"Load"},"chat":{"id":1111111,"type":"private"},"date":1700000000,"text":"update {{{id}}}"}}""";
        var request = new HttpRequestMessage(HttpMethod.Post, "/messaging/telegram/webhook/demo") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        return request;
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) =>
        header?.Delta ?? (header?.Date is { } date ? Max(date - DateTimeOffset.UtcNow, TimeSpan.Zero) : null);

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(2000, 100 << Math.Min(attempt, 5)));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
