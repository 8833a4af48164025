#!/usr/bin/env bash
# The control plane vs C++ gRPC (Debian libgrpc++) serving the same rpc under the same h2load load. See README.md.
#
#   bench/rpc-load/run.sh [--requests=N] [--connections=C] [--streams=M] [--reps=R] [--cpp-threads=T] [--h2load-threads=T]
#                         [--no-token-cache]
#
# Measured: greentic.provider.v1.ProviderService/Invoke of the in-process `echo` provider, with the same request bytes
# and the same `authorization: Bearer <dev token>` header to both servers:
#   - ours: `greentic up` (Release) — JwtBearer validation, tenant authorization, routing, resilience, OpenTelemetry
#     tracing and metrics on (the SDK records every span and measurement; no exporter is configured), logs at Warning;
#   - the peer: cpp/provider_server.cc, grpc++ async, answering echo with the same bytes, checking nothing.
# Both are first checked with a real gRPC client (grpcio), then driven by h2load with identical flags: one warm-up run
# each, then R repetitions alternating which server goes first. Every run must report all requests succeeded (2xx)
# with one whole response message each.
set -euo pipefail

requests=100000 connections=4 streams=32 reps=5 cpp_threads=2 h2load_threads=1 token_cache_size=1024
for arg in "$@"; do
  case "$arg" in
    --requests=*) requests="${arg#*=}" ;;
    --connections=*) connections="${arg#*=}" ;;
    --streams=*) streams="${arg#*=}" ;;
    --reps=*) reps="${arg#*=}" ;;
    --cpp-threads=*) cpp_threads="${arg#*=}" ;;
    --h2load-threads=*) h2load_threads="${arg#*=}" ;;
    --no-token-cache) token_cache_size=0 ;;  # every call verifies the bearer token's signature (the cache's "before")
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done
for n in "$requests" "$connections" "$streams" "$reps" "$cpp_threads" "$h2load_threads"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: '$n' is not a positive integer" >&2; exit 2; }
done

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$here/out"
python=/usr/bin/python3
mkdir -p "$out"

die() { echo "run.sh: $*" >&2; exit 1; }

# --- 0. tools: fail clearly, never skip ---------------------------------------------------------
need() { command -v "$1" >/dev/null || die "$1 not found: $2"; }
need g++ "apt-get install g++"
need pkg-config "apt-get install pkg-config"
need protoc "apt-get install protobuf-compiler"
need grpc_cpp_plugin "apt-get install protobuf-compiler-grpc"
need h2load "apt-get install nghttp2-client"
need dotnet "install the .NET 10 SDK"
pkg-config --exists grpc++ protobuf absl_synchronization || die "pkg-config finds no grpc++/protobuf/absl: apt-get install libgrpc++-dev"
"$python" -c 'import grpc' 2>/dev/null || die "$python cannot import grpc: apt-get install python3-grpcio"

protos=(greentic/types/v1/types.proto greentic/provider/v1/provider.proto)

