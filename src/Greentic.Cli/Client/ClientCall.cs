using Greentic.Providers.Channels;
using Grpc.Core;
using Greentic.Types.V1;

namespace Greentic.Cli.Client;

/// <summary>What a verb's action gets: the channel's invoker, the resolved settings and ready-made call options.</summary>
internal sealed class ClientCall(TargetChannel channel, ClientSettings settings, string? token)
{
    public CallInvoker Invoker { get; } = channel.Invoker;
    public ClientSettings Settings { get; } = settings;

    public TenantCtx TenantCtx() => Settings.TenantCtx();

    /// <summary>Headers with the bearer token (when there is one), and a deadline so no call hangs.</summary>
    public CallOptions Options(TimeSpan? deadline = null, CancellationToken cancellationToken = default)
    {
        var headers = new Metadata();
        if (token is not null) headers.Add("authorization", "Bearer " + token);
        return new CallOptions(headers, DateTime.UtcNow + (deadline ?? ClientRunner.DefaultDeadline), cancellationToken);
    }
}
