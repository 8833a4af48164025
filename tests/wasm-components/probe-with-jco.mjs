// Reference run of the abi-probe guest (abi-probe.wit) through jco: embed + new + transpile, then the calls of
// probe-calls.json. Values travel in a type-directed JSON form both this script and the C# test understand:
// ints as numbers (64-bit ones as strings), floats as numbers, char/string as strings, lists/tuples as arrays,
// records as objects keyed by WIT field name, variants as {tag, val?}, flags as arrays of set names,
// option as null or the value, result as {ok} / {err}.
// Usage: node probe-with-jco.mjs <abi-probe.wasm> <work-dir>   -> {results: [json | {trap}], hostCalls: [json]}
import { componentEmbed, componentNew, transpile } from '@bytecodealliance/jco';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [corePath, workDir] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const witSource = readFileSync(join(here, 'abi-probe.wit'), 'utf8');
const calls = JSON.parse(readFileSync(join(here, 'probe-calls.json'), 'utf8'));

const embedded = await componentEmbed({ binary: readFileSync(corePath), witSource, world: 'abi-probe' });
const { files } = await transpile(await componentNew(embedded), { name: 'probe', instantiation: 'sync', noTypescript: true });
mkdirSync(workDir, { recursive: true });
for (const [name, bytes] of Object.entries(files)) {
  mkdirSync(dirname(join(workDir, name)), { recursive: true });
  writeFileSync(join(workDir, name), bytes);
}
const { instantiate } = await import(pathToFileURL(join(workDir, 'probe.js')).href);

// ---- type descriptors mirroring abi-probe.wit ----
const P = (k) => ({ k });
const s8 = P('s8'), u8 = P('u8'), s16 = P('s16'), u16 = P('u16'), s32 = P('s32'), u32 = P('u32'), s64 = P('s64'), u64 = P('u64');
const f32 = P('f32'), f64 = P('f64'), bool = P('bool'), char = P('char'), string = P('string');
const list = (e) => ({ k: 'list', e });
const tuple = (...ts) => ({ k: 'tuple', ts });
const record = (fields) => ({ k: 'record', fields });
const variant = (cases) => ({ k: 'variant', cases });
const flags = (names) => ({ k: 'flags', names });
const option = (t) => ({ k: 'option', t });
const result = (ok, err) => ({ k: 'result', ok, err });
const mixed = variant({ a: u32, b: f32, c: u64, d: f64, e: null });
const perms = flags(['read', 'write', 'exec']);
const point = record({ x: f32, y: f64, tag: char, ok: bool });
const camel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
const signatures = {
  bump: [[mixed], mixed], invert: [[perms], perms], 'next-char': [[char], char], scale: [[point, f64], point],
  sum17: [[s8, u8, s16, u16, s32, u32, s64, u64, f32, f64, bool, char, s8, s8, s8, s8, s8], s64],
  words: [[string], list(string)], stats: [[list(s32)], tuple(s32, s32, s64)],
  classify: [[s64], result(option(u8), string)], relay: [[mixed, point], tuple(mixed, point)],
};

// JSON form -> jco value
function toJs(t, j) {
  switch (t.k) {
    case 's64': case 'u64': return BigInt(j);
    case 'list': return j.map((x) => toJs(t.e, x));
    case 'tuple': return j.map((x, i) => toJs(t.ts[i], x));
    case 'record': return Object.fromEntries(Object.entries(t.fields).map(([n, ft]) => [camel(n), toJs(ft, j[n])]));
    case 'variant': return t.cases[j.tag] ? { tag: j.tag, val: toJs(t.cases[j.tag], j.val) } : { tag: j.tag };
    case 'flags': return Object.fromEntries(t.names.map((n) => [camel(n), j.includes(n)]));
    case 'option': return j === null ? undefined : toJs(t.t, j);
    case 'result': return 'ok' in j ? { tag: 'ok', val: t.ok ? toJs(t.ok, j.ok) : undefined } : { tag: 'err', val: t.err ? toJs(t.err, j.err) : undefined };
    default: return j;
  }
}
// jco value -> JSON form
function toJson(t, v) {
  switch (t.k) {
    case 's64': case 'u64': return BigInt(v).toString();
    case 'list': return [...v].map((x) => toJson(t.e, x));
    case 'tuple': return v.map((x, i) => toJson(t.ts[i], x));
    case 'record': return Object.fromEntries(Object.entries(t.fields).map(([n, ft]) => [n, toJson(ft, v[camel(n)])]));
    case 'variant': return t.cases[v.tag] ? { tag: v.tag, val: toJson(t.cases[v.tag], v.val) } : { tag: v.tag };
    case 'flags': return t.names.filter((n) => v[camel(n)]);
    case 'option': return v === undefined || v === null ? null : toJson(t.t, v);
    case 'result': return v.tag === 'ok' ? { ok: t.ok ? toJson(t.ok, v.val) : null } : { err: t.err ? toJson(t.err, v.val) : null };
    default: return v;
  }
}

const hostCalls = [];
const hostImpl = {
  transform(v, p) {
    hostCalls.push({ v: toJson(mixed, v), p: toJson(point, p) });
    const nv = v.tag === 'e' ? { tag: 'a', val: 7 } : v.tag === 'a' ? { tag: 'c', val: BigInt(v.val) * 2n } : v;
    return [nv, { x: p.x + 1, y: p.y / 2, tag: p.tag, ok: !p.ok }];
  },
};
const imports = { 'test:abi/host': hostImpl, 'test:abi/host@0.1.0': hostImpl };
const getCoreModule = (name) => new WebAssembly.Module(readFileSync(join(workDir, name)));
const newProbe = () => { const root = instantiate(getCoreModule, imports); return root.probe ?? root['test:abi/probe@0.1.0']; };

let probe = newProbe();
const results = [];
for (const { fn, args } of calls) {
  const [ps, rt] = signatures[fn];
  const jsArgs = args.map((a, i) => toJs(ps[i], a));
  try {
    let out;
    try {
      out = probe[camel(fn)](...jsArgs);
      if (rt.k === 'result' && !(out && (out.tag === 'ok' || out.tag === 'err'))) out = { tag: 'ok', val: out };
    } catch (e) {
      if (rt.k !== 'result' || !(e && 'payload' in e)) throw e;
      out = { tag: 'err', val: e.payload }; // jco throws a ComponentError for an export's err
    }
    results.push(toJson(rt, out));
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    results.push({ trap: e.message });
    probe = newProbe();
  }
}
console.log(JSON.stringify({ results, hostCalls }));
