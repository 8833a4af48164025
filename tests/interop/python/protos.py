"""Generates Python code for the Greentic protos (protos/, every service) and google.rpc's status protos (from the
google-proto-files npm package) with Debian's protoc and grpc_python_plugin, into a temporary folder, and imports it.
Debian has no grpcio-status, so grpc-status-details-bin is decoded with these generated messages."""
import atexit
import importlib
import os
import shutil
import subprocess
import sys
import tempfile

SERVICES = ["provider", "secrets", "state", "http", "telemetry", "distributor", "admin"]


def _generate(out, proto_root, google_root):
    protoc, plugin = shutil.which("protoc"), shutil.which("grpc_python_plugin")
    if not (protoc and plugin):
        raise RuntimeError("protoc and grpc_python_plugin are needed (apt-get install protobuf-compiler protobuf-compiler-grpc)")
    greentic = [f"greentic/{s}/v1/{s}.proto" for s in SERVICES] + ["greentic/types/v1/types.proto"]
    for includes, files, grpc_out in (([proto_root], greentic, True),
                                      ([google_root, "/usr/include"], ["google/rpc/status.proto", "google/rpc/error_details.proto"], False)):
        args = [protoc, f"--plugin=protoc-gen-grpc_python={plugin}", *[f"-I{i}" for i in includes], f"--python_out={out}"]
        if grpc_out:
            args.append(f"--grpc_python_out={out}")
        result = subprocess.run(args + files, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"protoc failed: {result.stderr.strip()}")
    for folder, _, _ in os.walk(os.path.join(out, "greentic")):
        open(os.path.join(folder, "__init__.py"), "a").close()


class Protos:
    """Modules by short name: protos.provider_pb2, protos.provider_pb2_grpc, …, protos.status_pb2, protos.error_details_pb2."""

    def __init__(self, proto_root, google_root):
        out = tempfile.mkdtemp(prefix="greentic-interop-py-")
        atexit.register(shutil.rmtree, out, ignore_errors=True)
        _generate(out, proto_root, google_root)
        # google.rpc lives beside the installed google.protobuf package: extend the namespace to the generated tree.
        import google
        google.__path__.append(os.path.join(out, "google"))
        sys.path.insert(0, out)
        for s in SERVICES + ["types"]:
            setattr(self, f"{s}_pb2", importlib.import_module(f"greentic.{s}.v1.{s}_pb2"))
            if s != "types":
                setattr(self, f"{s}_pb2_grpc", importlib.import_module(f"greentic.{s}.v1.{s}_pb2_grpc"))
        self.status_pb2 = importlib.import_module("google.rpc.status_pb2")
        self.error_details_pb2 = importlib.import_module("google.rpc.error_details_pb2")
