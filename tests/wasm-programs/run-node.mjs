// Reference runner: runs a WASI preview-1 command in node (V8 + node:wasi).
// usage: node run-node.mjs FILE.wasm [--env K=V]... [--dir HOST::GUEST]... [-- ARGS...]
// Exits with the guest's exit code; stdio is the process's own.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

const argv = process.argv.slice(2);
const file = argv.shift();
const env = {};
const preopens = {};
let args = [file.split('/').pop()];
while (argv.length > 0) {
  const a = argv.shift();
  if (a === '--env') { const kv = argv.shift(); const i = kv.indexOf('='); env[kv.slice(0, i)] = kv.slice(i + 1); }
  else if (a === '--dir') { const [host, guest] = argv.shift().split('::'); preopens[guest ?? host] = host; }
  else if (a === '--') { args = args.concat(argv.splice(0)); }
  else { args.push(a); }
}
const wasi = new WASI({ version: 'preview1', args, env, preopens, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
