#!/usr/bin/python3
"""Writes the gRPC frame of InvokeRequest{ctx{env:"dev",tenant:"demo"}, provider_type:"echo", op:"echo",
input_json:'{"n":1}'} to stdout: the body h2load sends to both servers (protobuf encoded by hand, 5-byte frame header)."""
import sys


def field(number: int, value: bytes) -> bytes:
    """A length-delimited protobuf field (wire type 2); every length here is under 128, so one varint byte."""
    assert len(value) < 128
    return bytes([number << 3 | 2, len(value)]) + value


ctx = field(1, b"dev") + field(2, b"demo")
message = field(1, ctx) + field(2, b"echo") + field(3, b"echo") + field(4, b'{"n":1}')
sys.stdout.buffer.write(bytes([0]) + len(message).to_bytes(4, "big") + message)
