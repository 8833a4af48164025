namespace Greentic.Providers.Channels;

/// <summary>
/// A client's mutual-TLS identity: its certificate and key (PEM), and the CA the server's certificate must
/// chain to (pinned: the system store is not used).
/// </summary>
public sealed record ChannelTls(string ClientCertificateFile, string ClientKeyFile, string TrustedCaFile);
