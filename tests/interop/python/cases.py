"""The interop test cases (grpc doc/interop-test-descriptions.md), written against grpcio.

Each case takes a Peer and returns on success or raises AssertionError saying what was wrong.
grpcio does not expose the compressed flag of received messages, so the server_compressed_*
cases check the calls and payloads only.
"""
import queue

import grpc

ECHO_INITIAL = "x-grpc-test-echo-initial"
ECHO_TRAILING = "x-grpc-test-echo-trailing-bin"
SPECIAL_MESSAGE = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001F608\t\n"


class Peer:
    def __init__(self, messages, empty, test_service, unimplemented_service):
        self.messages = messages
        self.empty = empty
        self.stub = test_service
        self.unimplemented = unimplemented_service

    def zeros(self, size):
        return self.messages.Payload(body=bytes(size))

    def large_request(self, **extra):
        return self.messages.SimpleRequest(response_size=314159, payload=self.zeros(271828), **extra)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def check_body(response, size):
    body = response.payload.body
    check(len(body) == size, f"payload body is {len(body)} bytes, want {size}")
    check(body == bytes(size), "payload body is not zeros")


def expect_status(code, fn, message=None):
    try:
        fn()
    except grpc.RpcError as err:
        check(err.code() == code, f"status {err.code()} ({err.details()!r}), want {code}")
        if message is not None:
            check(err.details() == message, f"status message {err.details()!r}, want {message!r}")
        return
    raise AssertionError(f"call succeeded, want {code}")


class Requests:
    """A request iterator the test feeds one message at a time; close() half-closes."""
    _END = object()

    def __init__(self):
        self._queue = queue.Queue()

    def send(self, message):
        self._queue.put(message)

    def close(self):
        self._queue.put(self._END)

    def __iter__(self):
        return self

    def __next__(self):
        item = self._queue.get()
        if item is self._END:
            raise StopIteration
        return item


def empty_unary(p):
    check(p.stub.EmptyCall(p.empty.Empty()) is not None, "response is null")


def large_unary(p):
    check_body(p.stub.UnaryCall(p.large_request()), 314159)


def client_compressed_unary(p):
    BoolValue = p.messages.BoolValue
    expect_status(grpc.StatusCode.INVALID_ARGUMENT,
                  lambda: p.stub.UnaryCall(p.large_request(expect_compressed=BoolValue(value=True))))
    check_body(p.stub.UnaryCall(p.large_request(expect_compressed=BoolValue(value=True)),
                                compression=grpc.Compression.Gzip), 314159)
    check_body(p.stub.UnaryCall(p.large_request(expect_compressed=BoolValue(value=False))), 314159)


def server_compressed_unary(p):
    for value in (True, False):
        request = p.large_request(response_compressed=p.messages.BoolValue(value=value))
        check_body(p.stub.UnaryCall(request), 314159)


def client_streaming(p):
    requests = [p.messages.StreamingInputCallRequest(payload=p.zeros(n)) for n in (27182, 8, 1828, 45904)]
    response = p.stub.StreamingInputCall(iter(requests))
    check(response.aggregated_payload_size == 74922,
          f"aggregated_payload_size {response.aggregated_payload_size}, want 74922")


def client_compressed_streaming(p):
    m = p.messages
    probe = m.StreamingInputCallRequest(expect_compressed=m.BoolValue(value=True), payload=p.zeros(27182))
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: p.stub.StreamingInputCall(iter([probe])))
    # grpcio compresses a whole call, not single messages: the second message (which does not
    # expect compression) is compressed too, which the case allows.
    requests = [
        m.StreamingInputCallRequest(expect_compressed=m.BoolValue(value=True), payload=p.zeros(27182)),
        m.StreamingInputCallRequest(expect_compressed=m.BoolValue(value=False), payload=p.zeros(45904)),
    ]
    response = p.stub.StreamingInputCall(iter(requests), compression=grpc.Compression.Gzip)
    check(response.aggregated_payload_size == 73086,
          f"aggregated_payload_size {response.aggregated_payload_size}, want 73086")


def server_streaming(p):
    sizes = [31415, 9, 2653, 58979]
    request = p.messages.StreamingOutputCallRequest(
        response_parameters=[p.messages.ResponseParameters(size=n) for n in sizes])
    got = [len(r.payload.body) for r in p.stub.StreamingOutputCall(request)]
    check(got == sizes, f"response sizes {got}, want {sizes}")


def server_compressed_streaming(p):
    m = p.messages
    request = m.StreamingOutputCallRequest(response_parameters=[
        m.ResponseParameters(compressed=m.BoolValue(value=True), size=31415),
        m.ResponseParameters(compressed=m.BoolValue(value=False), size=92653),
    ])
    got = [len(r.payload.body) for r in p.stub.StreamingOutputCall(request)]
    check(got == [31415, 92653], f"response sizes {got}, want [31415, 92653]")


