using System.Collections.Concurrent;
using Greentic.ComponentHost.Tests.Support;

namespace Greentic.ComponentHost.Tests;

/// <summary>
/// <c>greentic:oauth-broker/broker-v1@1.0.0</c> as the host sees it: the oauthclient sample's arguments reach the call's
/// <see cref="IOAuthBrokerAccess"/> as the guest sent them, the broker's answers reach the guest, a broker failure is an
/// empty string for the guest and a log line for the host, and without the grant the import is not linked.
/// </summary>
public sealed class OAuthBrokerImportTests
{
    [Fact]
    public void Arguments_and_answers_cross_the_import_as_written()
    {
        using var engine = new ComponentEngine();
        using var client = engine.LoadSample("oauthclient", HostCapabilities.Default | HostCapabilities.OAuthBroker);
        var broker = new RecordingBroker();
        var context = Context(broker);

        var consent = Calls.Json(client.Invoke(context, "consent", Calls.Utf8("""{"provider":"github","subject":"alice@example.com","scope":"repo","redirect_path":"/cb/gh"}""")));
        Assert.Equal("https://idp.test/authorize?for=alice@example.com", (string?)consent["url"]);
        var exchanged = Calls.Json(client.Invoke(context, "exchange", Calls.Utf8("""{"provider":"github","subject":"alice@example.com","code":"c0de","redirect_path":"/cb/gh"}""")));
        Assert.Equal("""{"access_token":"from-exchange"}""", (string?)exchanged["token_set"]);
        var token = Calls.Json(client.Invoke(context, "token", Calls.Utf8("""{"provider":"github","subject":"alice@example.com"}""")));
        Assert.Equal("", (string?)token["token_set"]);

        Assert.Equal(
        [
            "consent github alice@example.com [repo] /cb/gh ''",
            "exchange github alice@example.com c0de /cb/gh",
            "token github alice@example.com []",
        ], broker.Calls);
    }

    [Fact]
    public void A_broker_failure_is_an_empty_string_for_the_guest_and_a_log_line_for_the_host()
    {
        using var engine = new ComponentEngine();
        using var client = engine.LoadSample("oauthclient", HostCapabilities.Default | HostCapabilities.OAuthBroker);
        var logger = new CapturingLogger();
        var context = Context(new RecordingBroker { Refuse = true }, logger);
        var consent = Calls.Json(client.Invoke(context, "consent", Calls.Utf8("""{"provider":"nope","subject":"bob","redirect_path":"/cb"}""")));
        Assert.Equal("", (string?)consent["url"]);
        Assert.Contains(logger.Messages, m => m.Contains("OAuth broker get-consent-url answered empty for dev/acme: NotFound: no provider 'nope'"));

        var unbrokered = Calls.Json(client.Invoke(Calls.Context(), "token", Calls.Utf8("""{"provider":"github","subject":"bob"}""")));
        Assert.Equal("", (string?)unbrokered["token_set"]);
    }

    [Fact]
    public void Without_the_grant_the_component_does_not_load_and_the_error_names_the_import()
    {
        using var engine = new ComponentEngine();
        var ex = Assert.Throws<ComponentException>(() => engine.LoadSample("oauthclient", HostCapabilities.All & ~HostCapabilities.OAuthBroker));
        Assert.Equal(ComponentErrorKind.UnsatisfiedImport, ex.Kind);
        Assert.Contains("greentic:oauth-broker/broker-v1@1.0.0", ex.Message);
    }

    private static ComponentCallContext Context(IOAuthBrokerAccess broker, CapturingLogger? logger = null) => new()
    {
        Tenant = new TenantScope("dev", "acme"),
        Logger = logger ?? new CapturingLogger(),
        OAuth = broker,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Records each call and answers from a script (this host knows nothing of OAuth: any implementation serves).</summary>
    private sealed class RecordingBroker : IOAuthBrokerAccess
    {
        private readonly ConcurrentQueue<string> _calls = new();
        public bool Refuse { get; init; }
        public IReadOnlyList<string> Calls => _calls.ToList();

        public ValueTask<string> GetConsentUrlAsync(string providerId, string subject, IReadOnlyList<string> scopes, string redirectPath, string extraJson,
            CancellationToken cancellationToken)
        {
            _calls.Enqueue($"consent {providerId} {subject} [{string.Join(',', scopes)}] {redirectPath} '{extraJson}'");
            if (Refuse) throw new HostCallException("NotFound", $"no provider '{providerId}'");
            return new($"https://idp.test/authorize?for={subject}");
        }

        public ValueTask<string> ExchangeCodeAsync(string providerId, string subject, string code, string redirectPath, CancellationToken cancellationToken)
        {
            _calls.Enqueue($"exchange {providerId} {subject} {code} {redirectPath}");
            return new("""{"access_token":"from-exchange"}""");
        }

        public ValueTask<string> GetTokenAsync(string providerId, string subject, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
        {
            _calls.Enqueue($"token {providerId} {subject} [{string.Join(',', scopes)}]");
            return new("");
        }
    }
}
