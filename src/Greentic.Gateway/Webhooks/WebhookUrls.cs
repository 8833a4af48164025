namespace Greentic.Gateway.Webhooks;

/// <summary>The webhook URL of each adapter for a tenant, as a platform is configured with it (see <see cref="WebhookEndpoints"/>).</summary>
public static class WebhookUrls
{
    public static IReadOnlyList<(string Adapter, string Url)> For(string baseUrl, string tenant, string? team = null)
    {
        var b = baseUrl.TrimEnd('/');
        var suffix = tenant + (team is null ? "" : "/" + team);
        return
        [
            ("telegram", $"{b}/messaging/telegram/webhook/{suffix}"),
            ("slack (events)", $"{b}/slack/events/{suffix}"),
            ("slack (interactive)", $"{b}/slack/interactive/{suffix}"),
            ("teams", $"{b}/teams/activities/{suffix}"),
            ("webchat", $"{b}/webchat/activities/{suffix}"),
            ("webex", $"{b}/webex/webhook/{suffix}"),
            ("whatsapp", $"{b}/whatsapp/webhook/{suffix}"),
            ("generic webhook", $"{b}/webhook/{tenant}/{{flow_id}}"),
        ];
    }
}
