namespace Greentic.Rpc;

/// <summary>Thrown by handlers to end a call with a status, and by clients when a call ends with one that is not OK.</summary>
public class RpcException : Exception
{
    public RpcException(Status status) : this(status, new Metadata(), null) { }

    public RpcException(Status status, string? message) : this(status, new Metadata(), message) { }

    public RpcException(Status status, Metadata trailers, string? message = null)
        : base(message ?? status.ToString())
    {
        Status = status;
        Trailers = trailers;
    }

    public Status Status { get; }
    public StatusCode StatusCode => Status.StatusCode;

    /// <summary>Trailers received with the status (client side) or to send with it (server side).</summary>
    public Metadata Trailers { get; }
}
