// Reference run of the sample provider through the component model's reference toolchain:
//   core module (clang) --componentEmbed + componentNew--> component --transpile--> JS + core wasm, run in node.
// Usage: node run-with-jco.mjs <provider.wasm> <calls.json> <work-dir>
// Prints one JSON document: {results: [{ok: text} | {trap: message}], hostCalls: [line], state: {key: value}}.
// The host imports below and the C# test's host imports must behave identically; hostCalls records what the
// host saw, in a text form both sides produce the same way.
import { componentEmbed, componentNew, transpile } from '@bytecodealliance/jco';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [corePath, callsPath, workDir] = process.argv.slice(2);
if (!corePath || !callsPath || !workDir) {
  console.error('usage: node run-with-jco.mjs <provider.wasm> <calls.json> <work-dir>');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const witSource = readFileSync(join(here, 'greentic-provider.wit'), 'utf8');
const calls = JSON.parse(readFileSync(callsPath, 'utf8'));

const embedded = await componentEmbed({ binary: readFileSync(corePath), witSource, world: 'schema-core' });
const component = await componentNew(embedded);
const { files } = await transpile(component, { name: 'provider', instantiation: 'sync', noTypescript: true });
mkdirSync(workDir, { recursive: true });
for (const [name, bytes] of Object.entries(files)) {
  mkdirSync(dirname(join(workDir, name)), { recursive: true });
  writeFileSync(join(workDir, name), bytes);
}
writeFileSync(join(workDir, 'provider.component.wasm'), component);
const { instantiate } = await import(pathToFileURL(join(workDir, 'provider.js')).href);

// ---- host state and the canonical text of what the host saw ----
const hostCalls = [];
const state = new Map();
const secrets = new Map([['api-token', 's3cr3t-value-42']]);
const text = (bytes) => new TextDecoder('utf-8', { fatal: true }).decode(bytes);
const opt = (v) => (v === undefined || v === null ? '-' : String(v));
const pairs = (list) => '[' + list.map(([k, v]) => `${k}=${v}`).join(';') + ']';
const fmtCtx = (c) => c === undefined || c === null ? 'none' :
  `{env=${c.env},tenant=${c.tenant},tenant-id=${c.tenantId},team=${opt(c.team)},team-id=${opt(c.teamId)},` +
  `user=${opt(c.user)},user-id=${opt(c.userId)},trace-id=${opt(c.traceId)},i18n-id=${opt(c.i18nId)},` +
  `correlation-id=${opt(c.correlationId)},attributes=${pairs(c.attributes)},session-id=${opt(c.sessionId)},` +
  `flow-id=${opt(c.flowId)},node-id=${opt(c.nodeId)},provider-id=${opt(c.providerId)},deadline-ms=${opt(c.deadlineMs)},` +
  `attempt=${c.attempt},idempotency-key=${opt(c.idempotencyKey)},impersonation=` +
  (c.impersonation === undefined ? '-' : `{actor-id=${c.impersonation.actorId},reason=${opt(c.impersonation.reason)}}`) + '}';
const fmtSpan = (s) => `{tenant=${s.tenant},session-id=${opt(s.sessionId)},flow-id=${s.flowId},node-id=${opt(s.nodeId)},` +
  `provider=${s.provider},start-ms=${opt(s.startMs)},end-ms=${opt(s.endMs)}}`;
// jco lowers a thrown error as the `err` case of a result; the payload is the error's `payload`.
const fail = (payload) => { const e = new Error('host error'); e.payload = payload; throw e; };

const secretsStore = {
  get(key) {
    hostCalls.push(`secrets.get key=${key}`);
    if (key === 'forbidden') fail('denied');
    if (key === '') fail('invalid-key');
    const v = secrets.get(key);
    return v === undefined ? undefined : new TextEncoder().encode(v);
  },
  put(key, value) { secrets.set(key, text(value)); },
};
const stateKey = (key, ctx) => `${ctx === undefined ? '_' : ctx.tenant}/${key}`;
const stateStore = {
  read(key, ctx) {
    hostCalls.push(`state.read key=${key} ctx=${fmtCtx(ctx)}`);
    const v = state.get(stateKey(key, ctx));
    if (v === undefined) fail({ code: 'not-found', message: `no value for ${key}` });
    return new TextEncoder().encode(v);
  },
  write(key, bytes, ctx) {
    hostCalls.push(`state.write key=${key} bytes=${text(bytes)} ctx=${fmtCtx(ctx)}`);
    state.set(stateKey(key, ctx), text(bytes));
    return 'ok';
  },
  delete(key, ctx) { state.delete(stateKey(key, ctx)); return 'ok'; },
};
const loggerApi = {
  log(span, fields, ctx) {
    hostCalls.push(`log span=${fmtSpan(span)} fields=${pairs(fields)} ctx=${fmtCtx(ctx)}`);
    return 'ok';
  },
};
const imports = {};
for (const [name, impl] of [
  ['greentic:secrets-store/secrets-store', secretsStore],
  ['greentic:state/state-store', stateStore],
  ['greentic:telemetry/logger-api', loggerApi],
]) {
  imports[name] = impl;
  imports[`${name}@${name.includes('secrets') ? '1.1.0' : '1.0.0'}`] = impl;
}

const getCoreModule = (name) => new WebAssembly.Module(readFileSync(join(workDir, name)));
const newInstance = () => {
  const root = instantiate(getCoreModule, imports);
  return root.schemaCoreApi ?? root['greentic:provider-schema-core/schema-core-api@1.0.0'] ?? root['greentic:provider-schema-core/schema-core-api'];
};

let api = newInstance();
const results = [];
for (const call of calls) {
  const input = new TextEncoder().encode(call.input ?? '');
  try {
    let out;
    switch (call.fn) {
      case 'describe': out = api.describe(); break;
      case 'healthcheck': out = api.healthcheck(); break;
      case 'validate-config': out = api.validateConfig(input); break;
      case 'invoke': out = api.invoke(call.op, input); break;
      default: throw new Error(`unknown fn ${call.fn}`);
    }
    results.push({ ok: text(out) });
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    results.push({ trap: e.message });
    api = newInstance(); // a trap poisons the component instance; the host state survives
  }
}
console.log(JSON.stringify({ results, hostCalls, state: Object.fromEntries(state) }, null, 1));
