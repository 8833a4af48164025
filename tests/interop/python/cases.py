"""The matrix cases (matrix/cases.js) as a grpcio client of the control plane. Each raises to fail."""
import hashlib
import json
import os
import time

import grpc

from details import call, expect_details


def check(condition, message):
    if not condition:
        raise AssertionError(message)


class Cases:
    def __init__(self, cfg, protos, channel, label):
        self.cfg, self.p, self.label = cfg, protos, label
        p = protos
        self.ctx = p.types_pb2.TenantCtx(env=cfg["env"], tenant=cfg["tenant"])
        self.provider = p.provider_pb2_grpc.ProviderServiceStub(channel)
        self.secrets = p.secrets_pb2_grpc.SecretsServiceStub(channel)
        self.state = p.state_pb2_grpc.StateServiceStub(channel)
        self.http = p.http_pb2_grpc.HttpServiceStub(channel)
        self.telemetry = p.telemetry_pb2_grpc.TelemetryServiceStub(channel)
        self.distributor = p.distributor_pb2_grpc.DistributorServiceStub(channel)
        self.admin = p.admin_pb2_grpc.AdminServiceStub(channel)

    def bearer(self, token=None):
        return [("authorization", f"Bearer {token or self.cfg['token']}")]

    def invoke(self, provider_type, op, payload):
        return self.p.provider_pb2.InvokeRequest(ctx=self.ctx, provider_type=provider_type, op=op, input_json=json.dumps(payload).encode())

    def provider_unary(self):
        p, kw = self.p.provider_pb2, dict(metadata=self.bearer(), timeout=30)
        d = json.loads(self.provider.Describe(p.DescribeRequest(ctx=self.ctx, provider_type="echo"), **kw).describe_json)
        check(d["provider_type"] == "echo", f"Describe: {d}")
        v = json.loads(self.provider.ValidateConfig(p.ValidateConfigRequest(ctx=self.ctx, provider_type="echo", config_json=b"{}"), **kw).result_json)
        check(v["valid"] is True, f"ValidateConfig: {v}")
        h = json.loads(self.provider.Healthcheck(p.HealthcheckRequest(ctx=self.ctx, provider_type="echo"), **kw).health_json)
        check(h["status"] == "ok", f"Healthcheck: {h}")
        out = json.loads(self.provider.Invoke(self.invoke("echo", "echo", {"from": self.label}), **kw).output_json)
        check(out["ok"] is True and out["input"]["from"] == self.label, f"Invoke echo: {out}")

    def secrets_unary(self):
        p, kw = self.p.secrets_pb2, dict(metadata=self.bearer(), timeout=30)
        key, value = f"interop/{self.label.replace('-', '_')}", os.urandom(16)
        self.secrets.Put(p.PutRequest(ctx=self.ctx, key=key, value=value), **kw)
        got = self.secrets.Get(p.GetRequest(ctx=self.ctx, key=key), **kw)
        check(got.HasField("value") and got.value == value, "Get did not return the value put")

    def state_unary(self):
        p, kw = self.p.state_pb2, dict(metadata=self.bearer(), timeout=30)
        self.state.Write(p.WriteRequest(ctx=self.ctx, prefix="interop", key=self.label, value=self.label.encode()), **kw)
        read = self.state.Read(p.ReadRequest(ctx=self.ctx, prefix="interop", key=self.label), **kw)
        check(read.value == self.label.encode(), f"Read returned {read.value!r}")
        self.state.Delete(p.DeleteRequest(ctx=self.ctx, prefix="interop", key=self.label), **kw)
        _, error = call(self.state.Read, p.ReadRequest(ctx=self.ctx, prefix="interop", key=self.label), **kw)
        check(error is not None and error.code() == grpc.StatusCode.NOT_FOUND, f"Read after Delete: {error.code().name if error else 'OK'}")

    def http_unary(self):
        p = self.p.http_pb2
        sent = self.http.Send(p.SendRequest(ctx=self.ctx, request=p.HttpRequest(method="GET", url=self.cfg["egress_url"])),
                              metadata=self.bearer(), timeout=30)
        check(sent.response.status == 200 and json.loads(sent.response.body)["status"] == "ok", f"GET: {sent.response.status}")

    def telemetry_unary(self):
        t, p = self.p.types_pb2, self.p.telemetry_pb2
        self.telemetry.Log(p.LogRequest(ctx=self.ctx, span=t.SpanContext(tenant=self.cfg["tenant"], flow_id="interop", provider="echo"),
                                        fields=[t.KeyValue(key="client", value=self.label)]), metadata=self.bearer(), timeout=30)

    def distributor_unary(self):
        p, kw, pack = self.p.distributor_pb2, dict(metadata=self.bearer(), timeout=30), self.cfg["pack"]
        ref = self.distributor.ResolveRef(p.ResolveRefRequest(ctx=self.ctx, ref=pack["id"]), **kw)
        check(ref.digest == pack["digest"], f"ResolveRef: {ref.digest}")
        comp = self.distributor.ResolveComponent(p.ResolveComponentRequest(ctx=self.ctx, pack_id=pack["id"], component_id=pack["component"]), **kw)
        check(comp.digest.startswith("sha256:"), f"ResolveComponent: digest {comp.digest!r}")
        status = self.distributor.GetPackStatus(p.GetPackStatusRequest(ctx=self.ctx, pack_id=pack["id"]), **kw)
        check(status.status == "ready", f"GetPackStatus: {status.status}")
        v2 = self.distributor.GetPackStatusV2(p.GetPackStatusV2Request(ctx=self.ctx, pack_id=pack["id"]), **kw)
        check(v2.status == "ready" and json.loads(v2.extra_json)["digest"] == pack["digest"], f"GetPackStatusV2: {v2.extra_json}")
        self.distributor.WarmPack(p.WarmPackRequest(ctx=self.ctx, pack_id=pack["id"]), **kw)

    def admin_unary(self):
        p, kw = self.p.admin_pb2, dict(metadata=self.bearer(self.cfg["admin_token"]), timeout=30)
        status = self.admin.GetPackStatus(p.GetPackStatusRequest(), **kw)
        check(any(t.tenant == self.cfg["tenant"] and t.digest == self.cfg["pack"]["digest"] for t in status.tenants), f"GetPackStatus: {status}")
        routes = self.admin.ListRoutes(p.ListRoutesRequest(ctx=self.ctx), **kw)
        check(any(r.provider_type == "echo" for r in routes.rules), "ListRoutes has no echo rule")
        providers = self.admin.ListProviders(p.ListProvidersRequest(ctx=self.ctx), **kw)
        check(any(x.provider_type == "echo" for x in providers.providers), "ListProviders has no echo")

    def server_streaming(self):
        pack = self.cfg["pack"]
        stream = self.distributor.GetByDigest(self.p.distributor_pb2.GetByDigestRequest(ctx=self.ctx, digest=pack["digest"]),
                                              metadata=self.bearer(), timeout=60)
        digest, offset, messages, total = hashlib.sha256(), 0, 0, None
        for m in stream:
            check(m.offset == offset, f"chunk at offset {m.offset}, want {offset}")
            total = m.total_size if total is None else total
            digest.update(m.chunk)
            offset, messages = offset + len(m.chunk), messages + 1
        check(messages > 1, f"{messages} message(s): want a stream of chunks")
        check(offset == pack["size"] and total == pack["size"], f"{offset} bytes, total_size {total}, want {pack['size']}")
        check(f"sha256:{digest.hexdigest()}" == pack["digest"], "the streamed bytes do not hash to the digest")

    def deadline(self):
        _, error = call(self.provider.Invoke, self.invoke("echo", "sleep", {"ms": 10000}), metadata=self.bearer(), timeout=0.5)
        check(error is not None and error.code() == grpc.StatusCode.DEADLINE_EXCEEDED, f"got {error.code().name if error else 'OK'}")

    def cancellation(self):
        trace_id = os.urandom(16).hex()
        metadata = self.bearer() + [("traceparent", f"00-{trace_id}-{os.urandom(8).hex()}-01")]
        future = self.provider.Invoke.future(self.invoke("echo", "sleep", {"ms": 10000}), metadata=metadata, timeout=30)
        time.sleep(0.5)
        future.cancel()
        check(future.cancelled() and future.code() == grpc.StatusCode.CANCELLED, f"got {future.code()}")
        return {"trace_id": trace_id}

    def metadata(self):
        header_ctx = self.p.types_pb2.TenantCtx(env=self.cfg["env"])
        read = self.p.state_pb2.ReadRequest(ctx=header_ctx, prefix="interop", key="absent")
        _, error = call(self.state.Read, read, metadata=self.bearer() + [("x-greentic-tenant", self.cfg["other_tenant"])], timeout=30)
        expect_details(self.p, error, grpc.StatusCode.PERMISSION_DENIED, "TENANT_NOT_GRANTED", {"tenant": self.cfg["other_tenant"]})
        t = self.p.types_pb2
        log = self.p.telemetry_pb2.LogRequest(ctx=header_ctx, span=t.SpanContext(tenant=self.cfg["tenant"], flow_id="interop", provider="echo"))
        _, done = self.telemetry.Log.with_call(log, metadata=self.bearer() + [("x-greentic-tenant", self.cfg["tenant"])], timeout=30)
        check(done.initial_metadata() is not None and done.trailing_metadata() is not None, "response headers or trailers not readable")

    def unauthenticated(self):
        request = self.invoke("echo", "echo", {})
        _, none = call(self.provider.Invoke, request, timeout=30)
        expect_details(self.p, none, grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED", {"credential": "none"})
        _, bad = call(self.provider.Invoke, request, metadata=self.bearer("not-a-jwt"), timeout=30)
        expect_details(self.p, bad, grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED", {"credential": "bearer"})

    def tenant_denied(self):
        other = self.p.types_pb2.TenantCtx(env=self.cfg["env"], tenant=self.cfg["other_tenant"])
        _, error = call(self.state.Read, self.p.state_pb2.ReadRequest(ctx=other, prefix="interop", key="x"), metadata=self.bearer(), timeout=30)
        expect_details(self.p, error, grpc.StatusCode.PERMISSION_DENIED, "TENANT_NOT_GRANTED", {"tenant": self.cfg["other_tenant"]})

    def status_details(self):
        _, error = call(self.provider.Invoke, self.invoke("interop.unrouted", "send", {}), metadata=self.bearer(), timeout=30)
        expect_details(self.p, error, grpc.StatusCode.NOT_FOUND, "NO_ROUTE",
                       {"tenant": self.cfg["tenant"], "provider_type": "interop.unrouted", "op": "send"})

    def message_too_large(self):
        request = self.p.provider_pb2.InvokeRequest(ctx=self.ctx, provider_type="echo", op="echo",
                                                    input_json=b" " * (self.cfg["max_message_size"] + 1024))
        _, error = call(self.provider.Invoke, request, metadata=self.bearer(), timeout=30)
        expect_details(self.p, error, grpc.StatusCode.RESOURCE_EXHAUSTED, "MESSAGE_TOO_LARGE", {"limit": str(self.cfg["max_message_size"])})
