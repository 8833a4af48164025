#!/usr/bin/env bash
# Greentic.Rpc vs C++ gRPC (Debian libgrpc++) under the same h2load load. See README.md.
#
#   bench/rpc-load/run.sh [--method=empty|unary] [--requests=N] [--connections=C] [--streams=M]
#                         [--reps=R] [--cpp-threads=T] [--h2load-threads=T] [--floor]
#
# Builds both servers, checks each with a real gRPC client (grpcio), then runs h2load against them with
# identical flags and request bytes: one warm-up run each, then R repetitions alternating which server goes
# first. Every run must report all requests succeeded (2xx) with one whole response message each.
# --floor (empty only) also drives KestrelFloorEndpoint in our server: EmptyCall hand-written on bare Kestrel.
set -euo pipefail

method=empty requests=200000 connections=4 streams=32 reps=5 cpp_threads=2 h2load_threads=1 floor=0
for arg in "$@"; do
  case "$arg" in
    --method=*) method="${arg#*=}" ;;
    --requests=*) requests="${arg#*=}" ;;
    --connections=*) connections="${arg#*=}" ;;
    --streams=*) streams="${arg#*=}" ;;
    --reps=*) reps="${arg#*=}" ;;
    --cpp-threads=*) cpp_threads="${arg#*=}" ;;
    --h2load-threads=*) h2load_threads="${arg#*=}" ;;
    --floor) floor=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done
for n in "$requests" "$connections" "$streams" "$reps" "$cpp_threads" "$h2load_threads"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: '$n' is not a positive integer" >&2; exit 2; }
done
case "$method" in empty|unary) ;; *) echo "run.sh: --method must be empty or unary" >&2; exit 2 ;; esac
(( floor == 0 )) || [ "$method" = empty ] || { echo "run.sh: --floor measures EmptyCall only: use it with --method=empty" >&2; exit 2; }

here="$(cd "$(dirname "$0")" && pwd)"
out="$here/out"
proto_root=/usr/share/grpc-proto
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
[ -f "$proto_root/grpc/testing/test.proto" ] || die "$proto_root/grpc/testing/test.proto missing: apt-get install grpc-proto"
"$python" -c 'import grpc, grpc_tools' 2>/dev/null || die "$python cannot import grpc/grpc_tools: apt-get install python3-grpcio python3-grpc-tools"

protos=(grpc/testing/empty.proto grpc/testing/messages.proto grpc/testing/test.proto)

