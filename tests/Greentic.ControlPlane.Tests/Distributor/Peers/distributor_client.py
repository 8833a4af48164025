"""A real grpcio peer for DistributorService: resolve-ref then get-by-digest, as another language's client sees them.

usage: distributor_client.py REPO_ROOT UNIX_SOCKET TOKEN TENANT REF OTHER_TENANTS_DIGEST
prints JSON: {digest, total_size, chunks, offsets_ok, sha256, other_code, other_detail}
"""
import hashlib
import importlib
import json
import os
import sys

import grpc


def load_protos(root):
    """The repository's own Python codegen (clients/python/greentic_protos.py: Debian's protoc + grpc_python_plugin)."""
    sys.path.insert(0, os.path.join(root, "clients", "python"))
    import greentic_protos
    _, _, types_pb2, _ = greentic_protos.load()
    return (importlib.import_module("greentic.distributor.v1.distributor_pb2"),
            importlib.import_module("greentic.distributor.v1.distributor_pb2_grpc"), types_pb2)


def main():
    root, socket, token, tenant, ref, other_digest = sys.argv[1:7]
    pb, rpc, types = load_protos(root)
    metadata = [("authorization", "Bearer " + token)]
    ctx = types.TenantCtx(env="dev", tenant=tenant)
    with grpc.insecure_channel("unix:" + socket) as channel:
        stub = rpc.DistributorServiceStub(channel)
        resolved = stub.ResolveRef(pb.ResolveRefRequest(ctx=ctx, ref=ref), metadata=metadata, timeout=60)
        sha, total, chunks, expected_offset, offsets_ok = hashlib.sha256(), None, 0, 0, True
        for message in stub.GetByDigest(pb.GetByDigestRequest(ctx=ctx, digest=resolved.digest), metadata=metadata, timeout=60):
            if total is None:
                total = message.total_size
            offsets_ok = offsets_ok and message.offset == expected_offset and len(message.chunk) <= 64 * 1024
            expected_offset += len(message.chunk)
            sha.update(message.chunk)
            chunks += 1
        try:
            for _ in stub.GetByDigest(pb.GetByDigestRequest(ctx=ctx, digest=other_digest), metadata=metadata, timeout=60):
                pass
            other = ("OK", "")
        except grpc.RpcError as e:
            other = (e.code().name, e.details())
    print(json.dumps({
        "digest": resolved.digest, "size_bytes": resolved.metadata.cache_info.size_bytes, "total_size": total,
        "received": expected_offset, "chunks": chunks, "offsets_ok": offsets_ok, "sha256": "sha256:" + sha.hexdigest(),
        "other_code": other[0], "other_detail": other[1],
    }))


if __name__ == "__main__":
    main()
