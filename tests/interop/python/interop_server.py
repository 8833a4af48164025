#!/usr/bin/python3
"""grpcio implementation of grpc.testing.TestService: --port=N --use_tls=BOOL.

The peer that compresses responses (grpc-js servers cannot): response_compressed asks for gzip
on the call, and ResponseParameters.compressed=false turns it off for single messages.
grpcio does not tell a handler whether a request was compressed, so expect_compressed
(CompressedRequest) is not implemented here; the grpc-js server covers it.
Prints "listening on PORT" once bound.
"""
import argparse
import os
import signal
import sys
import threading
import time
from concurrent import futures

import grpc

import stubs

CERT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "certs")
ECHO_INITIAL = "x-grpc-test-echo-initial"
ECHO_TRAILING = "x-grpc-test-echo-trailing-bin"


def boolean(text):
    if text not in ("true", "false"):
        raise argparse.ArgumentTypeError(f"want true or false, got {text!r}")
    return text == "true"


def make_servicer(messages, empty, test_grpc):
    def zeros(size):
        return messages.Payload(body=bytes(size))

    def echo_metadata(context):
        metadata = dict(context.invocation_metadata())
        if ECHO_INITIAL in metadata:
            context.send_initial_metadata([(ECHO_INITIAL, metadata[ECHO_INITIAL])])
        if ECHO_TRAILING in metadata:
            context.set_trailing_metadata([(ECHO_TRAILING, metadata[ECHO_TRAILING])])

    def echo_status(status, context):
        if status.code != 0:
            context.abort(grpc.StatusCode(next(c.value for c in grpc.StatusCode if c.value[0] == status.code)),
                          status.message)

    def stream_responses(request, context, compress_by_default):
        for params in request.response_parameters:
            if params.interval_us > 0:
                time.sleep(params.interval_us / 1e6)
            if compress_by_default and params.HasField("compressed") and not params.compressed.value:
                context.disable_next_message_compression()
            yield messages.StreamingOutputCallResponse(payload=zeros(params.size))

    def any_compressed(request):
        return any(p.compressed.value for p in request.response_parameters)

    class TestService(test_grpc.TestServiceServicer):
        def EmptyCall(self, request, context):
            echo_metadata(context)
            return empty.Empty()

        def UnaryCall(self, request, context):
            if request.response_compressed.value:
                context.set_compression(grpc.Compression.Gzip)
            echo_metadata(context)
            echo_status(request.response_status, context)
            return messages.SimpleResponse(payload=zeros(request.response_size))

        def StreamingOutputCall(self, request, context):
            compress = any_compressed(request)
            if compress:
                context.set_compression(grpc.Compression.Gzip)
            echo_metadata(context)
            yield from stream_responses(request, context, compress)
            echo_status(request.response_status, context)

        def StreamingInputCall(self, request_iterator, context):
            echo_metadata(context)
            total = sum(len(r.payload.body) for r in request_iterator)
            return messages.StreamingInputCallResponse(aggregated_payload_size=total)

        def FullDuplexCall(self, request_iterator, context):
            echo_metadata(context)
            for request in request_iterator:
                echo_status(request.response_status, context)
                yield from stream_responses(request, context, False)

        def HalfDuplexCall(self, request_iterator, context):
            echo_metadata(context)
            for request in list(request_iterator):
                echo_status(request.response_status, context)
                yield from stream_responses(request, context, False)
        # UnimplementedCall is inherited: the generated servicer answers UNIMPLEMENTED.

    return TestService()


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--use_tls", type=boolean, nargs="?", const=True, default=False)
    args = parser.parse_args(argv)

    messages, empty, test_grpc = stubs.load()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
    test_grpc.add_TestServiceServicer_to_server(make_servicer(messages, empty, test_grpc), server)
    address = f"127.0.0.1:{args.port}"
    if args.use_tls:
        read = lambda name: open(os.path.join(CERT_DIR, name), "rb").read()
        port = server.add_secure_port(address, grpc.ssl_server_credentials([(read("server.key"), read("server.pem"))]))
    else:
        port = server.add_insecure_port(address)
    server.start()
    print(f"listening on {port}", flush=True)

    stopped = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopped.set())
    stopped.wait()
    server.stop(grace=1).wait()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
