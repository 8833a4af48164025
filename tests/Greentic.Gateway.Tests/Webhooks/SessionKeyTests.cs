using Greentic.Gateway.Envelope;

namespace Greentic.Gateway.Tests.Webhooks;

public sealed class SessionKeyTests
{
    [Theory]
    [InlineData("t1", "c1", "ch1", "u1", "acme:p:t1:u1")]
    [InlineData(null, "c1", "ch1", "u1", "acme:p:c1:u1")]
    [InlineData(null, null, "ch1", "u1", "acme:p:ch1:u1")]
    [InlineData(null, null, null, "u1", "acme:p:u1:u1")]
    [InlineData(null, null, null, null, "acme:p:_:_")]
    public void The_anchor_is_thread_then_conversation_then_channel_then_user(string? thread, string? conversation, string? channel, string? user, string expected)
    {
        var session = SessionKey.Build("acme", "p", new ProviderIds { ThreadId = thread, ConversationId = conversation, ChannelId = channel, UserId = user });

        Assert.Equal(expected, session.Key);
        Assert.Equal(new[] { thread, conversation, channel, user }.Count(v => v is not null), session.Scopes.Count);
    }
}
