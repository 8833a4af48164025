"""Reads the google.rpc.Status a failed call carries in grpc-status-details-bin (grpcio hands binary trailers over as
bytes in trailing_metadata()) and the ErrorInfo among its details."""
import grpc

TRAILER = "grpc-status-details-bin"
ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo"


def expect_details(protos, error, code, reason, metadata=None):
    """Checks that `error` has status `code` and an ErrorInfo with `reason`, domain greentic.dev and every `metadata`
    entry; the google.rpc.Status must repeat the call's code and message. Returns the ErrorInfo."""
    if error is None:
        raise AssertionError(f"the call succeeded; want {code.name}")
    if error.code() != code:
        raise AssertionError(f"status {error.code().name} ({error.details()}); want {code.name}")
    values = [v for k, v in (error.trailing_metadata() or ()) if k == TRAILER]
    if len(values) != 1:
        raise AssertionError(f"{len(values)} {TRAILER} values (want 1)")
    status = protos.status_pb2.Status.FromString(values[0])
    if status.code != code.value[0] or status.message != error.details():
        raise AssertionError(f"google.rpc.Status says {status.code} '{status.message}', the call {code.value[0]} '{error.details()}'")
    infos = [d for d in status.details if d.type_url == ERROR_INFO]
    if not infos:
        raise AssertionError("google.rpc.Status has no ErrorInfo")
    info = protos.error_details_pb2.ErrorInfo()
    infos[0].Unpack(info)
    if info.reason != reason or info.domain != "greentic.dev":
        raise AssertionError(f"ErrorInfo {info.domain}/{info.reason}; want greentic.dev/{reason}")
    for key, value in (metadata or {}).items():
        if info.metadata.get(key) != value:
            raise AssertionError(f"ErrorInfo.metadata.{key} = {info.metadata.get(key)}; want {value}")
    return info


def call(method, request, **kwargs):
    """(response, call or error): with_call's result, or the RpcError, which is also the call."""
    try:
        return method.with_call(request, **kwargs)
    except grpc.RpcError as error:
        return None, error
