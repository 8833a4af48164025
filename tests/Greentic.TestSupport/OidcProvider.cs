using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;

namespace Greentic.TestSupport;

/// <summary>
/// A real OpenID Provider for OAuth tests: npm <c>oidc-provider</c> run by node from <c>Peers/oidc-op.mjs</c> on
/// 127.0.0.1, with one confidential client (PKCE required, rotating refresh tokens). <see cref="AuthorizeAsync"/> plays
/// the user: it opens a consent URL, logs in and consents through the OP's interaction endpoints over HTTP, and returns
/// the redirect the OP sends back. Node or the npm package missing fails the start, loudly.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "greentic-test";
    private readonly Process _process;
    private readonly HttpClient _http;

    private OidcProvider(Process process, string issuer, string clientSecret, string redirectBase)
    {
        _process = process;
        Issuer = issuer;
        ClientSecret = clientSecret;
        RedirectBase = redirectBase;
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Issuer { get; }
    public string ClientSecret { get; }
    /// <summary>The base the broker appends redirect paths to; never contacted (the test takes the redirect from the OP's answer).</summary>
    public string RedirectBase { get; }

    /// <param name="redirectPaths">The paths registered as redirect URIs under <see cref="RedirectBase"/>.</param>
    /// <param name="accessTokenTtl">The lifetime of access tokens the OP issues.</param>
    public static async Task<OidcProvider> StartAsync(IEnumerable<string> redirectPaths, TimeSpan accessTokenTtl)
    {
        const string redirectBase = "https://app.greentic.test";
        var secret = "op-client-secret-" + Guid.NewGuid().ToString("N");
        var script = Path.Combine(RepoPaths.Root, "tests", "Greentic.TestSupport", "Peers", "oidc-op.mjs");
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        info.ArgumentList.Add(script);
        info.Environment["OP_CLIENT_ID"] = ClientId;
        info.Environment["OP_CLIENT_SECRET"] = secret;
        info.Environment["OP_REDIRECT_URIS"] = string.Join(',', redirectPaths.Select(p => redirectBase + p));
        info.Environment["OP_ACCESS_TOKEN_TTL"] = ((int)accessTokenTtl.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("node is not installed (the OpenID Provider peer runs on it): install nodejs, then `npm install` at the repository root", e);
        }
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line is null || JsonNode.Parse(line)?["issuer"]?.GetValue<string>() is not { } issuer)
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            string text;
            lock (stderr) text = stderr.ToString();
            throw new InvalidOperationException($"the OpenID Provider peer did not start (exit {process.ExitCode}); is `npm install` done at the repository root? {text}");
        }
        return new OidcProvider(process, issuer, secret, redirectBase);
    }

    /// <summary>
    /// Follows <paramref name="consentUrl"/> as <paramref name="account"/>'s browser would, a fresh one each time (no
    /// session cookies from earlier users): logs in, consents, and returns the redirect to <see cref="RedirectBase"/>
    /// with its query (<c>code</c> and <c>state</c>, or <c>error</c>).
    /// </summary>
    public async Task<Uri> AuthorizeAsync(string consentUrl, string account)
    {
        using var browser = Browser();
        var next = new Uri(consentUrl);
        for (var hop = 0; hop < 12; hop++)
        {
            if (next.AbsoluteUri.StartsWith(RedirectBase, StringComparison.Ordinal)) return next;
            HttpResponseMessage response;
            if (next.AbsolutePath.StartsWith("/interaction/", StringComparison.Ordinal))
            {
                var details = JsonNode.Parse(await browser.GetStringAsync(next))!;
                var prompt = details["prompt"]!.GetValue<string>();
                var step = prompt == "login" ? "login" : "confirm";
                response = await browser.PostAsync(new Uri(next, next.AbsolutePath + "/" + step),
                    new FormUrlEncodedContent([new("login", account)]));
            }
            else
            {
                response = await browser.GetAsync(next);
            }
            using (response)
            {
                if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is null)
                    throw new InvalidOperationException($"the OP answered {(int)response.StatusCode} at {next}: {await response.Content.ReadAsStringAsync()}");
                next = new Uri(next, response.Headers.Location);
            }
        }
        throw new InvalidOperationException($"the OP did not redirect back to {RedirectBase} within 12 hops (last: {next})");
    }

    private static HttpClient Browser() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>The <c>code</c> and <c>state</c> of a redirect <see cref="AuthorizeAsync"/> returned (fails on an error redirect).</summary>
    public static (string Code, string State) CodeAndState(Uri redirect)
    {
        var query = HttpUtility.ParseQueryString(redirect.Query);
        if (query["error"] is { } error) throw new InvalidOperationException($"the OP redirected with error {error}: {query["error_description"]}");
        return (query["code"] ?? throw new InvalidOperationException($"no code in {redirect}"), query["state"] ?? "");
    }

    /// <summary>How many token-endpoint requests the OP saw, by grant type (successes and failures).</summary>
    public async Task<int> TokenRequestsAsync(string grantType)
    {
        var counts = JsonNode.Parse(await _http.GetStringAsync(Issuer + "/test/counts"))!;
        return counts[grantType]?.GetValue<int>() ?? 0;
    }

    /// <summary>Revokes everything <paramref name="account"/> granted (as a user removing the app's access at the provider).</summary>
    public async Task RevokeAsync(string account)
    {
        using var response = await _http.PostAsync($"{Issuer}/test/revoke?account={Uri.EscapeDataString(account)}", null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The refresh tokens the OP holds for <paramref name="account"/> (to prove they never surface anywhere).</summary>
    public async Task<IReadOnlyList<string>> RefreshTokensAsync(string account)
    {
        var list = JsonNode.Parse(await _http.GetStringAsync($"{Issuer}/test/refresh-tokens?account={Uri.EscapeDataString(account)}"))!.AsArray();
        return list.Select(n => n!.GetValue<string>()).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