# --- 1. the C++ server --------------------------------------------------------------------------
cpp_server="$out/cpp/provider_server"
if [ ! -x "$cpp_server" ] || [ "$here/cpp/provider_server.cc" -nt "$cpp_server" ]; then
  echo "building the C++ server (grpc++ $(pkg-config --modversion grpc++), g++ -O2)..." >&2
  rm -rf "$out/cpp/gen"; mkdir -p "$out/cpp/gen"
  protoc -I"$repo/protos" --cpp_out="$out/cpp/gen" --grpc_out="$out/cpp/gen" \
    --plugin=protoc-gen-grpc="$(command -v grpc_cpp_plugin)" "${protos[@]}"
  # shellcheck disable=SC2046 # pkg-config output is a list of flags
  g++ -std=c++17 -O2 -DNDEBUG -I"$out/cpp/gen" "$here/cpp/provider_server.cc" "$out"/cpp/gen/greentic/*/v1/*.cc \
    -o "$cpp_server" $(pkg-config --cflags --libs grpc++ protobuf absl_synchronization) -lpthread || die "the C++ server did not build"
fi

# --- 2. the control plane, Release --------------------------------------------------------------
echo "building src/Greentic.Cli (Release)..." >&2
dotnet build "$repo/src/Greentic.Cli/Greentic.Cli.csproj" -c Release -nologo -v q >&2 || die "src/Greentic.Cli did not build"
greentic="$repo/src/Greentic.Cli/bin/Release/net10.0/greentic.dll"

# --- 3. the request: InvokeRequest{ctx{env:"dev",tenant:"demo"}, provider_type:"echo", op:"echo", input_json:'{"n":1}'}
body="$out/request-invoke.bin"
"$python" "$here/invoke_request.py" > "$body"
# The answer, from either server: InvokeResponse{output_json:'{"ok":true,"op":"echo","input":{"n":1}}'}, 46 bytes framed.
response_bytes=46

# --- 4. start both servers ----------------------------------------------------------------------
free_port() { "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

wait_for() { # name log pid pattern
  for _ in $(seq 1 1200); do
    grep -q "$4" "$2" && return 0
    kill -0 "$3" 2>/dev/null || die "$1 exited: $(tail -20 "$2")"
    sleep 0.1
  done
  die "$1 did not start within 120 s: $(tail -20 "$2")"
}

# Empty the logs first: a background job's redirection may happen after wait_for has read an old log.
: > "$out/cpp.log"; : > "$out/greentic.log"
cpp_port=$(free_port)
"$cpp_server" --port="$cpp_port" --threads="$cpp_threads" > "$out/cpp.log" 2>&1 &
pids+=($!); wait_for "the C++ server" "$out/cpp.log" "$!" '^listening on'
our_port=$(free_port)
rm -rf "$out/greentic-data"
# Logs at Warning, as a deployment runs (ASP.NET Core's Information level writes two lines per request).
Logging__LogLevel__Default=Warning Greentic__Auth__Jwt__ValidatedTokenCacheSize=$token_cache_size dotnet "$greentic" up --data-dir "$out/greentic-data" --grpc "http://127.0.0.1:$our_port" \
  --http "http://127.0.0.1:$(free_port)" --no-sidecar > "$out/greentic.log" 2>&1 &
pids+=($!); wait_for "greentic up" "$out/greentic.log" "$!" 'Press Ctrl+C to stop.'
token=$(cat "$out/greentic-data/dev-token.txt")
declare -A port=([cpp]=$cpp_port [greentic]=$our_port)
declare -A pid=([cpp]=${pids[0]} [greentic]=${pids[1]})

for server in cpp greentic; do
  "$python" "$here/check_peer.py" "127.0.0.1:${port[$server]}" "$token" "$body" || die "$server failed the grpcio check"
done
echo "grpcio check: Invoke echo answers the same bytes on both servers" >&2

# --- 5. load ------------------------------------------------------------------------------------
clk_tck=$(getconf CLK_TCK)
# user + system CPU ticks the server process has used so far (fields 14 and 15 of /proc/PID/stat).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

load() { # server n -> one result line on stdout: server req/s p50 p99 cpu-µs/call
  local server=$1 n=$2 stdout="$out/h2load-$1.txt" log="$out/h2load-$1.tsv"
  rm -f "$log"  # h2load appends to its log file
  local ticks0 ticks1 line cpu_us
  ticks0=$(cpu_ticks "${pid[$server]}")
  h2load -n "$n" -c "$connections" -m "$streams" -t "$h2load_threads" \
    -H 'content-type: application/grpc' -H 'te: trailers' -H "authorization: Bearer $token" -d "$body" --log-file="$log" \
    "http://127.0.0.1:${port[$server]}/greentic.provider.v1.ProviderService/Invoke" > "$stdout" 2>&1 \
    || die "h2load failed against $server: $(tail -5 "$stdout")"
  ticks1=$(cpu_ticks "${pid[$server]}")
  line=$("$python" "$here/h2load_result.py" "$server" "$n" "$response_bytes" "$stdout" "$log") || exit 1
  cpu_us=$(awk -v t="$((ticks1 - ticks0))" -v hz="$clk_tck" -v n="$n" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')
  printf '%s\t%s\n' "$line" "$cpu_us"
}

flags="-n $requests -c $connections -m $streams -t $h2load_threads, Invoke echo ($(stat -c %s "$body")-byte request body + bearer token), validated-token cache size $token_cache_size"
echo "h2load $flags; C++ server: $cpp_threads completion-queue threads; $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "warm-up..." >&2
load cpp "$requests" > /dev/null
load greentic "$requests" > /dev/null

results="$out/results-invoke.tsv"
: > "$results"
for rep in $(seq 1 "$reps"); do
  order=(cpp greentic); (( rep % 2 == 0 )) && order=(greentic cpp)
  for server in "${order[@]}"; do
    line=$(load "$server" "$requests")
    echo "rep $rep: $line" >&2
    echo "$line" >> "$results"
  done
done

echo
echo "h2load $flags"
"$python" "$here/report.py" "$results"
