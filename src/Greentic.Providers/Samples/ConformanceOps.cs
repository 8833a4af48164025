using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Core;

namespace Greentic.Providers.Samples;

/// <summary>
/// The ops of the conformance op set (docs/conformance.md) that need the host: the certification suite asks a
/// provider to read a secret, to write and read state, and to say what it saw of its call's context, then checks
/// what comes back (tenancy, the secrets allow-list, trace propagation, idempotency keys). Answers have the shapes
/// the <c>hostio</c> sample component gives, so the suite reads every provider alike.
/// </summary>
public static class ConformanceOps
{
    public static readonly string[] Names = ["secret", "state_put", "state_get", "context"];

    /// <summary>The answer to <paramref name="op"/>, or null when it is not one of <see cref="Names"/>.</summary>
    public static async Task<JsonObject?> TryRunAsync(string op, JsonNode? input, ProviderCallContext context)
    {
        var key = Text(input, "state_key");
        JsonObject? report = op switch
        {
            "secret" => new JsonObject { ["secret"] = await SecretAsync(Text(input, "secret"), context) },
            "state_put" => new JsonObject { ["write"] = await WriteAsync(key, Text(input, "state_value"), context) },
            "state_get" => new JsonObject { ["state"] = await ReadAsync(key, context) },
            "context" => Context(context),
            _ => null,
        };
        if (report is null) return null;
        var answer = new JsonObject { ["ok"] = true, ["op"] = op };
        foreach (var (name, value) in report.ToList())
        {
            report.Remove(name);
            answer[name] = value;
        }
        return answer;
    }

    /// <summary>Writes <paramref name="key"/> = <c>"slept"</c>: what <c>sleep</c> does when it wakes, if asked to.</summary>
    public static Task<JsonObject> MarkSleptAsync(string key, ProviderCallContext context) => WriteAsync(key, "slept", context);

    private static async Task<JsonObject> SecretAsync(string name, ProviderCallContext context)
    {
        try
        {
            return await context.Host.GetSecretAsync(name, context.CancellationToken) is { } value
                ? new JsonObject { ["found"] = true, ["value"] = Encoding.UTF8.GetString(value) }
                : new JsonObject { ["found"] = false };
        }
        catch (RpcException e) when (!context.CancellationToken.IsCancellationRequested)
        {
            return new JsonObject
            {
                ["error"] = e.StatusCode switch
                {
                    StatusCode.PermissionDenied => "denied",
                    StatusCode.InvalidArgument => "invalid-key",
                    _ => "internal",
                },
            };
        }
    }

    private static async Task<JsonObject> WriteAsync(string key, string value, ProviderCallContext context)
    {
        try
        {
            await context.Host.WriteStateAsync(key, Encoding.UTF8.GetBytes(value), context.CancellationToken);
            return new JsonObject { ["ok"] = true };
        }
        catch (RpcException e) when (!context.CancellationToken.IsCancellationRequested)
        {
            return HostError(e);
        }
    }

    private static async Task<JsonObject> ReadAsync(string key, ProviderCallContext context)
    {
        try
        {
            return await context.Host.ReadStateAsync(key, context.CancellationToken) is { } value
                ? new JsonObject { ["value"] = Encoding.UTF8.GetString(value) }
                : new JsonObject { ["error"] = new JsonObject { ["code"] = "not-found", ["message"] = $"no state under '{key}'" } };
        }
        catch (RpcException e) when (!context.CancellationToken.IsCancellationRequested)
        {
            return HostError(e);
        }
    }

    private static JsonObject Context(ProviderCallContext context)
    {
        var ctx = context.Tenant;
        return new JsonObject
        {
            ["tenant"] = ctx.Tenant,
            ["team"] = ctx.HasTeam ? ctx.Team : null,
            ["user"] = ctx.HasUser ? ctx.User : null,
            ["trace_id"] = ctx.HasTraceId ? ctx.TraceId : null,
            ["correlation_id"] = ctx.HasCorrelationId ? ctx.CorrelationId : null,
            ["idempotency_key"] = ctx.HasIdempotencyKey ? ctx.IdempotencyKey : null,
            ["attempt"] = ctx.Attempt,
            // The W3C trace context this call runs in (the host continues the caller's, see the sidecar's tracing).
            ["traceparent"] = Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null,
        };
    }

    /// <summary>A failed callback as the <c>host-error</c> a component's import would see.</summary>
    private static JsonObject HostError(RpcException e) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = e.StatusCode switch
            {
                StatusCode.PermissionDenied => "denied",
                StatusCode.InvalidArgument => "invalid-input",
                StatusCode.ResourceExhausted => "too-large",
                StatusCode.NotFound => "not-found",
                StatusCode.Unavailable => "unavailable",
                StatusCode.DeadlineExceeded => "timeout",
                _ => "internal",
            },
            ["message"] = e.Status.Detail,
        },
    };

    private static string Text(JsonNode? input, string name) =>
        input is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
