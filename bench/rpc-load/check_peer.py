#!/usr/bin/python3
"""Calls ProviderService/Invoke on a server with a real gRPC client (grpcio) and the request h2load will send, and fails
unless it answers OK with the echo provider's exact response bytes: the load run then only has to confirm that h2load saw
the same responses.

  check_peer.py HOST:PORT TOKEN REQUEST_FRAME_FILE
"""
import sys

import grpc

EXPECTED = b'\x0a\x27{"ok":true,"op":"echo","input":{"n":1}}'


def main() -> int:
    target, token, frame_file = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(frame_file, "rb") as f:
        request = f.read()[5:]
    with grpc.insecure_channel(target) as channel:
        grpc.channel_ready_future(channel).result(timeout=30)
        # Raw bytes both ways: no generated code, the exact bytes h2load sends and expects.
        invoke = channel.unary_unary("/greentic.provider.v1.ProviderService/Invoke")
        for _ in range(3):
            reply = invoke(request, metadata=[("authorization", f"Bearer {token}")], timeout=30)
            if reply != EXPECTED:
                print(f"{target}: Invoke answered {reply!r}, want {EXPECTED!r}", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except grpc.RpcError as e:
        print(f"{sys.argv[1]}: gRPC check failed: {e.code().name}: {e.details()}", file=sys.stderr)
        sys.exit(1)
