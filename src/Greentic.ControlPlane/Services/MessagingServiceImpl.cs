using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Messaging;
using Greentic.ControlPlane.Tenancy;
using Greentic.Messaging.V1;
using Greentic.Types.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Services;

/// <summary>
/// <c>greentic.messaging.v1.MessagingService</c>: Send runs <see cref="MessagingPipeline"/> for any caller granted the tenant;
/// a caller's job_id makes it idempotent (a repeat returns the first outcome); a final failure appends upstream's
/// dead-letter record (with the envelope, for replay). The dead-letter rpcs need the <c>admin</c> role.
/// </summary>
public sealed class MessagingServiceImpl(
    MessagingPipeline pipeline,
    IMessagingStore store,
    IOptionsMonitor<MessagingOptions> options,
    TimeProvider time,
    ILogger<MessagingServiceImpl> logger) : MessagingService.MessagingServiceBase
{
    private const int MaxJobIdLength = 128;

    public override async Task<SendResponse> Send(SendRequest request, ServerCallContext context)
    {
        var call = context.Authorized();
        var o = options.CurrentValue;
        if (string.IsNullOrEmpty(request.ProviderType))
            throw Invalid("provider_type is required, e.g. messaging.telegram.bot");
        if (request.MaxAttempts > o.MaxAttempts)
            throw Invalid($"max_attempts {request.MaxAttempts} is over the policy's {o.MaxAttempts} ({MessagingOptions.SectionName}:MaxAttempts); use 1-{o.MaxAttempts}, or 0 for the default");
        var callerJob = request.JobId.Length > 0;
        if (callerJob && (request.JobId.Length > MaxJobIdLength || request.JobId.Any(char.IsControl)))
            throw Invalid($"job_id must be 1-{MaxJobIdLength} characters without control characters");
        var jobId = callerJob ? request.JobId : "job-" + Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        var message = ChannelMessageJson.From(request, call.TenantCtx, jobId, o.MaxEnvelopeBytes);
        var correlation = call.TenantCtx.HasCorrelationId ? call.TenantCtx.CorrelationId : message["correlation_id"]?.ToString();
        var job = new SendJob(jobId, request.ProviderType, message, request.ReplyScope, request.MaxAttempts == 0 ? o.MaxAttempts : (int)request.MaxAttempts, correlation);

        if (callerJob)
        {
            var (claimed, earlier) = await Run(() => store.ClaimJobAsync(call.Tenant, jobId, o.JobLease, context.CancellationToken));
            if (!claimed)
                return earlier ?? throw new RpcException(new Status(StatusCode.Aborted,
                    $"job '{TenantContext.Sanitize(jobId)}' is being sent by another call right now; retry later to get its outcome"));
        }
        try
        {
            var response = await RunAsync(call, job, context);
            if (callerJob) await Run(() => Done(store.CompleteJobAsync(call.Tenant, jobId, response, o.JobTtl, CancellationToken.None)));
            return response;
        }
        catch when (callerJob)
        {
            await Run(() => Done(store.ReleaseJobAsync(call.Tenant, jobId, CancellationToken.None)));
            throw;
        }
    }

    public override async Task<ListDeadLettersResponse> ListDeadLetters(ListDeadLettersRequest request, ServerCallContext context)
    {
        var call = context.Authorized();
        call.RequireRole(GreenticRoles.Admin, context);
        if (request.PageSize > 1000) throw Invalid("page_size must be 1-1000 (0 means 100)");
        var size = request.PageSize == 0 ? 100 : (int)request.PageSize;
        var (letters, next) = await Run(() => store.ListDeadLettersAsync(call.Tenant, request.ProviderType, size, request.PageToken, context.CancellationToken));
        return new ListDeadLettersResponse { DeadLetters = { letters }, NextPageToken = next };
    }

    public override async Task<ReplayDeadLetterResponse> ReplayDeadLetter(ReplayDeadLetterRequest request, ServerCallContext context)
    {
        var call = context.Authorized();
        call.RequireRole(GreenticRoles.Admin, context);
        if (request.Id.Length == 0) throw Invalid("id is required: the dead letter's id from ListDeadLetters");
        var letter = await Run(() => store.GetDeadLetterAsync(call.Tenant, request.Id, context.CancellationToken))
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"no dead letter '{TenantContext.Sanitize(request.Id)}' in tenant '{call.Tenant.Tenant}': list them with ListDeadLetters"));
        var message = JsonNode.Parse(letter.EnvelopeJson.Span) as JsonObject ?? new JsonObject();
        message["tenant"] = ChannelMessageJson.TenantJson(call.TenantCtx);
        var job = new SendJob(letter.JobId, letter.Provider, message, letter.ReplyScope, options.CurrentValue.MaxAttempts,
            letter.CorrelationId.Length > 0 ? letter.CorrelationId : null);
        var outcome = await pipeline.RunAsync(call, job, Deadline(context), context.CancellationToken);
        var response = outcome.Response;
        if (outcome.Failure is null)
        {
            await Run(() => Count(store.DeleteDeadLettersAsync(call.Tenant, [letter.Id], CancellationToken.None)));
            await Run(() => Done(store.CompleteJobAsync(call.Tenant, letter.JobId, response, options.CurrentValue.JobTtl, CancellationToken.None)));
        }
        else
        {
            letter.Ts = Timestamp.FromDateTimeOffset(time.GetUtcNow());
            letter.Attempt = response.Attempts;
            letter.MaxAttempts = (uint)job.MaxAttempts;
            letter.NodeError = outcome.Failure;
            await Run(() => Done(store.UpdateDeadLetterAsync(call.Tenant, letter, CancellationToken.None)));
            response.DeadLetterId = letter.Id;
        }
        return new ReplayDeadLetterResponse { Result = response };
    }

    public override async Task<DeleteDeadLettersResponse> DeleteDeadLetters(DeleteDeadLettersRequest request, ServerCallContext context)
    {
        var call = context.Authorized();
        call.RequireRole(GreenticRoles.Admin, context);
        var deleted = await Run(() => store.DeleteDeadLettersAsync(call.Tenant, request.Ids, context.CancellationToken));
        return new DeleteDeadLettersResponse { Deleted = (uint)deleted };
    }

    /// <summary>The pipeline, then the dead letter of a final failure (written even when the caller has gone: nothing is lost).</summary>
    private async Task<SendResponse> RunAsync(AuthorizedCall call, SendJob job, ServerCallContext context)
    {
        var outcome = await pipeline.RunAsync(call, job, Deadline(context), context.CancellationToken);
        if (outcome.Failure is { } failure)
        {
            var letter = await Run(() => store.AddDeadLetterAsync(call.Tenant, new DeadLetter
            {
                JobId = job.JobId,
                Provider = job.ProviderType,
                Tenant = call.Tenant.Tenant,
                Team = call.Tenant.Team ?? "",
                SessionId = job.Message["session_id"]?.ToString() ?? "",
                CorrelationId = job.CorrelationId ?? "",
                Attempt = outcome.Response.Attempts,
                MaxAttempts = (uint)job.MaxAttempts,
                NodeError = failure,
                MessageSummary = ChannelMessageJson.Summary(job.Message),
                EnvelopeJson = ByteString.CopyFromUtf8(job.Message.ToJsonString()),
                ReplyScope = job.ReplyScope,
            }, CancellationToken.None));
            outcome.Response.DeadLetterId = letter.Id;
            MessagingLog.DeadLettered(logger, job.JobId, job.ProviderType, call.Tenant.Tenant, (int)outcome.Response.Attempts, failure.Code, letter.Id);
        }
        return outcome.Response;
    }

    private static DateTime? Deadline(ServerCallContext context) => context.Deadline == DateTime.MaxValue ? null : context.Deadline;

    private static async ValueTask<bool> Done(ValueTask operation)
    {
        await operation;
        return true;
    }

    private static async ValueTask<int> Count(ValueTask<int> operation) => await operation;

    private static async Task<T> Run<T>(Func<ValueTask<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (MessagingStoreException e)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, e.Message));
        }
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
