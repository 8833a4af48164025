#!/usr/bin/python3
"""The grpcio peer of the matrix: runs every case against the live control plane over one transport and prints one
JSON line per case, {"case","ok","detail"[,"trace_id"]}.
  /usr/bin/python3 peer.py CONFIG.json h2c|tls|uds
Run with /usr/bin/python3, the interpreter that sees Debian's python3-grpcio."""
import json
import os
import sys

import grpc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import Cases  # noqa: E402
from protos import Protos  # noqa: E402

CASES = ["provider_unary", "secrets_unary", "state_unary", "http_unary", "telemetry_unary", "distributor_unary", "admin_unary",
         "server_streaming", "deadline", "cancellation", "metadata", "unauthenticated", "tenant_denied", "status_details",
         "message_too_large"]


def channel(cfg, transport):
    options = [("grpc.max_send_message_length", -1), ("grpc.max_receive_message_length", -1)]
    if transport == "h2c":
        return grpc.insecure_channel(cfg["targets"]["h2c"], options=options)
    if transport == "tls":
        with open(cfg["ca_file"], "rb") as f:
            return grpc.secure_channel(cfg["targets"]["tls"], grpc.ssl_channel_credentials(root_certificates=f.read()), options=options)
    if transport == "uds":
        return grpc.insecure_channel("unix://" + cfg["targets"]["uds"], options=options)
    raise ValueError(f"unknown transport {transport!r}")


def main():
    config_file, transport = sys.argv[1], sys.argv[2]
    with open(config_file, encoding="utf-8") as f:
        cfg = json.load(f)
    protos = Protos(cfg["proto_root"], cfg["google_proto_root"])
    with channel(cfg, transport) as ch:
        cases = Cases(cfg, protos, ch, f"python-{transport}")
        for name in CASES:
            try:
                extra = getattr(cases, name)() or {}
                line = {"case": name, "ok": True, "detail": "", **extra}
            except (AssertionError, grpc.RpcError, KeyError, ValueError) as e:
                detail = f"{e.code().name}: {e.details()}" if isinstance(e, grpc.RpcError) else str(e)
                line = {"case": name, "ok": False, "detail": detail}
            print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
