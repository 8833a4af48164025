namespace Greentic.Rpc;

/// <summary>
/// The outcome of a call: a code, a human-readable detail, and optionally the serialized
/// <c>google.rpc.Status</c> carried in <c>grpc-status-details-bin</c>.
/// </summary>
public readonly record struct Status(StatusCode StatusCode, string Detail, ReadOnlyMemory<byte> DetailsBinary = default)
{
    public static readonly Status DefaultSuccess = new(StatusCode.OK, "");
    public static readonly Status DefaultCancelled = new(StatusCode.Cancelled, "");

    public override string ToString() => $"Status(StatusCode=\"{StatusCode}\", Detail=\"{Detail}\")";
}
