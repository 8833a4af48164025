using System.Security.Cryptography.X509Certificates;

namespace Greentic.ControlPlane.Tests.Auth;

/// <summary>
/// A control plane whose client certificates must chain to a CA of this fixture's own (<see cref="ClientCa"/>, pinned
/// together with its <see cref="IntermediateCa"/>), with
/// thumbprint mappings for <see cref="SelfSignedPinned"/> (tenant <c>acme</c>) and <see cref="PinnedByCa"/> (tenant <c>globex</c>).
/// </summary>
public sealed class CertificateControlPlane : InProcessControlPlane
{
    public X509Certificate2 ClientCa { get; } = TestCertificates.CreateCa("CN=Greentic client CA");
    public X509Certificate2 IntermediateCa { get; private set; } = null!;
    public X509Certificate2 SelfSignedPinned { get; } = TestCertificates.SelfSigned("CN=pinned-sidecar");
    public X509Certificate2 PinnedByCa { get; private set; } = null!;

    protected override Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        var caFile = Path.Combine(Dir, "client-ca.pem");
        IntermediateCa = TestCertificates.Issue(ClientCa, "CN=Greentic issuing CA", isCa: true);
        File.WriteAllText(caFile, ClientCa.ExportCertificatePem() + "\n" + IntermediateCa.ExportCertificatePem());
        settings["Greentic:Auth:ClientCertificates:TrustedCaFile"] = caFile;
        settings["Greentic:Auth:ClientCertificates:Mappings:0:Thumbprint"] = TestCertificates.Sha256Thumbprint(SelfSignedPinned);
        settings["Greentic:Auth:ClientCertificates:Mappings:0:Tenants:0"] = "acme";
        settings["Greentic:Auth:ClientCertificates:Mappings:0:Subject"] = "pinned-sidecar";
        PinnedByCa = TestCertificates.Issue(ClientCa, "CN=pinned-by-ca");
        settings["Greentic:Auth:ClientCertificates:Mappings:1:Thumbprint"] = TestCertificates.Sha256Thumbprint(PinnedByCa);
        settings["Greentic:Auth:ClientCertificates:Mappings:1:Tenants:0"] = "globex";
        return Task.CompletedTask;
    }

    public Grpc.Net.Client.GrpcChannel Channel(X509Certificate2 certificate, params X509Certificate2[] chain) =>
        ClientCertificateChannel.Create(TlsAddress, Pki.CaFile, certificate, chain);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        ClientCa.Dispose();
        SelfSignedPinned.Dispose();
        PinnedByCa?.Dispose();
        IntermediateCa?.Dispose();
    }
}
