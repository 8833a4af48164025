using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.Provider.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.ControlPlane.Tests.EndToEnd;

/// <summary>
/// A remote gateway stand-in: ProviderService over TLS on a <see cref="LoopbackServer"/> that requires a client
/// certificate chaining to the test CA, and answers every Invoke with the thumbprint of the certificate the caller presented.
/// </summary>
internal sealed class RemoteGateway : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private RemoteGateway(LoopbackServer server) => _server = server;

    public int Port => new Uri(_server.BaseUrl).Port;

    public static async Task<RemoteGateway> StartAsync(string certFile, string keyFile, string clientCaFile)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(clientCaFile));
        var serverCert = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        return new RemoteGateway(await LoopbackServer.StartAsync(app => app.MapGrpcService<ThumbprintProvider>(), builder =>
        {
            builder.Services.AddGrpc();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
            {
                l.Protocols = HttpProtocols.Http2;
                l.UseHttps(h =>
                {
                    h.ServerCertificate = serverCert;
                    h.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    h.ClientCertificateValidation = (cert, _, _) =>
                    {
                        using var chain = new X509Chain();
                        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                        chain.ChainPolicy.CustomTrustStore.Add(ca);
                        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                        return chain.Build(cert);
                    };
                });
            }));
        }));
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private sealed class ThumbprintProvider : ProviderService.ProviderServiceBase
    {
        public override Task<InvokeResponse> Invoke(InvokeRequest request, ServerCallContext context) =>
            Task.FromResult(new InvokeResponse
            {
                OutputJson = ByteString.CopyFromUtf8(new JsonObject
                {
                    ["ok"] = true,
                    ["client"] = context.GetHttpContext().Connection.ClientCertificate?.Thumbprint,
                    ["tenant"] = request.Ctx?.Tenant,
                }.ToJsonString()),
            });
    }
}
