using Greentic.ControlPlane.Tests.Calls;
using Grpc.Core;

namespace Greentic.ControlPlane.Tests.Auth.Jwt;

/// <summary>Sends the echo call with a bearer token over the control plane's Unix socket; returns the refusal, or null when it succeeded.</summary>
internal static class BearerCall
{
    public static async Task<RpcException?> RefusalAsync(InProcessControlPlane cp, string token, string tenant = "acme")
    {
        using var channel = cp.Channel();
        try
        {
            await EchoCall.InvokeAsync(channel.Invoker, InProcessControlPlane.Bearer(token), tenant);
            return null;
        }
        catch (RpcException e)
        {
            return e;
        }
    }

    /// <summary>Asserts UNAUTHENTICATED with a message that contains <paramref name="expected"/> and no part of the token.</summary>
    public static void AssertRefused(RpcException? refusal, string token, string expected)
    {
        Assert.True(refusal is not null, $"a token that should be refused ({expected}) was accepted");
        Assert.True(refusal.StatusCode == StatusCode.Unauthenticated, $"expected UNAUTHENTICATED, got {refusal.StatusCode}: {refusal.Status.Detail}");
        Assert.Contains(expected, refusal.Status.Detail);
        foreach (var part in token.Split('.').Where(p => p.Length > 8))
            Assert.DoesNotContain(part, refusal.Status.Detail);
    }
}
