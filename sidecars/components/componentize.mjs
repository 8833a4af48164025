// Turns a wasm32-wasi core module into a component: jco's componentEmbed (WIT given as a string, world by
// name) then componentNew with the preview1 reactor adapter jco ships.
// Usage: node componentize.mjs CORE.wasm WIT_FILE WORLD OUT.wasm
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [corePath, witPath, world, outPath] = process.argv.slice(2);
if (!corePath || !witPath || !world || !outPath) {
  console.error('usage: node componentize.mjs CORE.wasm WIT_FILE WORLD OUT.wasm');
  process.exit(2);
}
// The repository root's node_modules (package.json there lists jco).
const modules = new URL('../../node_modules/@bytecodealliance/', import.meta.url);
const adapter = readFileSync(fileURLToPath(new URL('jco/lib/wasi_snapshot_preview1.reactor.wasm', modules)));
const { componentEmbed, componentNew } = await import(new URL('jco-transpile/dist/wasm-tools.js', modules).href);

const embedded = await componentEmbed({
  binary: readFileSync(corePath),
  witSource: readFileSync(witPath, 'utf8'),
  world,
});
const component = await componentNew(embedded, [['wasi_snapshot_preview1', adapter]]);
writeFileSync(outPath, component);
