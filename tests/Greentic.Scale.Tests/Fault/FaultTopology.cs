using Greentic.ControlPlane.Auth;
using Greentic.Scale.Tests.Support;
using Greentic.TestSupport;

namespace Greentic.Scale.Tests.Fault;

/// <summary>
/// The scale-out topology on this machine, every part a real process or server: PostgreSQL 15 (state, dedupe, timer
/// claims), nats-server -js (the event log: a timer fires events into it), three control-plane replicas sharing them, and the gateway in front with gRPC
/// health checks every <see cref="HealthInterval"/> and idempotent retries. Tokens come from one dev issuer whose JWKS
/// every replica reads. The gateway also takes Telegram webhooks for tenant demo (secret token from its configuration,
/// dedupe in PostgreSQL) and publishes them to the event log through the replicas.
/// </summary>
internal sealed class FaultTopology : IAsyncDisposable
{
    public static readonly TimeSpan HealthInterval = TimeSpan.FromSeconds(1);
    public const string Schema = "fault";
    public const string TimerSchedule = "heartbeat";
    public const string EventSchedule = "beat";
    public const string TelegramSecret = "fault-telegram-secret";

    private readonly TempDirectory _dir = new();
    private readonly PostgresServerFixture _postgres;
    private readonly NatsServerFixture _nats;

    private FaultTopology(PostgresServerFixture postgres, NatsServerFixture nats)
    {
        _postgres = postgres;
        _nats = nats;
    }

    public DevTokenIssuer Issuer { get; } = DevTokenIssuer.CreateEphemeral();
    public List<Replica> Replicas { get; } = [];
    public GatewayProcess Gateway { get; private set; } = null!;
    public string PostgresConnectionString => _postgres.ConnectionString;
    public string NatsUrl => _nats.Url;

    public sealed record Replica(string Name, string DataDir, string Grpc, string Http, IReadOnlyDictionary<string, string> Env)
    {
        public GreenticUpProcess? Process { get; set; }
    }

