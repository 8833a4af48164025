using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;

// webhook-load URL SECRET EVENTS CONCURRENCY [get]
//   Posts EVENTS Slack event_callback webhooks, each with a new event_id, signed like Slack (v0= HMAC-SHA256 of
//   "v0:{ts}:{body}"), CONCURRENCY at a time over HTTP/1.1 keep-alive connections; with "get", plain GETs of URL
//   instead (the baseline: the same client and HTTP stack, no webhook work). Prints one line:
//   events<TAB>seconds<TAB>per_second<TAB>p50_ms<TAB>p99_ms<TAB>non_2xx. Exit 1 when any request failed.
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: webhook-load URL SECRET EVENTS CONCURRENCY [get]");
    return 2;
}
var url = args[0];
var secret = Encoding.UTF8.GetBytes(args[1]);
var total = int.Parse(args[2]);
var concurrency = int.Parse(args[3]);
var plainGet = args.Length > 4 && args[4] == "get";
var run = Guid.NewGuid().ToString("N")[..8];

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{
    Timeout = TimeSpan.FromSeconds(60),
};
var next = -1;
var failures = 0;
var latencies = new double[total];
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < total)
    {
        using var request = plainGet ? new HttpRequestMessage(HttpMethod.Get, url) : Signed(url, secret, $"Ev{run}{i:D9}");
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref failures);
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref failures);
        }
        latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
})));
var seconds = clock.Elapsed.TotalSeconds;
Array.Sort(latencies);
Console.WriteLine($"{total}\t{seconds:F2}\t{total / seconds:F0}\t{latencies[total / 2]:F2}\t{latencies[Math.Min(total - 1, (int)(total * 0.99))]:F2}\t{failures}");
return failures == 0 ? 0 : 1;

static HttpRequestMessage Signed(string url, byte[] secret, string eventId)
{
    var body = $$"""{"token":"x","team_id":"T123ABC456","api_app_id":"A1","event":{"type":"message","channel":"C123ABC456","user":"U123ABC456","text":"load {{eventId}}","ts":"1355517523.000005","event_ts":"1355517523.000005","channel_type":"channel"},"type":"event_callback","event_id":"{{eventId}}","event_time":1355517523}""";
    var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
    var signature = "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"v0:{ts}:{body}")));
    var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    request.Headers.Add("X-Slack-Request-Timestamp", ts);
    request.Headers.Add("X-Slack-Signature", signature);
    return request;
}
