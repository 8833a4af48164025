#!/usr/bin/env bash
# Builds our sample provider components from C source: clang-14 (wasm32-wasi, reactor) for the core module,
# then jco's componentEmbed + componentNew with the preview1 reactor adapter (componentize.mjs).
# Usage: sidecars/components/build.sh OUTDIR
# Idempotent: OUTDIR/.source-hash records the hash of every input; a matching hash with every output present
# skips the build. A missing tool fails loudly (exit 3) and names what to install.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)

components=(echo hostio hostile oauthclient)
missing() { echo "build.sh: missing tool: $1 (install with: $2)" >&2; exit 3; }
command -v clang-14 >/dev/null || missing clang-14 "bash scripts/install-deps.sh (apt: clang-14 lld-14)"
command -v wasm-ld-14 >/dev/null || missing wasm-ld-14 "bash scripts/install-deps.sh (apt: lld-14)"
[ -f /usr/lib/wasm32-wasi/libc.a ] || missing wasi-libc "bash scripts/install-deps.sh (apt: wasi-libc)"
ls /usr/lib/llvm-14/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a >/dev/null 2>&1 \
  || missing libclang_rt.builtins-wasm32 "bash scripts/install-deps.sh (apt: libclang-rt-14-dev-wasm32)"
command -v node >/dev/null || missing node "nodejs"
[ -d "$repo/node_modules/@bytecodealliance/jco" ] || missing "@bytecodealliance/jco" "npm install (repository root)"

hash=$(cd "$here" && cat build.sh componentize.mjs wit/*.wit src/*.c src/*.h | sha256sum | cut -d' ' -f1)
if [ -f "$out/.source-hash" ] && [ "$(cat "$out/.source-hash")" = "$hash" ]; then
  all=1
  for c in "${components[@]}"; do [ -s "$out/$c.wasm" ] || all=0; done
  [ $all -eq 1 ] && exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for c in "${components[@]}"; do
  clang-14 --target=wasm32-wasi --sysroot=/usr -O2 -mexec-model=reactor -Wall -Werror \
    -Wl,--strip-all -o "$work/$c.core.wasm" "$here/src/$c.c" "$here/src/guest.c"
  (cd "$repo" && node "$here/componentize.mjs" "$work/$c.core.wasm" "$here/wit/greentic-samples.wit" "$c" "$work/$c.wasm")
  mv "$work/$c.wasm" "$out/$c.wasm"
done
echo "$hash" > "$out/.source-hash"
echo "build.sh: built ${components[*]} into $out"
