'use strict';
// The matrix cases (matrix/cases.js) as a grpc-js client of the control plane. Each throws to fail.
const crypto = require('node:crypto');
const { grpc } = require('./protos');
const { unary, ok, serverStream } = require('./calls');
const { expectDetails } = require('./details');

const json = (value) => Buffer.from(JSON.stringify(value));
const parse = (bytes) => JSON.parse(Buffer.from(bytes).toString('utf8'));
function check(condition, message) { if (!condition) throw new Error(message); }

function makeCases(peer) {
  const { cfg, clients, types, label } = peer;
  const ctx = { env: cfg.env, tenant: cfg.tenant };
  const bearer = (token = cfg.token) => { const m = new grpc.Metadata(); m.set('authorization', `Bearer ${token}`); return m; };
  const deadline = (ms = 30000) => ({ deadline: Date.now() + ms });
  const { provider, secrets, state, http, telemetry, distributor, admin } = clients;
  const packRequest = { ctx, pack_id: cfg.pack.id };

  return {
    async provider_unary() {
      const d = parse((await ok(provider, 'Describe', { ctx, provider_type: 'echo' }, bearer(), deadline())).describe_json);
      check(d.provider_type === 'echo', `Describe: ${JSON.stringify(d)}`);
      const v = parse((await ok(provider, 'ValidateConfig', { ctx, provider_type: 'echo', config_json: json({}) }, bearer(), deadline())).result_json);
      check(v.valid === true, `ValidateConfig: ${JSON.stringify(v)}`);
      const h = parse((await ok(provider, 'Healthcheck', { ctx, provider_type: 'echo' }, bearer(), deadline())).health_json);
      check(h.status === 'ok', `Healthcheck: ${JSON.stringify(h)}`);
      const out = parse((await ok(provider, 'Invoke', { ctx, provider_type: 'echo', op: 'echo', input_json: json({ from: label }) }, bearer(), deadline())).output_json);
      check(out.ok === true && out.input.from === label, `Invoke echo: ${JSON.stringify(out)}`);
    },

    async secrets_unary() {
      const key = `interop/${label.replace(/\W/g, '_')}`;
      const value = crypto.randomBytes(16);
      await ok(secrets, 'Put', { ctx, key, value }, bearer(), deadline());
      const got = await ok(secrets, 'Get', { ctx, key }, bearer(), deadline());
      check(got.value && Buffer.from(got.value).equals(value), 'Get did not return the value put');
    },

    async state_unary() {
      const request = { ctx, prefix: 'interop', key: label };
      await ok(state, 'Write', { ...request, value: Buffer.from(label) }, bearer(), deadline());
      const read = await ok(state, 'Read', request, bearer(), deadline());
      check(Buffer.from(read.value).toString() === label, `Read returned '${Buffer.from(read.value)}'`);
      await ok(state, 'Delete', request, bearer(), deadline());
      const gone = await unary(state, 'Read', request, bearer(), deadline());
      check(gone.error && gone.error.code === grpc.status.NOT_FOUND, `Read after Delete: ${gone.error ? grpc.status[gone.error.code] : 'OK'}`);
    },

    async http_unary() {
      const sent = await ok(http, 'Send', { ctx, request: { method: 'GET', url: cfg.egress_url } }, bearer(), deadline());
      check(sent.response.status === 200 && parse(sent.response.body).status === 'ok', `GET ${cfg.egress_url}: ${sent.response.status}`);
    },

    async telemetry_unary() {
      await ok(telemetry, 'Log', { ctx, span: { tenant: cfg.tenant, flow_id: 'interop', provider: 'echo' }, fields: [{ key: 'client', value: label }] },
        bearer(), deadline());
    },

    async distributor_unary() {
      const ref = await ok(distributor, 'ResolveRef', { ctx, ref: cfg.pack.id }, bearer(), deadline());
      check(ref.digest === cfg.pack.digest, `ResolveRef ${cfg.pack.id}: ${ref.digest}, want ${cfg.pack.digest}`);
      const component = await ok(distributor, 'ResolveComponent', { ...packRequest, component_id: cfg.pack.component }, bearer(), deadline());
      check(component.digest.startsWith('sha256:'), `ResolveComponent: digest '${component.digest}'`);
      check((await ok(distributor, 'GetPackStatus', packRequest, bearer(), deadline())).status === 'ready', 'GetPackStatus is not ready');
      const v2 = await ok(distributor, 'GetPackStatusV2', packRequest, bearer(), deadline());
      check(v2.status === 'ready' && JSON.parse(v2.extra_json).digest === cfg.pack.digest, `GetPackStatusV2: ${v2.extra_json}`);
      await ok(distributor, 'WarmPack', packRequest, bearer(), deadline());
    },

    async admin_unary() {
      const status = await ok(admin, 'GetPackStatus', {}, bearer(cfg.admin_token), deadline());
      check(status.tenants.some((t) => t.tenant === cfg.tenant && t.digest === cfg.pack.digest), `GetPackStatus: ${JSON.stringify(status.tenants)}`);
      const routes = await ok(admin, 'ListRoutes', { ctx }, bearer(cfg.admin_token), deadline());
      check(routes.rules.some((r) => r.provider_type === 'echo'), 'ListRoutes has no echo rule');
      const providers = await ok(admin, 'ListProviders', { ctx }, bearer(cfg.admin_token), deadline());
      check(providers.providers.some((p) => p.provider_type === 'echo'), 'ListProviders has no echo');
    },

    async server_streaming() {
      const chunks = await serverStream(distributor, 'GetByDigest', { ctx, digest: cfg.pack.digest }, bearer());
      const hash = crypto.createHash('sha256');
      let offset = 0;
      for (const m of chunks) {
        check(Number(m.offset) === offset, `chunk at offset ${m.offset}, want ${offset}`);
        hash.update(m.chunk);
        offset += m.chunk.length;
      }
      check(chunks.length > 1, `${chunks.length} message(s): want a stream of chunks`);
      check(offset === cfg.pack.size && Number(chunks[0].total_size) === cfg.pack.size, `${offset} bytes, total_size ${chunks[0].total_size}, want ${cfg.pack.size}`);
      check(`sha256:${hash.digest('hex')}` === cfg.pack.digest, 'the streamed bytes do not hash to the digest');
    },

    async deadline() {
      const r = await unary(provider, 'Invoke', { ctx, provider_type: 'echo', op: 'sleep', input_json: json({ ms: 10000 }) }, bearer(), deadline(500));
      check(r.error && r.error.code === grpc.status.DEADLINE_EXCEEDED, `got ${r.error ? grpc.status[r.error.code] : 'OK'}, want DEADLINE_EXCEEDED`);
    },

    async cancellation() {
      const traceId = crypto.randomBytes(16).toString('hex');
      const metadata = bearer();
      metadata.set('traceparent', `00-${traceId}-${crypto.randomBytes(8).toString('hex')}-01`);
      const r = await unary(provider, 'Invoke', { ctx, provider_type: 'echo', op: 'sleep', input_json: json({ ms: 10000 }) }, metadata,
        { ...deadline(), cancelAfterMs: 500 });
      check(r.error && r.error.code === grpc.status.CANCELLED, `got ${r.error ? grpc.status[r.error.code] : 'OK'}, want CANCELLED`);
      return { trace_id: traceId };
    },

    async metadata() {
      const headerCtx = { env: cfg.env };
      const refused = bearer();
      refused.set('x-greentic-tenant', cfg.other_tenant);
      const r = await unary(state, 'Read', { ctx: headerCtx, prefix: 'interop', key: 'absent' }, refused, deadline());
      expectDetails(types, r.error, grpc.status.PERMISSION_DENIED, 'TENANT_NOT_GRANTED', { tenant: cfg.other_tenant });
      check(r.trailers && r.trailers.get('grpc-status-details-bin').length === 1, 'the details are not among the trailers');
      const allowed = bearer();
      allowed.set('x-greentic-tenant', cfg.tenant);
      const s = await unary(telemetry, 'Log', { ctx: headerCtx, span: { tenant: cfg.tenant, flow_id: 'interop', provider: 'echo' } }, allowed, deadline());
      check(!s.error, `Log with x-greentic-tenant ${cfg.tenant}: ${s.error && s.error.details}`);
      check(s.headers instanceof grpc.Metadata && s.trailers instanceof grpc.Metadata, 'response headers or trailers not readable');
    },

    async unauthenticated() {
      const none = await unary(provider, 'Invoke', { ctx, provider_type: 'echo', op: 'echo', input_json: json({}) }, new grpc.Metadata(), deadline());
      expectDetails(types, none.error, grpc.status.UNAUTHENTICATED, 'UNAUTHENTICATED', { credential: 'none' });
      const bad = await unary(provider, 'Invoke', { ctx, provider_type: 'echo', op: 'echo', input_json: json({}) }, bearer('not-a-jwt'), deadline());
      expectDetails(types, bad.error, grpc.status.UNAUTHENTICATED, 'UNAUTHENTICATED', { credential: 'bearer' });
    },

    async tenant_denied() {
      const r = await unary(state, 'Read', { ctx: { env: cfg.env, tenant: cfg.other_tenant }, prefix: 'interop', key: 'x' }, bearer(), deadline());
      expectDetails(types, r.error, grpc.status.PERMISSION_DENIED, 'TENANT_NOT_GRANTED', { tenant: cfg.other_tenant });
    },

    async status_details() {
      const r = await unary(provider, 'Invoke', { ctx, provider_type: 'interop.unrouted', op: 'send', input_json: json({}) }, bearer(), deadline());
      expectDetails(types, r.error, grpc.status.NOT_FOUND, 'NO_ROUTE', { tenant: cfg.tenant, provider_type: 'interop.unrouted', op: 'send' });
    },

    async message_too_large() {
      const input = Buffer.alloc(cfg.max_message_size + 1024, 0x20);
      const r = await unary(provider, 'Invoke', { ctx, provider_type: 'echo', op: 'echo', input_json: input }, bearer(), deadline());
      expectDetails(types, r.error, grpc.status.RESOURCE_EXHAUSTED, 'MESSAGE_TOO_LARGE', { limit: String(cfg.max_message_size) });
    },
  };
}

module.exports = { makeCases };
