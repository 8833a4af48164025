#!/usr/bin/python3
"""Writes one gRPC request frame of greentic.provider.v1.ProviderService/Invoke (echo/echo, tenant demo) to stdout.

Encoded by hand (protobuf wire format) so the bench needs no generated code:
InvokeRequest { ctx: TenantCtx { env: "dev", tenant: "demo", tenant_id: "demo" }, provider_type: "echo", op: "echo", input_json: {"n":1} }
"""
import struct
import sys


def field(number: int, value: bytes) -> bytes:
    return bytes([number << 3 | 2]) + varint(len(value)) + value


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


ctx = field(1, b"dev") + field(2, b"demo") + field(3, b"demo")
message = field(1, ctx) + field(2, b"echo") + field(3, b"echo") + field(4, b'{"n":1}')
sys.stdout.buffer.write(b"\x00" + struct.pack(">I", len(message)) + message)