def ping_pong(p):
    m = p.messages
    requests = Requests()
    responses = p.stub.FullDuplexCall(requests)
    for response_size, body_size in [(31415, 27182), (9, 8), (2653, 1828), (58979, 45904)]:
        requests.send(m.StreamingOutputCallRequest(
            response_parameters=[m.ResponseParameters(size=response_size)], payload=p.zeros(body_size)))
        check_body(next(responses), response_size)
    requests.close()
    rest = list(responses)
    check(rest == [], f"{len(rest)} responses after the fourth")
    check(responses.code() == grpc.StatusCode.OK, f"status {responses.code()}")


def empty_stream(p):
    got = list(p.stub.FullDuplexCall(iter([])))
    check(got == [], f"{len(got)} responses, want 0")


def custom_metadata(p):
    m = p.messages
    trailing_value = b"\xab\xab\xab"
    metadata = [(ECHO_INITIAL, "test_initial_metadata_value"), (ECHO_TRAILING, trailing_value)]

    def check_metadata(initial, trailing):
        check((ECHO_INITIAL, "test_initial_metadata_value") in list(initial),
              f"initial metadata {list(initial)} lacks the echo")
        check((ECHO_TRAILING, trailing_value) in list(trailing), f"trailing metadata {list(trailing)} lacks the echo")

    response, call = p.stub.UnaryCall.with_call(p.large_request(), metadata=metadata)
    check_body(response, 314159)
    check_metadata(call.initial_metadata(), call.trailing_metadata())

    request = m.StreamingOutputCallRequest(
        response_parameters=[m.ResponseParameters(size=314159)], payload=p.zeros(271828))
    responses = p.stub.FullDuplexCall(iter([request]), metadata=metadata)
    got = list(responses)
    check(len(got) == 1, f"{len(got)} responses, want 1")
    check_body(got[0], 314159)
    check_metadata(responses.initial_metadata(), responses.trailing_metadata())


def status_code_and_message(p):
    m = p.messages
    status = m.EchoStatus(code=2, message="test status message")
    expect_status(grpc.StatusCode.UNKNOWN, lambda: p.stub.UnaryCall(m.SimpleRequest(response_status=status)),
                  "test status message")
    expect_status(grpc.StatusCode.UNKNOWN,
                  lambda: list(p.stub.FullDuplexCall(iter([m.StreamingOutputCallRequest(response_status=status)]))),
                  "test status message")


def special_status_message(p):
    status = p.messages.EchoStatus(code=2, message=SPECIAL_MESSAGE)
    expect_status(grpc.StatusCode.UNKNOWN,
                  lambda: p.stub.UnaryCall(p.messages.SimpleRequest(response_status=status)), SPECIAL_MESSAGE)


def unimplemented_method(p):
    expect_status(grpc.StatusCode.UNIMPLEMENTED, lambda: p.stub.UnimplementedCall(p.empty.Empty()))


def unimplemented_service(p):
    expect_status(grpc.StatusCode.UNIMPLEMENTED, lambda: p.unimplemented.UnimplementedCall(p.empty.Empty()))


def timeout_on_sleeping_server(p):
    requests = Requests()
    requests.send(p.messages.StreamingOutputCallRequest(payload=p.zeros(27182)))
    try:
        expect_status(grpc.StatusCode.DEADLINE_EXCEEDED, lambda: list(p.stub.FullDuplexCall(requests, timeout=0.001)))
    finally:
        requests.close()


def cancel_after_begin(p):
    requests = Requests()
    future = p.stub.StreamingInputCall.future(requests)
    future.cancel()
    requests.close()
    check(future.cancelled(), "call not cancelled")
    check(future.code() == grpc.StatusCode.CANCELLED, f"status {future.code()}, want CANCELLED")


def cancel_after_first_response(p):
    m = p.messages
    requests = Requests()
    responses = p.stub.FullDuplexCall(requests)
    requests.send(m.StreamingOutputCallRequest(
        response_parameters=[m.ResponseParameters(size=31415)], payload=p.zeros(27182)))
    check_body(next(responses), 31415)
    responses.cancel()
    requests.close()
    check(responses.code() == grpc.StatusCode.CANCELLED, f"status {responses.code()}, want CANCELLED")


CASES = {f.__name__: f for f in [
    empty_unary, large_unary, client_compressed_unary, server_compressed_unary, client_streaming,
    client_compressed_streaming, server_streaming, server_compressed_streaming, ping_pong, empty_stream,
    custom_metadata, status_code_and_message, special_status_message, unimplemented_method,
    unimplemented_service, timeout_on_sleeping_server, cancel_after_begin, cancel_after_first_response,
]}
