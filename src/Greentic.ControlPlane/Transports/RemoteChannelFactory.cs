using System.Security.Cryptography.X509Certificates;
using Greentic.Rpc;

namespace Greentic.ControlPlane.Transports;

/// <summary>Makes mutual-TLS channels to remote gateways from <see cref="RemoteTlsOptions"/>, and tells when the files have changed.</summary>
internal static class RemoteChannelFactory
{
    public static RpcChannel Create(string target, RemoteTlsOptions tls)
    {
        if (tls.ClientCertificateFile is null || tls.ClientKeyFile is null || tls.TrustedCaFile is null)
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                "remote bindings need Greentic:Remote:ClientCertificateFile, ClientKeyFile and TrustedCaFile (mutual TLS with a pinned CA)"));
        var cas = new X509Certificate2Collection();
        cas.ImportFromPemFile(tls.TrustedCaFile);
        return RpcChannel.ForAddress(target, new RpcChannelOptions
        {
            ClientCertificates = [X509Certificate2.CreateFromPemFile(tls.ClientCertificateFile, tls.ClientKeyFile)],
            TrustedCaCertificates = cas,
        });
    }

    /// <summary>A stamp of the identity files: when it changes, the certificates were rotated.</summary>
    public static string Stamp(RemoteTlsOptions tls) => string.Join("|",
        new[] { tls.ClientCertificateFile, tls.ClientKeyFile, tls.TrustedCaFile }
            .Select(f => f is null || !File.Exists(f) ? "-" : $"{f}@{File.GetLastWriteTimeUtc(f).Ticks}:{new FileInfo(f).Length}"));
}
