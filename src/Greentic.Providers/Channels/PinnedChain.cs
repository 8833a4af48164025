using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Greentic.Providers.Channels;

/// <summary>Validates a server certificate against pinned CA roots only (the system store is not consulted).</summary>
internal static class PinnedChain
{
    public static bool Validates(X509Certificate2 server, X509Certificate2Collection roots, SslPolicyErrors errors)
    {
        // A name mismatch is never forgiven; chain errors are re-decided against the pinned roots below.
        if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }
}