# --- 1. the C++ server --------------------------------------------------------------------------
cpp_server="$out/cpp/empty_server"
if [ ! -x "$cpp_server" ] || [ "$here/cpp/empty_server.cc" -nt "$cpp_server" ]; then
  echo "building the C++ server (grpc++ $(pkg-config --modversion grpc++), g++ -O2)..." >&2
  mkdir -p "$out/cpp/gen"
  protoc -I"$proto_root" --cpp_out="$out/cpp/gen" --grpc_out="$out/cpp/gen" \
    --plugin=protoc-gen-grpc="$(command -v grpc_cpp_plugin)" "${protos[@]}"
  # shellcheck disable=SC2046 # pkg-config output is a list of flags
  g++ -std=c++17 -O2 -DNDEBUG -I"$out/cpp/gen" "$here/cpp/empty_server.cc" "$out"/cpp/gen/grpc/testing/*.cc \
    -o "$cpp_server" $(pkg-config --cflags --libs grpc++ protobuf absl_synchronization) -lpthread || die "the C++ server did not build"
fi

# --- 2. our server, Release ---------------------------------------------------------------------
echo "building Greentic.Rpc.LoadServer (Release)..." >&2
dotnet build "$here/server/Greentic.Rpc.LoadServer.csproj" -c Release -nologo -v q >&2 || die "Greentic.Rpc.LoadServer did not build"
our_server="$here/server/bin/Release/net10.0/Greentic.Rpc.LoadServer.dll"

# --- 3. python stubs for the conformance check, and the request body ---------------------------
mkdir -p "$out/py"
"$python" -m grpc_tools.protoc -I"$proto_root" --python_out="$out/py" --grpc_python_out="$out/py" "${protos[@]}"
body="$out/request-$method.bin"
case "$method" in
  # grpc.testing.Empty serializes to nothing: the frame is the 5-byte header alone. The reply is the same 5 bytes.
  empty) path=/grpc.testing.TestService/EmptyCall; response_bytes=5
         printf '\x00\x00\x00\x00\x00' > "$body" ;;
  # SimpleRequest{response_size: 64, payload{body: 64 zero bytes}} (70 bytes); the reply is
  # SimpleResponse{payload{body: 64 zero bytes}} (68 bytes), 73 framed.
  unary) path=/grpc.testing.TestService/UnaryCall; response_bytes=73
         "$python" -c 'import sys; m = bytes([0x10, 64, 0x1a, 66, 0x12, 64]) + bytes(64); sys.stdout.buffer.write(bytes([0]) + len(m).to_bytes(4, "big") + m)' > "$body" ;;
esac

# --- 4. start both servers ----------------------------------------------------------------------
free_port() { "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

wait_listening() { # name log pid
  for _ in $(seq 1 600); do
    grep -q '^listening on' "$2" && return 0
    kill -0 "$3" 2>/dev/null || die "$1 exited: $(cat "$2")"
    sleep 0.1
  done
  die "$1 did not start listening within 60 s: $(cat "$2")"
}

cpp_port=$(free_port)
"$cpp_server" --port="$cpp_port" --threads="$cpp_threads" > "$out/cpp.log" 2>&1 &
pids+=($!); wait_listening "the C++ server" "$out/cpp.log" "$!"
our_port=$(free_port)
dotnet "$our_server" --port="$our_port" > "$out/greentic.log" 2>&1 &
pids+=($!); wait_listening "Greentic.Rpc.LoadServer" "$out/greentic.log" "$!"
declare -A port=([cpp]=$cpp_port [greentic]=$our_port [floor]=$our_port)

for server in cpp greentic; do
  "$python" "$here/check_peer.py" "$out/py" "127.0.0.1:${port[$server]}" || die "$server failed the grpcio check"
done
echo "grpcio check: EmptyCall and UnaryCall return OK with the expected message on both servers" >&2

# --- 5. load ------------------------------------------------------------------------------------
declare -A pid=([cpp]=${pids[0]} [greentic]=${pids[1]} [floor]=${pids[1]})
declare -A url_path=([cpp]=$path [greentic]=$path [floor]=/floor.TestService/EmptyCall)
clk_tck=$(getconf CLK_TCK)
# user + system CPU ticks the server process has used so far (fields 14 and 15 of /proc/PID/stat).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# bytes our server has allocated so far, from its /stats endpoint (the C++ server has none: "-").
allocated() {
  [ "$1" != cpp ] || { echo -; return; }
  nghttp "http://127.0.0.1:${port[greentic]}/stats" | awk '$1 == "allocated_bytes" { print $2 }'
}

load() { # server n -> one result line on stdout: server req/s p50 p99 cpu-µs/call bytes/call
  local server=$1 n=$2 stdout="$out/h2load-$1.txt" log="$out/h2load-$1.tsv"
  rm -f "$log"  # h2load appends to its log file
  local ticks0 alloc0 ticks1 alloc1 line
  alloc0=$(allocated "$server"); ticks0=$(cpu_ticks "${pid[$server]}")
  h2load -n "$n" -c "$connections" -m "$streams" -t "$h2load_threads" \
    -H 'content-type: application/grpc' -H 'te: trailers' -d "$body" --log-file="$log" \
    "http://127.0.0.1:${port[$server]}${url_path[$server]}" > "$stdout" 2>&1 || die "h2load failed against $server: $(tail -5 "$stdout")"
  ticks1=$(cpu_ticks "${pid[$server]}"); alloc1=$(allocated "$server")
  line=$("$python" "$here/h2load_result.py" "$server" "$n" "$response_bytes" "$stdout" "$log") || exit 1
  local cpu_us bytes=-
  cpu_us=$(awk -v t="$((ticks1 - ticks0))" -v hz="$clk_tck" -v n="$n" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')
  [ "$alloc0" = - ] || bytes=$(( (alloc1 - alloc0) / n ))
  printf '%s\t%s\t%s\n' "$line" "$cpu_us" "$bytes"
}

flags="-n $requests -c $connections -m $streams -t $h2load_threads, $method ($(stat -c %s "$body")-byte request body)"
echo "h2load $flags; C++ server: $cpp_threads completion-queue threads; $(nproc) CPUs" >&2
echo "warm-up..." >&2
load cpp "$requests" > /dev/null
load greentic "$requests" > /dev/null
(( floor )) && load floor "$requests" > /dev/null

results="$out/results-$method.tsv"
: > "$results"
for rep in $(seq 1 "$reps"); do
  order=(cpp greentic); (( rep % 2 == 0 )) && order=(greentic cpp)
  (( floor )) && order+=(floor)
  for server in "${order[@]}"; do
    line=$(load "$server" "$requests")
    echo "rep $rep: $line" >&2
    echo "$line" >> "$results"
  done
done

echo
echo "h2load $flags"
"$python" "$here/report.py" "$results"
