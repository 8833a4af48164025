namespace Greentic.Rpc;

/// <summary>Per-call options: headers, deadline, cancellation, compression and write options.</summary>
public readonly record struct CallOptions(
    Metadata? Headers = null,
    DateTime? Deadline = null,
    CancellationToken CancellationToken = default,
    string? RequestCompression = null)
{
    public CallOptions WithHeaders(Metadata headers) => this with { Headers = headers };
    public CallOptions WithDeadline(DateTime deadline) => this with { Deadline = deadline };
    public CallOptions WithCancellationToken(CancellationToken token) => this with { CancellationToken = token };
}
