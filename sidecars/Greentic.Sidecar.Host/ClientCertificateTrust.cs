using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Greentic.Sidecar.Host;

/// <summary>
/// Who may call a remote gateway: a client certificate for TLS client authentication that chains to the pinned CA
/// (the system store is not consulted; revocation is not checked).
/// </summary>
internal sealed class ClientCertificateTrust(X509Certificate2Collection roots)
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public static ClientCertificateTrust FromFile(string caFile)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(caFile);
        if (roots.Count == 0) throw new ArgumentException($"--client-ca {caFile} holds no certificate");
        return new ClientCertificateTrust(roots);
    }

    public bool Validates(X509Certificate2 client)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        return chain.Build(client);
    }
}
