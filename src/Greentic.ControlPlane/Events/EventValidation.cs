using System.Text.Json;
using Greentic.Events.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Events;

/// <summary>What Publish and Subscribe accept; a refusal is INVALID_ARGUMENT naming the event and the rule.</summary>
internal static class EventValidation
{
    public const int MaxIdLength = 256;
    public const int MaxNameLength = 256;
    public const int MaxMetadataEntries = 64;
    public const int MaxMetadataValueLength = 4096;
    public const int MaxSubscriberLength = 128;

    public static void CheckPublish(PublishRequest request, EventLogOptions options)
    {
        if (request.Events.Count == 0)
            throw Invalid("events is empty: publish at least one event");
        if (request.Events.Count > options.MaxEventsPerPublish)
            throw Invalid($"{request.Events.Count} events in one Publish; at most {options.MaxEventsPerPublish} are accepted ({EventLogOptions.SectionName}:MaxEventsPerPublish)");
        for (var i = 0; i < request.Events.Count; i++) Check(request.Events[i], i, options);
    }

    private static void Check(Event e, int index, EventLogOptions options)
    {
        var at = $"events[{index}]";
        Text(e.Id, $"{at}.id", MaxIdLength);
        Text(e.Topic, $"{at}.topic", MaxNameLength);
        Text(e.Type, $"{at}.type", MaxNameLength);
        Text(e.Source, $"{at}.source", MaxNameLength);
        if (e.PayloadJson.Length > options.MaxPayloadBytes)
            throw Invalid($"{at} ('{Tenancy.TenantContext.Sanitize(e.Id)}') has a payload of {e.PayloadJson.Length} bytes; at most {options.MaxPayloadBytes} are accepted ({EventLogOptions.SectionName}:MaxPayloadBytes)");
        if (e.PayloadJson.Length > 0 && !IsJson(e.PayloadJson.Span))
            throw Invalid($"{at}.payload_json ('{Tenancy.TenantContext.Sanitize(e.Id)}') is not valid JSON");
        if (e.Metadata.Count > MaxMetadataEntries)
            throw Invalid($"{at}.metadata has {e.Metadata.Count} entries; at most {MaxMetadataEntries}");
        foreach (var (k, v) in e.Metadata)
        {
            Text(k, $"{at}.metadata key", MaxNameLength);
            if (v.Length > MaxMetadataValueLength) throw Invalid($"{at}.metadata['{Tenancy.TenantContext.Sanitize(k)}'] is longer than {MaxMetadataValueLength} characters");
        }
    }

    public static void CheckSubscriber(string subscriber, bool required)
    {
        if (subscriber.Length == 0)
        {
            if (required) throw Invalid("subscriber is required: name the durable subscriber (1-128 of [A-Za-z0-9_.-])");
            return;
        }
        if (subscriber.Length > MaxSubscriberLength || !subscriber.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            throw Invalid($"subscriber '{Tenancy.TenantContext.Sanitize(subscriber)}' is invalid: use 1-128 of [A-Za-z0-9_.-]");
    }

    private static void Text(string value, string field, int max)
    {
        if (string.IsNullOrEmpty(value)) throw Invalid($"{field} is required");
        if (value.Length > max) throw Invalid($"{field} is longer than {max} characters");
        foreach (var c in value)
            if (char.IsControl(c)) throw Invalid($"{field} '{Tenancy.TenantContext.Sanitize(value)}' contains a control character");
    }

    private static bool IsJson(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 128 });
            while (reader.Read()) { }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
