#!/usr/bin/env bash
# Throughput through the gateway with 1, 2 and 3 control-plane replicas on this machine, same load, one run; and the
# measured CPU cost per call of the replicas and of the gateway (from /proc/PID/stat), to say how it scales on more
# cores. Needs a Release build (bash scripts/test.sh, or dotnet build Greentic.Grpc.sln -c Release) and h2load.
# Usage: bench/scale/run.sh [REQUESTS] [CONNECTIONS] [STREAMS]     Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-30000}; connections=${2:-8}; streams=${3:-8}
greentic=src/Greentic.Cli/bin/Release/net10.0/greentic.dll
[ -f "$greentic" ] || { echo "build first: $greentic is missing" >&2; exit 1; }
command -v h2load >/dev/null || { echo "h2load is missing: apt-get install nghttp2-client" >&2; exit 1; }
work=$(mktemp -d /tmp/greentic-scale-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "no answer from $1" >&2; exit 1; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime, in clock ticks
hz=$(getconf CLK_TCK)

# Three replicas; b and c trust a's dev issuer, so one token works on all of them.
declare -A grpc http pid
for r in a b c; do
  grpc[$r]=$(port); http[$r]=$(port)
  extra=()
  [ "$r" = a ] || extra=(env "Greentic__Auth__Jwt__JwksFile=$work/a/jwks.json")
  "${extra[@]}" env Logging__LogLevel__Default=Warning Greentic__Timers__Enabled=false \
    dotnet "$greentic" up --data-dir "$work/$r" --grpc "http://127.0.0.1:${grpc[$r]}" --http "http://127.0.0.1:${http[$r]}" --no-sidecar \
    >"$work/$r.log" 2>&1 &
  pid[$r]=$!; pids+=("${pid[$r]}")
  wait_http "http://127.0.0.1:${http[$r]}/healthz"
done
token=$(cat "$work/a/dev-token.txt")

# One InvokeRequest{ctx{env:dev,tenant:demo}, provider_type:echo, op:echo, input_json:{"n":42}} in a gRPC frame.
python3 - "$work/body.bin" <<'PY'
import struct, sys
def field(n, b): return bytes([n << 3 | 2, len(b)]) + b
ctx = field(1, b"dev") + field(2, b"demo")
msg = field(1, ctx) + field(2, b"echo") + field(3, b"echo") + field(4, b'{"n":42}')
open(sys.argv[1], "wb").write(b"\0" + struct.pack(">I", len(msg)) + msg)
PY

echo "| replicas | requests | req/s | replica CPU µs/call | gateway CPU µs/call | total CPU µs/call |"
echo "|---|---|---|---|---|---|"
for n in 1 2 3; do
  ghttp=$(port); ggrpc=$(port)
  args=(--Greentic:Gateway:Listen:0:Url=http://127.0.0.1:$ghttp --Greentic:Gateway:Listen:0:Protocols=Http1
        --Greentic:Gateway:Listen:1:Url=http://127.0.0.1:$ggrpc --Greentic:Gateway:Listen:1:Protocols=Http2
        --Greentic:Gateway:RateLimits:Enabled=false --Logging:LogLevel:Default=Warning
        --Greentic:Gateway:Proxy:Routes:grpc:ClusterId=control-plane --Greentic:Gateway:Proxy:Routes:grpc:Match:Path=/{**p}
        --Greentic:Gateway:Proxy:Clusters:control-plane:LoadBalancingPolicy=PowerOfTwoChoices
        --Greentic:Gateway:Proxy:Clusters:control-plane:HealthCheck:Active:Enabled=true
        --Greentic:Gateway:Proxy:Clusters:control-plane:HealthCheck:Active:Policy=GrpcHealth
        --Greentic:Gateway:Proxy:Clusters:control-plane:HealthCheck:Active:Interval=00:00:02)
  used=()
  for r in a b c; do
    [ ${#used[@]} -lt $n ] || break
    used+=("$r")
    args+=(--Greentic:Gateway:Proxy:Clusters:control-plane:Destinations:$r:Address=http://127.0.0.1:${grpc[$r]})
  done
  dotnet "$greentic" gateway "${args[@]}" >"$work/gateway-$n.log" 2>&1 &
  gw=$!; pids+=("$gw")
  wait_http "http://127.0.0.1:$ghttp/healthz"
  sleep 3   # first health probes
  load() { h2load -n "$1" -c "$connections" -m "$streams" -H 'content-type: application/grpc' -H 'te: trailers' \
             -H "authorization: Bearer $token" -d "$work/body.bin" "http://127.0.0.1:$ggrpc/greentic.provider.v1.ProviderService/Invoke"; }
  # h2load counts HTTP 200s; a gRPC failure is a 200 too, so check that one call really is grpc-status 0.
  status=$(curl -s --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' -H "authorization: Bearer $token" \
    --data-binary @"$work/body.bin" -o /dev/null -D - "http://127.0.0.1:$ggrpc/greentic.provider.v1.ProviderService/Invoke" | tr -d '\r' | grep -i '^grpc-status:' | tail -1)
  [ "$status" = "grpc-status: 0" ] || { echo "a sample call through the gateway did not succeed: '$status'" >&2; exit 1; }
  load $((requests / 5)) >/dev/null   # warm-up: JIT, connections, token cache
  before_gw=$(cpu_ticks "$gw"); before_cp=0
  for r in "${used[@]}"; do before_cp=$((before_cp + $(cpu_ticks "${pid[$r]}"))); done
  out=$(load "$requests")
  after_gw=$(cpu_ticks "$gw"); after_cp=0
  for r in "${used[@]}"; do after_cp=$((after_cp + $(cpu_ticks "${pid[$r]}"))); done
  ok=$(grep -oP 'requests: .* (\d+) succeeded' <<<"$out" | grep -oP '\d+(?= succeeded)')
  rps=$(grep -oP 'finished in .*, \K[0-9.]+(?= req/s)' <<<"$out")
  python3 - "$n" "$ok" "$rps" "$before_cp" "$after_cp" "$before_gw" "$after_gw" "$hz" <<'PY'
import sys
n, ok, rps, bcp, acp, bgw, agw, hz = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), *map(int, sys.argv[4:8]), int(sys.argv[8])
cp = (acp - bcp) / hz / ok * 1e6
gw = (agw - bgw) / hz / ok * 1e6
print(f"| {n} | {ok} | {rps:,.0f} | {cp:.0f} | {gw:.0f} | {cp + gw:.0f} |")
PY
  kill "$gw"; wait "$gw" 2>/dev/null || true
done
echo
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
