using Greentic.ControlPlane.Messaging;
using Greentic.ControlPlane.Routing;
using Greentic.Messaging.V1;
using Greentic.Providers;
using Greentic.Providers.Channels;
using Greentic.TestSupport;
using Greentic.Types.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Tests.Messaging;

/// <summary>A real control plane routing <c>messaging.scripted</c> to <see cref="ScriptedMessagingProvider"/>, the pipeline on <see cref="RecordingDelays"/>.</summary>
public sealed class MessagingControlPlane : InProcessControlPlane
{
    public ScriptedMessagingProvider Provider { get; } = new();
    public RecordingDelays Delays { get; } = new();

    protected override string RoutesYaml => Routes + "\n" + """
          - name: scripted-inproc
            match: { provider_type: messaging.scripted }
            binding: { transport: inproc, target: messaging.scripted, timeout: 10s }
        """;

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddSingleton<IProvider>(Provider);
        services.AddSingleton(sp => new MessagingPipeline(sp.GetRequiredService<ProviderRouter>(), sp.GetRequiredService<IOptionsMonitor<MessagingOptions>>(),
            Delays, sp.GetRequiredService<ILogger<MessagingPipeline>>()));
    }

    public static TenantCtx Ctx(string tenant) => new() { Env = "dev", Tenant = tenant, TenantId = tenant };

    public static ChannelMessage Message(string text) => new()
    {
        Id = "m-" + Guid.NewGuid().ToString("N")[..8], Channel = "scripted", SessionId = "chat-42",
        To = { new Destination { Id = "chat-42", Kind = "chat" } }, Text = text,
    };

    public MessagingService.MessagingServiceClient Client(TargetChannel channel) => new(channel.Invoker);

    public CallOptions As(string tenant, params string[] roles) => new(Bearer(Token(tenant, roles)), DateTime.UtcNow.AddSeconds(60));
}
