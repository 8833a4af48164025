using System.Text.Json.Nodes;
using Google.Rpc;
using Greentic.Types.V1;
using Greentic.Worker.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Tests.Workers;

/// <summary>
/// WorkerService.Exec against a real control plane: the request reaches the tenant's worker binding as provider
/// <c>worker.{worker_id}</c> op <c>exec</c> — in-process, on the C# sidecar, on the Node sidecar — and the response
/// carries its messages and the request's identifiers; worker errors arrive as the mapped gRPC status with the
/// WorkerError (and RetryInfo) in the status details; bad requests and wrong callers are refused with what to fix.
/// </summary>
public sealed class WorkerExecTests(WorkerControlPlane cp) : IClassFixture<WorkerControlPlane>
{
    [Theory]
    [InlineData("acme")]
    [InlineData("globex")]
    [InlineData("initech")]
    public async Task Exec_runs_on_the_tenants_worker_binding_and_returns_its_messages(string tenant)
    {
        using var channel = cp.Channel();
        var response = await Client(channel).ExecAsync(new ExecRequest
        {
            Ctx = Ctx(tenant), Version = "1.0", Tenant = tenant, WorkerId = "echo", CorrelationId = "corr-1", SessionId = "sess-1", ThreadId = "thr-1",
            PayloadJson = """{"question":"hello"}""", TimestampUtc = "2026-12-06T10:00:00Z",
        }, User(tenant), DateTime.UtcNow.AddSeconds(30));

        Assert.Equal("1.0", response.Version);
        Assert.Equal(tenant, response.Tenant);
        Assert.Equal("echo", response.WorkerId);
        Assert.Equal(("corr-1", "sess-1", "thr-1"), (response.CorrelationId, response.SessionId, response.ThreadId));
        Assert.False(string.IsNullOrEmpty(response.TimestampUtc));
        Assert.Equal(["text", "event"], response.Messages.Select(m => m.Kind));
        Assert.Equal("""{"question":"hello"}""", response.Messages[0].PayloadJson);
        Assert.Equal(tenant, JsonNode.Parse(response.Messages[1].PayloadJson)!["ran_for"]!.GetValue<string>());
    }

    public static TheoryData<string, string, StatusCode> Errors() => new()
    {
        { "acme", "bad_request", StatusCode.InvalidArgument },
        { "acme", "not-found", StatusCode.NotFound },
        { "acme", "conflict", StatusCode.Aborted },
        { "acme", "timeout", StatusCode.DeadlineExceeded },
        { "acme", "permission-denied", StatusCode.PermissionDenied },
        { "acme", "transport_error", StatusCode.Unavailable },
        { "acme", "internal", StatusCode.Internal },
        { "acme", "something-else", StatusCode.Unknown },
        { "globex", "unauthenticated", StatusCode.Unauthenticated },
        { "initech", "invalid-input", StatusCode.InvalidArgument },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Worker_errors_become_the_mapped_status_with_the_worker_error_in_its_details(string tenant, string code, StatusCode expected)
    {
        using var channel = cp.Channel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => Exec(channel, tenant, $$$"""{"fail":{"code":"{{{code}}}","message":"the worker says no"}}"""));
        Assert.Equal(expected, ex.StatusCode);
        Assert.Equal("the worker says no", ex.Status.Detail);
        var error = ex.GetRpcStatus()?.GetDetail<WorkerError>();
        Assert.NotNull(error);
        Assert.Equal((code, "the worker says no"), (error.Code, error.Message));
    }

    [Fact]
    public async Task A_retryable_worker_error_with_a_backoff_carries_retry_info()
    {
        using var channel = cp.Channel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => Exec(channel, "acme",
            """{"fail":{"code":"rate_limited","message":"slow down","retryable":true,"backoff_ms":250}}"""));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        var retry = ex.GetRpcStatus()?.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        Assert.Equal(TimeSpan.FromMilliseconds(250), retry.RetryDelay.ToTimeSpan());
    }

    public static TheoryData<string, StatusCode, string> Refusals() => new()
    {
        { "bad worker id", StatusCode.InvalidArgument, "worker_id '../x' is invalid" },
        { "empty worker id", StatusCode.InvalidArgument, "worker_id '' is invalid" },
        { "tenant mismatch", StatusCode.InvalidArgument, "the request names tenant 'globex' but its tenant context is 'acme'" },
        { "unknown worker", StatusCode.NotFound, "no in-process provider 'worker.nope' for tenant 'acme'" },
        { "broken worker", StatusCode.Internal, "worker 'broken' answered a message without a string 'kind'" },
        { "other tenant's token", StatusCode.PermissionDenied, "is not granted tenant 'acme'" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Bad_requests_and_wrong_callers_are_refused_with_what_to_fix(string what, StatusCode expected, string message)
    {
        var request = new ExecRequest { Ctx = Ctx("acme"), Version = "1.0", WorkerId = "echo", PayloadJson = "{}", TimestampUtc = "2026-12-06T10:00:00Z" };
        var user = User("acme");
        switch (what)
        {
            case "bad worker id": request.WorkerId = "../x"; break;
            case "empty worker id": request.WorkerId = ""; break;
            case "tenant mismatch": request.Tenant = "globex"; break;
            case "unknown worker": request.WorkerId = "nope"; break;
            case "broken worker": request.WorkerId = "broken"; break;
            case "other tenant's token": user = User("globex"); break;
        }
        using var channel = cp.Channel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => Client(channel).ExecAsync(request, user, DateTime.UtcNow.AddSeconds(30)).ResponseAsync);
        Assert.True(ex.StatusCode == expected, $"{what}: {ex.StatusCode} {ex.Status.Detail}");
        Assert.Contains(message, ex.Status.Detail);
    }

    private Task<ExecResponse> Exec(Greentic.Providers.Channels.TargetChannel channel, string tenant, string payload) =>
        Client(channel).ExecAsync(new ExecRequest
        {
            Ctx = Ctx(tenant), Version = "1.0", WorkerId = "echo", PayloadJson = payload, TimestampUtc = "2026-12-06T10:00:00Z",
        }, User(tenant), DateTime.UtcNow.AddSeconds(30)).ResponseAsync;

    private static WorkerService.WorkerServiceClient Client(Greentic.Providers.Channels.TargetChannel channel) => new(channel.Invoker);
    private static TenantCtx Ctx(string tenant) => new() { Env = "dev", Tenant = tenant };
    private Metadata User(string tenant) => InProcessControlPlane.Bearer(cp.Token(tenant));
}
