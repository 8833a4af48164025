"""A real gRPC peer (grpcio) for our health and reflection services.

Usage: health_reflection_client.py HOST:PORT
Prints one JSON object with what it saw; exits non-zero on any RPC failure.
"""
import importlib
import json
import os
import shutil
import sys
import tempfile

import grpc
from google.protobuf import descriptor_pb2
from grpc_tools import protoc

PROTO_ROOT = os.environ.get("GRPC_PROTO_ROOT", "/usr/share/grpc-proto")
PROTOS = ["grpc/health/v1/health.proto", "grpc/reflection/v1/reflection.proto", "grpc/reflection/v1alpha/reflection.proto"]


def load_stubs():
    out = tempfile.mkdtemp(prefix="rpc-peer-stubs-")
    if protoc.main(["protoc", f"-I{PROTO_ROOT}", f"--python_out={out}", f"--grpc_python_out={out}", *PROTOS]) != 0:
        raise RuntimeError("protoc failed")
    # The protos live in package grpc.*, inside the grpc library's own package.
    grpc.__path__.append(os.path.join(out, "grpc"))
    return out, {name: importlib.import_module(name) for name in [
        "grpc.health.v1.health_pb2", "grpc.health.v1.health_pb2_grpc",
        "grpc.reflection.v1.reflection_pb2", "grpc.reflection.v1.reflection_pb2_grpc",
        "grpc.reflection.v1alpha.reflection_pb2", "grpc.reflection.v1alpha.reflection_pb2_grpc"]}


def reflect(stub_module, pb2, channel, requests):
    stub = stub_module.ServerReflectionStub(channel)
    return list(stub.ServerReflectionInfo(iter(requests), timeout=10))


def main():
    out, m = load_stubs()
    try:
        result = {}
        with grpc.insecure_channel(sys.argv[1]) as channel:
            health = m["grpc.health.v1.health_pb2_grpc"].HealthStub(channel)
            hpb = m["grpc.health.v1.health_pb2"]
            result["check"] = hpb.HealthCheckResponse.ServingStatus.Name(health.Check(hpb.HealthCheckRequest(service=""), timeout=10).status)
            try:
                health.Check(hpb.HealthCheckRequest(service="no.such.Service"), timeout=10)
                result["check_unknown"] = "OK"
            except grpc.RpcError as e:
                result["check_unknown"] = e.code().name
            watch = health.Watch(hpb.HealthCheckRequest(service=""), timeout=10)
            result["watch_first"] = hpb.HealthCheckResponse.ServingStatus.Name(next(watch).status)
            watch.cancel()

            for version in ["v1", "v1alpha"]:
                pb2 = m[f"grpc.reflection.{version}.reflection_pb2"]
                stubs = m[f"grpc.reflection.{version}.reflection_pb2_grpc"]
                answers = reflect(stubs, pb2, channel, [
                    pb2.ServerReflectionRequest(list_services=""),
                    pb2.ServerReflectionRequest(file_containing_symbol="grpc.health.v1.Health"),
                    pb2.ServerReflectionRequest(file_containing_symbol="no.such.Symbol"),
                ])
                files = [descriptor_pb2.FileDescriptorProto.FromString(b) for b in answers[1].file_descriptor_response.file_descriptor_proto]
                result[version] = {
                    "services": [s.name for s in answers[0].list_services_response.service],
                    "file": files[0].name,
                    "file_services": [s.name for s in files[0].service],
                    "missing_error": answers[2].error_response.error_code,
                }
        print(json.dumps(result))
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
