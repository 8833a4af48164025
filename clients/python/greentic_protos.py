"""Generates Python gRPC code from protos/ with protoc and grpc_python_plugin, and imports it.

`load()` generates into a fresh temporary folder at run time (nothing generated is checked in);
`python3 greentic_protos.py OUT_DIR` writes the same code to OUT_DIR for editors and packaging.
"""
import importlib
import os
import shutil
import subprocess
import sys
import tempfile

PROTO_ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "protos"))


def _protoc_command():
    """Debian's protoc (3.21) with grpc_python_plugin. python3-grpc-tools bundles protoc 3.5, too old for proto3
    `optional`, so it serves only as the fallback for protos without it."""
    protoc, plugin = shutil.which("protoc"), shutil.which("grpc_python_plugin")
    if protoc and plugin:
        return [protoc, f"--plugin=protoc-gen-grpc_python={plugin}"]
    return [sys.executable, "-m", "grpc_tools.protoc"]


def generate(out_dir):
    files = []
    for folder, _, names in os.walk(PROTO_ROOT):
        files += [os.path.relpath(os.path.join(folder, n), PROTO_ROOT) for n in names if n.endswith(".proto")]
    args = _protoc_command() + [f"-I{PROTO_ROOT}", f"--python_out={out_dir}", f"--grpc_python_out={out_dir}"]
    result = subprocess.run(args + sorted(files), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"protoc failed on {PROTO_ROOT} (needs protobuf-compiler-grpc): {result.stderr.strip()}")
    # Make every generated folder a package so `greentic.provider.v1` imports.
    for folder, _, names in os.walk(os.path.join(out_dir, "greentic")):
        open(os.path.join(folder, "__init__.py"), "a").close()


def load():
    """Returns (provider_pb2, provider_pb2_grpc, types_pb2), generated into a temporary folder."""
    out_dir = tempfile.mkdtemp(prefix="greentic-py-")
    generate(out_dir)
    sys.path.insert(0, out_dir)
    provider_pb2 = importlib.import_module("greentic.provider.v1.provider_pb2")
    provider_pb2_grpc = importlib.import_module("greentic.provider.v1.provider_pb2_grpc")
    types_pb2 = importlib.import_module("greentic.types.v1.types_pb2")
    return provider_pb2, provider_pb2_grpc, types_pb2, out_dir


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: greentic_protos.py OUT_DIR")
    os.makedirs(sys.argv[1], exist_ok=True)
    generate(sys.argv[1])
    print(f"generated Python code for {PROTO_ROOT} in {sys.argv[1]}")
