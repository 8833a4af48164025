using Greentic.Wasm.Component;

namespace Greentic.Wasm.Tests.Component;

/// <summary>The WIT types and signatures of tests/wasm-components/greentic-provider.wit, as our type model.</summary>
internal static class GreenticWit
{
    public const string SchemaCoreApi = "greentic:provider-schema-core/schema-core-api@1.0.0";
    public const string SecretsStore = "greentic:secrets-store/secrets-store@1.1.0";
    public const string StateStore = "greentic:state/state-store@1.0.0";
    public const string LoggerApi = "greentic:telemetry/logger-api@1.0.0";

    public static readonly WitType Bytes = WitType.List(WitType.U8);
    public static readonly WitType OptString = WitType.Option(WitType.String);
    public static readonly WitType Pairs = WitType.List(WitType.Tuple(WitType.String, WitType.String));

    public static readonly WitType TenantCtx = WitType.Record(
        ("env", WitType.String), ("tenant", WitType.String), ("tenant-id", WitType.String),
        ("team", OptString), ("team-id", OptString), ("user", OptString), ("user-id", OptString),
        ("trace-id", OptString), ("i18n-id", OptString), ("correlation-id", OptString),
        ("attributes", Pairs),
        ("session-id", OptString), ("flow-id", OptString), ("node-id", OptString), ("provider-id", OptString),
        ("deadline-ms", WitType.Option(WitType.S64)), ("attempt", WitType.U32), ("idempotency-key", OptString),
        ("impersonation", WitType.Option(WitType.Record(("actor-id", WitType.String), ("reason", OptString)))));

    public static readonly WitType SpanContext = WitType.Record(
        ("tenant", WitType.String), ("session-id", OptString), ("flow-id", WitType.String), ("node-id", OptString),
        ("provider", WitType.String), ("start-ms", WitType.Option(WitType.U64)), ("end-ms", WitType.Option(WitType.U64)));

    public static readonly WitType HostError = WitType.Record(("code", WitType.String), ("message", WitType.String));
    public static readonly WitType OpAck = WitType.Enum("ok");
    public static readonly WitType SecretsError = WitType.Enum("not-found", "denied", "invalid-key", "internal");
    public static readonly WitType OptTenantCtx = WitType.Option(TenantCtx);

    public static readonly ComponentFuncType Describe = new(Bytes);
    public static readonly ComponentFuncType Healthcheck = new(Bytes);
    public static readonly ComponentFuncType ValidateConfig = new(Bytes, ("config-json", Bytes));
    public static readonly ComponentFuncType Invoke = new(Bytes, ("op", WitType.String), ("input-json", Bytes));

    public static readonly ComponentFuncType SecretsGet =
        new(WitType.Result(WitType.Option(Bytes), SecretsError), ("key", WitType.String));
    public static readonly ComponentFuncType StateRead =
        new(WitType.Result(Bytes, HostError), ("key", WitType.String), ("ctx", OptTenantCtx));
    public static readonly ComponentFuncType StateWrite =
        new(WitType.Result(OpAck, HostError), ("key", WitType.String), ("bytes", Bytes), ("ctx", OptTenantCtx));
    public static readonly ComponentFuncType Log =
        new(WitType.Result(OpAck, HostError), ("span", SpanContext), ("fields", Pairs), ("ctx", OptTenantCtx));
}
