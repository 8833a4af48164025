namespace Greentic.Gateway.Envelope;

/// <summary>
/// The session key policy: <c>{tenant}:{provider}:{anchor}:{user}</c>, where the anchor is the most specific
/// of thread → conversation → channel → user the platform gave. Messages in one thread share a session;
/// without a thread, the conversation (chat, room, DM) does, and so on.
/// </summary>
public static class SessionKey
{
    public static EnvelopeSession Build(string tenant, string provider, ProviderIds ids)
    {
        var scopes = new List<string>();
        if (!string.IsNullOrEmpty(ids.ThreadId)) scopes.Add($"thread:{ids.ThreadId}");
        if (!string.IsNullOrEmpty(ids.ConversationId)) scopes.Add($"conversation:{ids.ConversationId}");
        if (!string.IsNullOrEmpty(ids.ChannelId)) scopes.Add($"channel:{ids.ChannelId}");
        if (!string.IsNullOrEmpty(ids.UserId)) scopes.Add($"user:{ids.UserId}");
        var anchor = FirstNonEmpty(ids.ThreadId, ids.ConversationId, ids.ChannelId, ids.UserId) ?? "_";
        var user = string.IsNullOrEmpty(ids.UserId) ? "_" : ids.UserId;
        return new EnvelopeSession($"{tenant}:{provider}:{anchor}:{user}", scopes);
    }

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
