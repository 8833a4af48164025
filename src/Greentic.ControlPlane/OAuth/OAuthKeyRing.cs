using Greentic.ControlPlane.Secrets;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.OAuth;

/// <summary>
/// The broker's keys, made on first use from the current options: a control plane without OAuth providers needs no key,
/// and one whose key is missing answers FAILED_PRECONDITION naming the setting (start-up validation catches it first
/// whenever a provider is configured).
/// </summary>
internal sealed class OAuthKeyRing(IOptions<OAuthOptions> options, IOptions<SecretsOptions> secrets)
{
    private OAuthKeys? _keys;

    public OAuthKeys Keys => _keys ??= OAuthKeys.TryCreate(options.Value, secrets.Value, out var keys) is { } error
        ? throw new RpcException(new Status(StatusCode.FailedPrecondition, error))
        : keys!;
}
