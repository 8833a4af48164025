"""Generates Python stubs for grpc/testing/test.proto with grpc_tools.protoc and imports them.

INTEROP_PY_STUBS names a directory of stubs generated beforehand (`stubs.py DIR` generates them),
so a matrix of many client runs pays for protoc once; otherwise each process generates its own.
"""
import atexit
import importlib
import os
import shutil
import sys
import tempfile

import grpc
from grpc_tools import protoc

PROTO_ROOT = os.environ.get("GRPC_PROTO_ROOT", "/usr/share/grpc-proto")
PROTOS = ["grpc/testing/test.proto", "grpc/testing/messages.proto", "grpc/testing/empty.proto"]


def generate(out):
    args = ["protoc", f"-I{PROTO_ROOT}", f"--python_out={out}", f"--grpc_python_out={out}", *PROTOS]
    if protoc.main(args) != 0:
        raise RuntimeError(f"protoc failed for {PROTOS}")


def load():
    """Returns (messages_pb2, empty_pb2, test_pb2_grpc)."""
    out = os.environ.get("INTEROP_PY_STUBS")
    if not out:
        out = tempfile.mkdtemp(prefix="interop-stubs-")
        atexit.register(shutil.rmtree, out, ignore_errors=True)
        generate(out)
    # The protos live in package grpc.testing, inside the grpc library's own package:
    # let the library's package also search the generated tree.
    grpc.__path__.append(os.path.join(out, "grpc"))
    return (
        importlib.import_module("grpc.testing.messages_pb2"),
        importlib.import_module("grpc.testing.empty_pb2"),
        importlib.import_module("grpc.testing.test_pb2_grpc"),
    )


if __name__ == "__main__":
    generate(sys.argv[1])
