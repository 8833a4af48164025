using System.Text;
using System.Text.Json;
using Greentic.ControlPlane.Tenancy;
using Greentic.Types.V1;
using Greentic.Worker.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Workers;

/// <summary>
/// How a <c>worker-request</c> becomes a provider call (the mapping the worker README documents):
/// <list type="bullet">
/// <item>provider type <c>worker.{worker_id}</c> — so a routing rule matches one worker by <c>provider_type</c>, or every
/// worker by <c>capability: worker</c> — and op <c>exec</c>;</item>
/// <item>input: the worker-request as JSON with upstream's field names in snake_case, its <c>tenant</c> the authorized
/// tenant context (<c>{tenant, team?, user?, trace_id?, i18n_id?, session_id?, flow_id?, node_id?, provider_id?, deployment?}</c>).</item>
/// </list>
/// </summary>
internal static class WorkerRequests
{
    public const string Op = "exec";
    public const string ProviderTypePrefix = "worker.";
    public const int MaxWorkerIdLength = 128;

    /// <summary>The provider type serving <paramref name="workerId"/>; INVALID_ARGUMENT for an id that cannot name one.</summary>
    public static string ProviderTypeOf(string workerId)
    {
        if (string.IsNullOrEmpty(workerId) || workerId.Length > MaxWorkerIdLength || !char.IsAsciiLetterOrDigit(workerId[0])
            || !workerId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"worker_id '{TenantContext.Sanitize(workerId)}' is invalid: use 1-{MaxWorkerIdLength} letters, digits, '_', '-' or '.', starting with a letter or digit"));
        return ProviderTypePrefix + workerId;
    }

    /// <summary>The tenant the request names must be the authorized one (empty means the authorized one).</summary>
    public static void CheckTenant(ExecRequest request, AuthorizedCall call)
    {
        if (request.Tenant.Length > 0 && request.Tenant != call.Tenant.Tenant)
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"the request names tenant '{TenantContext.Sanitize(request.Tenant)}' but its tenant context is '{call.Tenant.Tenant}': they must agree (or leave tenant empty)"));
    }

    public static byte[] ToInputJson(ExecRequest request, TenantCtx ctx)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("version", request.Version);
            w.WritePropertyName("tenant");
            WriteTenant(w, ctx);
            w.WriteString("worker_id", request.WorkerId);
            if (request.HasCorrelationId) w.WriteString("correlation_id", request.CorrelationId);
            if (request.HasSessionId) w.WriteString("session_id", request.SessionId);
            if (request.HasThreadId) w.WriteString("thread_id", request.ThreadId);
            w.WriteString("payload_json", request.PayloadJson);
            w.WriteString("timestamp_utc", request.TimestampUtc);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteTenant(Utf8JsonWriter w, TenantCtx ctx)
    {
        w.WriteStartObject();
        w.WriteString("env", ctx.Env);
        w.WriteString("tenant", ctx.Tenant);
        if (ctx.HasTeam) w.WriteString("team", ctx.Team);
        if (ctx.HasUser) w.WriteString("user", ctx.User);
        if (ctx.HasTraceId) w.WriteString("trace_id", ctx.TraceId);
        if (ctx.HasI18NId) w.WriteString("i18n_id", ctx.I18NId);
        if (ctx.HasSessionId) w.WriteString("session_id", ctx.SessionId);
        if (ctx.HasFlowId) w.WriteString("flow_id", ctx.FlowId);
        if (ctx.HasNodeId) w.WriteString("node_id", ctx.NodeId);
        if (ctx.HasProviderId) w.WriteString("provider_id", ctx.ProviderId);
        if (ctx.Deployment is { } d)
        {
            w.WriteStartObject("deployment");
            w.WriteString("cloud", Lower(d.Cloud.ToString(), "Cloud"));
            if (d.HasRegion) w.WriteString("region", d.Region);
            w.WriteString("platform", Lower(d.Platform.ToString(), "Platform"));
            if (d.HasRuntime) w.WriteString("runtime", d.Runtime);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static string Lower(string enumName, string prefix) => enumName.StartsWith(prefix, StringComparison.Ordinal) ? enumName[prefix.Length..].ToLowerInvariant() : enumName.ToLowerInvariant();

    internal static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
