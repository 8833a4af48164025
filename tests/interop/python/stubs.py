"""Generates Python stubs for grpc/testing/test.proto into a temp dir and imports them."""
import atexit
import importlib
import os
import shutil
import tempfile

import grpc
from grpc_tools import protoc

PROTO_ROOT = os.environ.get("GRPC_PROTO_ROOT", "/usr/share/grpc-proto")
PROTOS = ["grpc/testing/test.proto", "grpc/testing/messages.proto", "grpc/testing/empty.proto"]


def load():
    """Returns (messages_pb2, empty_pb2, test_pb2_grpc), generated fresh for this process."""
    out = tempfile.mkdtemp(prefix="interop-stubs-")
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    args = ["protoc", f"-I{PROTO_ROOT}", f"--python_out={out}", f"--grpc_python_out={out}", *PROTOS]
    if protoc.main(args) != 0:
        raise RuntimeError(f"protoc failed for {PROTOS}")
    # The protos live in package grpc.testing, inside the grpc library's own package:
    # let the library's package also search the generated tree.
    grpc.__path__.append(os.path.join(out, "grpc"))
    return (
        importlib.import_module("grpc.testing.messages_pb2"),
        importlib.import_module("grpc.testing.empty_pb2"),
        importlib.import_module("grpc.testing.test_pb2_grpc"),
    )
