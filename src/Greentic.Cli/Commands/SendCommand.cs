using System.CommandLine;
using Google.Protobuf;
using Greentic.Cli.Client;
using Greentic.Messaging.V1;

namespace Greentic.Cli.Commands;

/// <summary>
/// <c>greentic send PROVIDER_TYPE TEXT|@envelope.json [--to ID]… [--reply-to EVENT_ID] [--job-id ID]</c>: one
/// MessagingService.Send (render_plan → encode → send_payload with retries). <c>--reply-to</c> answers an ingress event of the
/// tenant's log: its conversation, destination and reply scope (<see cref="ReplyTarget"/>).
/// </summary>
internal static class SendCommand
{
    public static Command Create()
    {
        var provider = new Argument<string>("provider") { Description = "Provider type, e.g. messaging.telegram.bot" };
        var message = new Argument<string>("message") { Description = "The text to send, or @FILE with a ChannelMessageEnvelope JSON" };
        var to = new Option<string[]>("--to") { Description = "A destination id (chat, channel, room, user…); repeatable", AllowMultipleArgumentsPerToken = false };
        var replyTo = new Option<string?>("--reply-to") { Description = "Reply to this event id (from 'EventsService.Subscribe'): its conversation and reply scope" };
        var jobId = new Option<string?>("--job-id") { Description = "Idempotency key: a repeat returns the first outcome" };
        var attempts = new Option<uint>("--max-attempts") { Description = "Attempts for this send (1-5; default the policy's 5)" };
        var deadline = new Option<string>("--deadline") { Description = "Deadline of the whole send, retries included", DefaultValueFactory = _ => "60s" };
        var command = new Command("send", "Send a message through a provider binding (render_plan → encode → send_payload, retries, dead letters)")
        {
            provider, message, to, replyTo, jobId, attempts, deadline,
        };
        var client = new ClientOptions().AddTo(command);
        command.SetAction((parse, ct) => ClientRunner.RunAsync(client, parse, needsToken: true, async call =>
        {
            var timeout = DurationParser.Parse(parse.GetValue(deadline)!, "--deadline");
            var request = new SendRequest { Ctx = call.TenantCtx(), ProviderType = parse.GetValue(provider)!, JobId = parse.GetValue(jobId) ?? "", MaxAttempts = parse.GetValue(attempts) };
            var text = parse.GetValue(message)!;
            var destinations = parse.GetValue(to) ?? [];
            if (text.StartsWith('@'))
            {
                var path = text[1..];
                if (!File.Exists(path)) throw new UsageException($"envelope file '{path}' does not exist");
                if (destinations.Length > 0) throw new UsageException("--to applies to a TEXT message; put destinations in the envelope file's \"to\"");
                request.EnvelopeJson = ByteString.CopyFrom(await File.ReadAllBytesAsync(path, ct));
            }
            else
            {
                var envelope = new ChannelMessage { Id = "cli-" + Guid.NewGuid().ToString("N")[..12], Text = text };
                envelope.To.AddRange(destinations.Select(id => new Destination { Id = id }));
                if (destinations.Length > 0) envelope.SessionId = destinations[0];
                request.Envelope = envelope;
            }
            if (parse.GetValue(replyTo) is { Length: > 0 } eventId)
                await ReplyTarget.ApplyAsync(call, eventId, request, ct);
            var response = await new MessagingService.MessagingServiceClient(call.Invoker).SendAsync(request, call.Options(timeout, ct));
            return await PrintAsync(response);
        }));
        return command;
    }

    private static async Task<int> PrintAsync(SendResponse r)
    {
        await Console.Out.WriteLineAsync($"job {r.JobId}: {(r.Ok ? "sent" : "failed")} after {r.Attempts} attempt(s), tier {r.Tier}" + (r.HasMessage ? $", message {r.Message}" : ""));
        foreach (var w in r.Warnings) await Console.Out.WriteLineAsync($"warning: {w.Code}: {w.Message}" + (w.Path.Length > 0 ? $" ({w.Path})" : ""));
        if (r.Ok) return ExitCodes.Ok;
        await Console.Error.WriteLineAsync($"error: {r.Error?.Code}: {r.Error?.Message}" + (r.HasDeadLetterId ? $" (dead letter {r.DeadLetterId})" : ""));
        return ExitCodes.CallFailed;
    }
}
