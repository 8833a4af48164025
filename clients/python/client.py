#!/usr/bin/python3
"""Greentic client sample (Python, grpcio): messaging.dummy send_payload and echo echo through the control plane.

Env: GREENTIC_ADDRESS (default http://127.0.0.1:7878), GREENTIC_TOKEN, GREENTIC_TENANT (default demo),
GREENTIC_BENCH_CALLS (optional: time that many echo calls, see greentic_bench.py).
Run with /usr/bin/python3 (the interpreter that sees Debian's python3-grpcio and python3-grpc-tools).
"""
import base64
import json
import os
import shutil
import sys
from urllib.parse import urlparse

import grpc

import greentic_bench
import greentic_protos

DEADLINE_SECONDS = 30


def resolve_channel():
    address = os.environ.get("GREENTIC_ADDRESS") or "http://127.0.0.1:7878"
    if address.startswith("unix:"):
        return grpc.insecure_channel(address)
    url = urlparse(address)
    if url.scheme == "http" and url.netloc:
        return grpc.insecure_channel(url.netloc)
    if url.scheme == "https" and url.netloc:
        return grpc.secure_channel(url.netloc, grpc.ssl_channel_credentials())
    raise ValueError(f"GREENTIC_ADDRESS '{address}' must be http://host:port, https://host:port or unix:///path")


def resolve_token():
    token = (os.environ.get("GREENTIC_TOKEN") or "").strip()
    if token:
        return token
    path = os.path.abspath(os.path.join(".greentic", "dev-token.txt"))
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    raise ValueError(f"no token: set GREENTIC_TOKEN or run 'greentic up' here (it writes {path})")


def invoke(stub, provider_pb2, ctx, token, provider_type, op, payload):
    request = provider_pb2.InvokeRequest(ctx=ctx, provider_type=provider_type, op=op, input_json=json.dumps(payload).encode())
    try:
        response = stub.Invoke(request, metadata=[("authorization", f"Bearer {token}")], timeout=DEADLINE_SECONDS)
    except grpc.RpcError as e:
        raise RuntimeError(f"{provider_type} {op}: {e.code().name}: {e.details()}") from None
    output = json.loads(response.output_json)
    if isinstance(output, dict) and output.get("ok") is False:
        raise RuntimeError(f"{provider_type} {op}: provider failed: {json.dumps(output.get('error'))}")
    return output


def main():
    generated = None
    try:
        provider_pb2, provider_pb2_grpc, types_pb2, generated = greentic_protos.load()
        token = resolve_token()
        tenant = os.environ.get("GREENTIC_TENANT") or "demo"
        ctx = types_pb2.TenantCtx(env="dev", tenant=tenant, tenant_id=tenant)
        with resolve_channel() as channel:
            stub = provider_pb2_grpc.ProviderServiceStub(channel)
            payload = {"content_type": "text/plain", "body_b64": base64.b64encode(b"hello from python").decode(), "metadata": {}}
            sent = invoke(stub, provider_pb2, ctx, token, "messaging.dummy", "send_payload",
                          {"v": 1, "provider_type": "messaging.dummy", "payload": payload, "tenant": {"tenant": tenant}})
            echoed = invoke(stub, provider_pb2, ctx, token, "echo", "echo", {"hello": "python"})
            result = {"client": "python", "send_payload": sent, "echo": echoed}
            calls = int(os.environ.get("GREENTIC_BENCH_CALLS") or "0")
            if calls > 0:
                result["bench"] = greentic_bench.echo_bench(stub, provider_pb2, ctx, token, calls)
        print(json.dumps(result))
        return 0
    except (RuntimeError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except grpc.RpcError as e:
        print(f"error: {e.code().name}: {e.details()}", file=sys.stderr)
        return 1
    finally:
        if generated:
            shutil.rmtree(generated, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
