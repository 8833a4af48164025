using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.ControlPlane.Routing;
using Greentic.ControlPlane.Tenancy;
using Greentic.Messaging.V1;
using Greentic.Providers;
using Greentic.Types.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Messaging;

/// <summary>
/// Upstream's egress pipeline for one message, every step an <c>invoke(op, json)</c> of the tenant's binding through
/// <see cref="ProviderRouter"/> (the one path for provider calls):
/// <list type="number">
/// <item><c>render_plan {v:1, message}</c> → the plan (tier, warnings);</item>
/// <item><c>encode {v:1, message, plan}</c>, where plan is render_plan's whole OUTPUT → the payload;</item>
/// <item><c>send_payload {v:1, provider_type, payload, tenant, reply_scope?}</c> → ok, message.</item>
/// </list>
/// A step that fails retryably (node-error <c>retryable</c>, or a transport failure) is tried again after
/// <see cref="RetrySchedule"/>; steps that succeeded are not repeated. Attempts stop at the job's budget, at a
/// non-retryable failure, or when the next wait would pass the caller's deadline. Calls that can never reach the
/// pipeline (no route, refused) are thrown as their gRPC status instead.
/// </summary>
public sealed class MessagingPipeline(ProviderRouter router, IOptionsMonitor<MessagingOptions> options, TimeProvider time, ILogger<MessagingPipeline> logger)
{
    public const string RenderPlan = "render_plan";
    public const string Encode = "encode";
    public const string SendPayload = "send_payload";

    /// <summary>The jitter source; tests replace it.</summary>
    public Random Random { get; init; } = Random.Shared;

    internal async Task<SendOutcome> RunAsync(AuthorizedCall call, SendJob job, DateTime? deadline, CancellationToken cancellationToken)
    {
        var response = new SendResponse { JobId = job.JobId };
        JsonObject? plan = null;
        JsonNode? payload = null;
        NodeError? failure = null;
        var attempt = 0;
        while (attempt < job.MaxAttempts)
        {
            attempt++;
            failure = null;
            var op = RenderPlan;
            try
            {
                if (plan is null)
                {
                    var output = await StepAsync(call, job, op, new JsonObject { ["v"] = 1, ["message"] = job.Message.DeepClone() }, deadline, cancellationToken);
                    failure = NodeErrors.FailureOf(output, op);
                    if (failure is null)
                    {
                        plan = output;
                        ReadPlan(output, response);
                    }
                }
                if (failure is null && payload is null)
                {
                    op = Encode;
                    var output = await StepAsync(call, job, op, new JsonObject { ["v"] = 1, ["message"] = job.Message.DeepClone(), ["plan"] = plan!.DeepClone() }, deadline, cancellationToken);
                    failure = NodeErrors.FailureOf(output, op);
                    if (failure is null)
                    {
                        payload = output["payload"];
                        if (payload is null) failure = NodeErrors.Invalid(op, "answered ok without \"payload\"");
                    }
                }
                if (failure is null)
                {
                    op = SendPayload;
                    var input = new JsonObject
                    {
                        ["v"] = 1,
                        ["provider_type"] = job.ProviderType,
                        ["payload"] = payload!.DeepClone(),
                        ["tenant"] = ChannelMessageJson.SendTenant(call.TenantCtx, job.CorrelationId),
                    };
                    var scope = job.ReplyScope is { } s ? ChannelMessageJson.ReplyScopeJson(s) : job.Message["reply_scope"]?.DeepClone();
                    if (scope is not null) input["reply_scope"] = scope;
                    var output = await StepAsync(call, job, op, input, deadline, cancellationToken);
                    failure = NodeErrors.FailureOf(output, op);
                    if (failure is null)
                    {
                        response.Ok = true;
                        response.Attempts = (uint)attempt;
                        response.ResultJson = ByteString.CopyFromUtf8(output.ToJsonString());
                        if (MessageOf(output["message"]) is { } message) response.Message = message;
                        return new SendOutcome(response, null);
                    }
                    response.ResultJson = ByteString.CopyFromUtf8(output.ToJsonString());
                }
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested && e.StatusCode is not (StatusCode.NotFound or StatusCode.PermissionDenied
                                             or StatusCode.Unauthenticated or StatusCode.FailedPrecondition or StatusCode.Cancelled))
            {
                failure = NodeErrors.FromStatus(e, op);
            }

            if (!failure!.Retryable || attempt >= job.MaxAttempts) break;
            var delay = RetrySchedule.Delay(options.CurrentValue, attempt, failure.HasBackoffMs ? failure.BackoffMs : null, Random);
            MessagingLog.AttemptFailed(logger, job.JobId, job.ProviderType, call.Tenant.Tenant, op, attempt, job.MaxAttempts, failure.Code, failure.Retryable, (long)delay.TotalMilliseconds);
            if (deadline is { } d && time.GetUtcNow().UtcDateTime + delay >= d) break;
            await Task.Delay(delay, time, cancellationToken);
        }
        response.Ok = false;
        response.Attempts = (uint)attempt;
        response.Error = failure;
        return new SendOutcome(response, failure);
    }

    private async Task<JsonObject> StepAsync(AuthorizedCall call, SendJob job, string op, JsonObject input, DateTime? deadline, CancellationToken cancellationToken)
    {
        var json = Encoding.UTF8.GetBytes(input.ToJsonString());
        var output = await router.CallAsync(call, new ProviderCall(job.ProviderType, ProviderFunction.Invoke, op, json, call.TenantCtx), deadline, cancellationToken);
        try
        {
            return JsonNode.Parse(output.Span) as JsonObject ?? new JsonObject { ["ok"] = false, ["error"] = new JsonObject { ["code"] = "internal", ["message"] = $"{op} answered JSON that is not an object" } };
        }
        catch (JsonException)
        {
            return new JsonObject { ["ok"] = false, ["error"] = new JsonObject { ["code"] = "internal", ["message"] = $"{op} answered something that is not JSON" } };
        }
    }

    /// <summary>render_plan's <c>plan.plan_json</c> (an object, or a JSON string as upstream's components write it): tier and warnings.</summary>
    private static void ReadPlan(JsonObject output, SendResponse response)
    {
        var planJson = output["plan"]?["plan_json"];
        if (planJson is JsonValue text && text.TryGetValue<string>(out var s))
        {
            try { planJson = JsonNode.Parse(s); } catch (JsonException) { planJson = null; }
        }
        response.Tier = planJson?["tier"]?.ToString() switch
        {
            "TierA" => Tier.A,
            "TierB" => Tier.B,
            "TierC" => Tier.C,
            "TierD" => Tier.D,
            _ => Tier.Unspecified,
        };
        if (planJson?["warnings"] is JsonArray warnings)
        {
            foreach (var w in warnings.OfType<JsonObject>())
                response.Warnings.Add(new RenderWarning { Code = w["code"]?.ToString() ?? "", Message = w["message"]?.ToString() ?? "", Path = w["path"]?.ToString() ?? "" });
        }
    }

    private static string? MessageOf(JsonNode? message) => message switch
    {
        null => null,
        JsonValue v => v.ToString(),
        JsonObject o when o["id"] is { } id => id.ToString(),
        _ => message.ToJsonString(),
    };
}
