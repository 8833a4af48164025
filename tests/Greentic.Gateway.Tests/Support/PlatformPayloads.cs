namespace Greentic.Gateway.Tests.Support;

/// <summary>Webhook bodies shaped exactly as the platforms document them.</summary>
public static class PlatformPayloads
{
    public static string TelegramUpdate(long updateId, long chatId = 1111111, string text = "/start") => """
        {"update_id":__UPDATE__,"message":{"message_id":1365,"from":{"id":2222222,"is_bot":false,"first_name":"Test","last_name":"Lastname","username":"Test","language_code":"en"},"chat":{"id":__CHAT__,"first_name":"Test","last_name":"Lastname","username":"Test","type":"private"},"date":1441645532,"text":"__TEXT__","entities":[{"offset":0,"length":6,"type":"bot_command"}]}}
        """.Replace("__UPDATE__", updateId.ToString()).Replace("__CHAT__", chatId.ToString()).Replace("__TEXT__", text);

    public static string SlackEventCallback(string eventId, string? threadTs = "1355517500.000001") => """
        {"token":"XXYYZZ","team_id":"T123ABC456","api_app_id":"A123ABC456","event":{"type":"message","channel":"C123ABC456","user":"U123ABC456","text":"Hello <@U0LAN0Z89> see <https://example.com|site>","ts":"1355517523.000005"__THREAD__,"event_ts":"1355517523.000005","channel_type":"channel","client_msg_id":"5a2e4b36-7d8c-4f6b-9b0a-2e7d9f3c1a11"},"type":"event_callback","authorizations":[{"enterprise_id":null,"team_id":"T123ABC456","user_id":"U222222222","is_bot":true}],"event_id":"__EVENT__","event_time":1355517523}
        """.Replace("__EVENT__", eventId).Replace("__THREAD__", threadTs is null ? "" : $",\"thread_ts\":\"{threadTs}\"");

    public const string SlackUrlVerification = """{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""";

    public const string SlackBlockActions = """{"type":"block_actions","user":{"id":"U0CA5","username":"Amy McGee","team_id":"T3MDE"},"api_app_id":"A0CA5","token":"Shh_its_a_seekrit","container":{"type":"message","message_ts":"1548261231.000200","channel_id":"C0CA5","is_ephemeral":false,"thread_ts":"1548261200.000100"},"trigger_id":"12466734323.1395872398","team":{"id":"T0CA5","domain":"example"},"channel":{"id":"C0CA5","name":"general"},"response_url":"https://hooks.slack.com/actions/T0CA5/123/abc","actions":[{"action_id":"approve","block_id":"b1","text":{"type":"plain_text","text":"Approve"},"value":"approve_123","type":"button","action_ts":"1548426417.840180"}]}""";

    public static string WhatsAppMessages(string messageId, string from = "16505551234") => """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"__FROM__"}],"messages":[{"from":"__FROM__","id":"__ID__","timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}]},"field":"messages"}]}]}
        """.Replace("__FROM__", from).Replace("__ID__", messageId);

    public static string WebexMessageCreated(string messageId) => """
        {"id":"Y2lzY29zcGFyazovL3VzL1dFQkhPT0svZjRlNjA1NjAtNjYwMi00ZmIwLWEyNWEtOTQ5ODgxNjA5NDk3","name":"New message in 'Project Unicorn' room","targetUrl":"https://example.com/mywebhook","resource":"messages","event":"created","filter":"roomId=Y2lzY29zcGFyazovL3VzL1JPT00vYmJjZWIxYWQtNDNmMS0zYjU4LTkxNDctZjE0YmIwYzRkMTU0","orgId":"OTZhYmMyYWEtM2RjYy0xMWU1LWExNTItZmUzNDgxOWNkYzlh","createdBy":"Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xZjdkZTVjYi04NTYxLTQ2NzEtYmMwMy1iYzk3NDMxNDQ0MmQ","appId":"Y2lzY29zcGFyazovL3VzL0FQUExJQ0FUSU9OL0MyNzljYjMwYzAyOTE4MGJiNGJkYWViYjA2MWI3OTY1Y2RhMzliNjAyOTdjODUwM2YyNjZhYmY2NmM5OTllYzFm","ownedBy":"creator","status":"active","actorId":"Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xZjdkZTVjYi04NTYxLTQ2NzEtYmMwMy1iYzk3NDMxNDQ0MmQ","data":{"id":"__ID__","roomId":"Y2lzY29zcGFyazovL3VzL1JPT00vYmJjZWIxYWQtNDNmMS0zYjU4LTkxNDctZjE0YmIwYzRkMTU0","roomType":"group","personId":"Y2lzY29zcGFyazovL3VzL1BFT1BMRS9mNWIzNjE4Ny1jOGRkLTQ3MjctOGIyZi1mOWM0NDdmMjkwNDY","personEmail":"matt@example.com","created":"2015-10-18T14:26:16.000Z"}}
        """.Replace("__ID__", messageId);

    public const string TeamsServiceUrl = "https://smba.trafficmanager.net/amer/";

    public static string BotFrameworkMessage(string activityId, string channelId = "msteams", string serviceUrl = TeamsServiceUrl, string? replyToId = null) => """
        {"type":"message","id":"__ID__","timestamp":"2017-02-01T21:10:07.437Z","localTimestamp":"2017-02-01T14:10:07.437-07:00","serviceUrl":"__URL__","channelId":"__CHANNEL__","from":{"id":"29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB39ATiQWA85gQtHieVkKilBZ9XHoq9j7Zaqt7CZ-NJWi7me2kHTL3Bw","name":"Megan Bowen","aadObjectId":"97b1ec61-45bf-453c-9059-6e8984e0cef4"},"conversation":{"conversationType":"personal","tenantId":"72f988bf-86f1-41af-91ab-2d7cd011db47","id":"a:17I0kl8EkpE1O9PH5TWrzrLqwo"}__REPLY__,"recipient":{"id":"28:c9e8c047-2a74-40a2-b28a-b162d5f5327c","name":"Teams TestBot"},"textFormat":"plain","locale":"en-US","text":"Hello bot","entities":[{"locale":"en-US","country":"US","platform":"Web","type":"clientInfo"}],"channelData":{"tenant":{"id":"72f988bf-86f1-41af-91ab-2d7cd011db47"}}}
        """.Replace("__ID__", activityId).Replace("__URL__", serviceUrl).Replace("__CHANNEL__", channelId)
        .Replace("__REPLY__", replyToId is null ? "" : $",\"replyToId\":\"{replyToId}\"");
}
