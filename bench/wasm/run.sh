#!/usr/bin/env bash
# Compiles the C workloads natively and to wasm32-wasi with clang -O2, then runs each natively, in node (V8 +
# node:wasi) and in Greentic.Wasm (the bench console app's `wasi` verb), REPS times each, interleaved, and prints
# the median compute time (measured inside the program with CLOCK_MONOTONIC, so process start-up and module
# compilation are excluded; wall time per process is printed too) and the ratios.
# usage: bench/wasm/run.sh [REPS]   (default 5)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
reps="${1:-5}"
clang="${CLANG:-clang-14}"
out="$(mktemp -d /tmp/greentic-wasm-bench.XXXXXX)"
trap 'rm -rf "$out"' EXIT

programs=(coremark_like float_kernel sha256 json_tokenize)
for p in "${programs[@]}"; do
  "$clang" -O2 -o "$out/$p" "$here/programs/$p.c" -lm
  "$clang" --target=wasm32-wasi -O2 -o "$out/$p.wasm" "$here/programs/$p.c"
done

dotnet build "$here/Greentic.Wasm.Benchmarks" -c Release -v quiet -nologo >/dev/null
ours=(dotnet "$here/Greentic.Wasm.Benchmarks/bin/Release/net10.0/Greentic.Wasm.Benchmarks.dll" wasi)
node_runner=(node --no-warnings "$root/tests/wasm-programs/run-node.mjs")

# run NAME RUNNER... -> appends "ns wall_ns checksum" to $out/NAME.times
run() {
  local tag="$1"; shift
  local t0 t1 line
  t0=$(date +%s%N)
  line="$("$@")"
  t1=$(date +%s%N)
  local ns checksum
  ns="$(sed -n 's/.* ns=\([0-9]*\).*/\1/p' <<<"$line")"
  checksum="$(sed -n 's/.*checksum=\([0-9]*\).*/\1/p' <<<"$line")"
  echo "$ns $((t1 - t0)) $checksum" >>"$out/$tag.times"
}

for ((r = 0; r < reps; r++)); do
  for p in "${programs[@]}"; do
    run "$p.native" "$out/$p"
    run "$p.node" "${node_runner[@]}" "$out/$p.wasm"
    run "$p.ours" "${ours[@]}" "$out/$p.wasm"
  done
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
ms() { awk -v n="$1" 'BEGIN {printf "%.1f", n / 1e6}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

echo "Greentic.Wasm vs node $(node --version) vs native ($clang -O2), median of $reps runs; compute ms (process wall ms)"
printf '%-14s %18s %18s %18s %10s %10s %10s\n' program native node ours ours/node ours/native "speed vs node"
for p in "${programs[@]}"; do
  for who in native node ours; do
    if [ "$(cut -d' ' -f3 "$out/$p.$who.times" | sort -u | wc -l)" -ne 1 ] ||
       [ "$(cut -d' ' -f3 "$out/$p.$who.times" | sort -u)" != "$(cut -d' ' -f3 "$out/$p.native.times" | head -1)" ]; then
      echo "checksum mismatch for $p ($who)" >&2; exit 1
    fi
  done
  nat=$(cut -d' ' -f1 "$out/$p.native.times" | median); natw=$(cut -d' ' -f2 "$out/$p.native.times" | median)
  nod=$(cut -d' ' -f1 "$out/$p.node.times" | median); nodw=$(cut -d' ' -f2 "$out/$p.node.times" | median)
  our=$(cut -d' ' -f1 "$out/$p.ours.times" | median); ourw=$(cut -d' ' -f2 "$out/$p.ours.times" | median)
  printf '%-14s %18s %18s %18s %10s %10s %10s\n' "$p" "$(ms "$nat") ($(ms "$natw"))" "$(ms "$nod") ($(ms "$nodw"))" \
    "$(ms "$our") ($(ms "$ourw"))" "$(ratio "$our" "$nod")" "$(ratio "$our" "$nat")" "$(ratio "$nod" "$our")x"
done