    public static async Task<FaultTopology> StartAsync(PostgresServerFixture postgres, NatsServerFixture nats, int replicas = 3)
    {
        var t = new FaultTopology(postgres, nats);
        try
        {
            await t.StartCoreAsync(replicas);
            return t;
        }
        catch
        {
            await t.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(int replicas)
    {
        await Issuer.WritePublicJwksAsync(_dir.File("jwks.json"), CancellationToken.None);
        Directory.CreateDirectory(_dir.File("routes"));
        await File.WriteAllTextAsync(_dir.File("routes/routes.yaml"), """
            apiVersion: greentic.ai/v1alpha1
            kind: RoutingPolicy
            metadata: { name: fault }
            spec:
              rules:
                - name: echo
                  match: { providerType: echo }
                  binding: { transport: inproc, target: echo, timeout: 10s }
            """);
        var env = new Dictionary<string, string>
        {
            ["STATE_BACKEND"] = "postgres",
            ["Greentic__Stores__PostgresConnectionString"] = _postgres.ConnectionString,
            ["Greentic__Stores__PostgresSchema"] = Schema,
            ["Greentic__Auth__Jwt__JwksFile"] = _dir.File("jwks.json"),
            ["Greentic__Routing__Directory"] = _dir.File("routes"),
            ["Greentic__Timers__PollInterval"] = "00:00:00.250",
            ["Greentic__Timers__Lease"] = "00:00:04",
            ["Greentic__Timers__FireTimeout"] = "00:00:02",
            ["Greentic__Timers__Schedules__0__Name"] = TimerSchedule,
            ["Greentic__Timers__Schedules__0__Tenant"] = "demo",
            ["Greentic__Timers__Schedules__0__Cron"] = "* * * * * *",
            ["Greentic__Timers__Schedules__0__ProviderType"] = "echo",
            ["Greentic__Timers__Schedules__0__Op"] = "echo",
            ["Greentic__Timers__Schedules__1__Name"] = EventSchedule,
            ["Greentic__Timers__Schedules__1__Tenant"] = "demo",
            ["Greentic__Timers__Schedules__1__Cron"] = "* * * * * *",
            ["Greentic__Timers__Schedules__1__EventTopic"] = "timers.beat",
            ["Greentic__Events__Backend"] = "JetStream",
            ["Greentic__Events__JetStream__Url"] = _nats.Url,
            ["Greentic__Health__Period"] = "00:00:01",
        };
        for (var i = 0; i < replicas; i++)
        {
            var name = ((char)('a' + i)).ToString();
            Replicas.Add(new Replica(name, _dir.File("replica-" + name), $"http://127.0.0.1:{FreePort.Next()}", $"http://127.0.0.1:{FreePort.Next()}", env));
        }
        // Start one at a time: the first creates the schema, and the machine is small.
        foreach (var r in Replicas) await StartReplicaAsync(r);

        var settings = new Dictionary<string, string>
        {
            ["Greentic:Gateway:Env"] = "dev",
            ["Greentic:Gateway:Dedupe:Backend"] = "postgres",
            ["Greentic:Gateway:Dedupe:PostgresConnectionString"] = _postgres.ConnectionString,
            ["Greentic:Gateway:RateLimits:Enabled"] = "false",
            ["Greentic:Gateway:Proxy:Retry:MaxAttempts"] = "3",
            ["Greentic:Gateway:Proxy:Retry:IdempotentMethods:0"] = "/grpc.health.v1.Health/Check",
            ["Greentic:Gateway:Proxy:Retry:IdempotentMethods:1"] = "/greentic.provider.v1.ProviderService/Invoke",
            ["Greentic:Gateway:Proxy:Retry:IdempotentMethods:2"] = "/greentic.state.v1.StateService/Read",
            ["Greentic:Gateway:Proxy:Retry:IdempotentMethods:3"] = "/greentic.state.v1.StateService/Write",
            ["Greentic:Gateway:Proxy:Routes:grpc:ClusterId"] = "control-plane",
            ["Greentic:Gateway:Proxy:Routes:grpc:Match:Path"] = "/{**grpc-path}",
            ["Greentic:Gateway:Proxy:Clusters:control-plane:LoadBalancingPolicy"] = "PowerOfTwoChoices",
            ["Greentic:Gateway:Proxy:Clusters:control-plane:HealthCheck:AvailableDestinationsPolicy"] = "HealthyAndUnknown",
            ["Greentic:Gateway:Proxy:Clusters:control-plane:HealthCheck:Active:Enabled"] = "true",
            ["Greentic:Gateway:Proxy:Clusters:control-plane:HealthCheck:Active:Interval"] = HealthInterval.ToString(),
            ["Greentic:Gateway:Proxy:Clusters:control-plane:HealthCheck:Active:Timeout"] = "00:00:01",
            ["Greentic:Gateway:Proxy:Clusters:control-plane:HealthCheck:Active:Policy"] = "GrpcHealth",
            ["Greentic:Gateway:Proxy:Clusters:control-plane:HealthCheck:Passive:Enabled"] = "true",
            ["Greentic:Gateway:Proxy:Clusters:control-plane:HealthCheck:Passive:ReactivationPeriod"] = "00:00:03",
        };
        foreach (var r in Replicas) settings[$"Greentic:Gateway:Proxy:Clusters:control-plane:Destinations:{r.Name}:Address"] = r.Grpc;
        Directory.CreateDirectory(_dir.File("gateway"));
        settings["Greentic:Gateway:ControlPlane:ServiceToken"] = Issuer.Issue(new DevTokenRequest { Subject = "gateway", Tenants = ["demo"], Roles = ["gateway"] });
        // Webhook dispatch (Describe, Publish) goes through the gateway's own proxy: one address that load-balances over the
        // healthy replicas, as a Kubernetes Service does. A single replica's address would make webhooks fail while it is down.
        var grpcPort = FreePort.Next();
        settings["Greentic:Gateway:ControlPlane:Address"] = $"http://127.0.0.1:{grpcPort}";
        // The replicas keep secrets in their own data folders, so the webhook secret comes from the gateway's configuration.
        settings["Greentic:Gateway:Secrets:Source"] = "config";
        settings["Greentic:Gateway:Secrets:Static:demo:TELEGRAM_WEBHOOK_SECRET_TOKEN"] = TelegramSecret;
        Gateway = await GatewayProcess.StartAsync(_dir.File("gateway"), settings, grpcPort);
    }

    public async Task StartReplicaAsync(Replica r) =>
        r.Process = await GreenticUpProcess.StartAsync(r.DataDir, r.Grpc, r.Http, sidecar: false, env: r.Env);

    public string Token() => Issuer.Issue(new DevTokenRequest { Subject = "load", Tenants = ["demo"] });

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null) await Gateway.DisposeAsync();
        foreach (var r in Replicas)
            if (r.Process is not null) await r.Process.DisposeAsync();
        _dir.Dispose();
    }
}
