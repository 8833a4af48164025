using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Greentic.TestSupport;

/// <summary>
/// A fake Telegram Bot API on loopback speaking the real wire format: <c>POST /bot&lt;token&gt;/sendMessage</c> with a
/// JSON body answers <c>{"ok":true,"result":Message}</c>; a wrong token answers 401 like Telegram does. With
/// <see cref="StartTlsAsync"/> it serves HTTPS for <c>api.telegram.org</c> with a throwaway certificate, and
/// <see cref="Handler"/> resolves that name to it (DNS override), so a component that calls the real Bot API URL
/// reaches the fake.
/// </summary>
public sealed class FakeTelegramBotApi : IAsyncDisposable
{
    public const string Token = "123456:TEST-token";
    private readonly LoopbackHttpServer server;
    private readonly X509Certificate2? certificate;
    private int nextMessageId = 100;

    private FakeTelegramBotApi(LoopbackHttpServer server, X509Certificate2? certificate)
    {
        this.server = server;
        this.certificate = certificate;
    }

    public Uri BaseUri => server.BaseUri;
    public int Port => server.Port;
    public IReadOnlyCollection<LoopbackHttpServer.Seen> Requests => server.Requests;

    public static async Task<FakeTelegramBotApi> StartAsync()
    {
        FakeTelegramBotApi? api = null;
        var server = await LoopbackHttpServer.StartAsync((ctx, body) => api!.HandleAsync(ctx, body));
        return api = new FakeTelegramBotApi(server, null);
    }

    public static async Task<FakeTelegramBotApi> StartTlsAsync()
    {
        var certificate = SelfSigned("api.telegram.org");
        FakeTelegramBotApi? api = null;
        var server = await LoopbackHttpServer.StartAsync((ctx, body) => api!.HandleAsync(ctx, body),
            builder => builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate))));
        return api = new FakeTelegramBotApi(server, certificate);
    }

    /// <summary>A transport that connects api.telegram.org:443 to this fake and trusts only its certificate.</summary>
    public SocketsHttpHandler Handler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var port = context.DnsEndPoint.Host == "api.telegram.org" && context.DnsEndPoint.Port == 443 ? Port : context.DnsEndPoint.Port;
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        },
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && certificate is not null &&
                cert.GetCertHashString() == certificate.GetCertHashString(),
        },
    };

    private async Task HandleAsync(HttpContext context, string body)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith("/bot" + Token + "/", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsJsonAsync(new { ok = false, error_code = 401, description = "Unauthorized" });
            return;
        }
        var method = path[(path.LastIndexOf('/') + 1)..];
        var request = JsonNode.Parse(body)!.AsObject();
        if (method != "sendMessage" || request["chat_id"] is null || request["text"] is null)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new { ok = false, error_code = 400, description = "Bad Request: unsupported" });
            return;
        }
        var chatId = long.Parse(request["chat_id"]!.ToString());
        var result = new JsonObject
        {
            ["ok"] = true,
            ["result"] = new JsonObject
            {
                ["message_id"] = Interlocked.Increment(ref nextMessageId),
                ["from"] = new JsonObject { ["id"] = 123456, ["is_bot"] = true, ["first_name"] = "Greentic Test Bot", ["username"] = "greentic_test_bot" },
                ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private", ["first_name"] = "Ada" },
                ["date"] = 1_700_000_000,
                ["text"] = request["text"]!.ToString(),
            },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(result.ToJsonString());
    }

    private static X509Certificate2 SelfSigned(string host)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(host);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        certificate?.Dispose();
    }
}
