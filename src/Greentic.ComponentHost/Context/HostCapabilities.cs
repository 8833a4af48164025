namespace Greentic.ComponentHost;

/// <summary>
/// The host imports a component is granted (from its pack manifest). An import whose capability is not granted
/// is not linked, so a component that imports it fails to load with an error naming the import.
/// </summary>
[Flags]
public enum HostCapabilities
{
    None = 0,
    /// <summary><c>greentic:secrets-store/secrets-store@1.0.0</c>.</summary>
    Secrets = 1,
    /// <summary><c>greentic:state/state-store@1.0.0</c> read.</summary>
    StateRead = 2,
    /// <summary><c>greentic:state/state-store@1.0.0</c> write and delete (linked together with read).</summary>
    StateWrite = 4,
    /// <summary><c>greentic:http/http-client@1.0.0</c> and <c>@1.1.0</c>; every request still passes the call's egress check.</summary>
    Http = 8,
    /// <summary><c>greentic:telemetry/logger-api@1.0.0</c>.</summary>
    Telemetry = 16,
    /// <summary>
    /// <c>greentic:oauth-broker/broker-v1@1.0.0</c> (WIT in <c>wit/oauth-broker@1.0.0.wit</c>), served by the call's
    /// <see cref="IOAuthBrokerAccess"/>. Never in <see cref="Default"/>: the host grants it when the component's manifest
    /// and the tenant's configuration both ask for OAuth.
    /// </summary>
    OAuthBroker = 32,

    /// <summary>What a provider gets unless its manifest says otherwise: no state.</summary>
    Default = Secrets | Http | Telemetry,
    All = Secrets | StateRead | StateWrite | Http | Telemetry | OAuthBroker,
}
