#!/usr/bin/env bash
# The gateway bench (README.md): one control-plane replica behind the Greentic gateway, nginx 1.22 and HAProxy 2.6,
# the same h2load load for each; then Slack-signed webhook events through the gateway (verified, deduplicated, stored).
#
#   bench/gateway/run.sh [--requests=N] [--connections=C] [--streams=M] [--events=E] [--webhook-concurrency=W]
#                        [--warmup=N] [--webhook-warmup=E]
#
# One warm-up run (--warmup calls, --webhook-warmup events: enough for tiered JIT to finish, see README.md) and one
# measured run per target; every measured run must have all calls succeed with one whole
# response message (bench/rpc-load/h2load_result.py), and every webhook event must be found in the event log.
set -euo pipefail

requests=100000 connections=8 streams=16 events=30000 concurrency=64 warmup=100000 webhook_warmup=20000
for arg in "$@"; do
  case "$arg" in
    --requests=*) requests="${arg#*=}" ;;
    --connections=*) connections="${arg#*=}" ;;
    --streams=*) streams="${arg#*=}" ;;
    --events=*) events="${arg#*=}" ;;
    --webhook-concurrency=*) concurrency="${arg#*=}" ;;
    --warmup=*) warmup="${arg#*=}" ;;
    --webhook-warmup=*) webhook_warmup="${arg#*=}" ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/out"
python=/usr/bin/python3
die() { echo "run.sh: $*" >&2; exit 1; }

# --- 0. tools: install the peers if missing (the bench only; no test needs them) -----------------
missing=()
command -v h2load >/dev/null || missing+=(nghttp2-client)
command -v nginx >/dev/null || missing+=(nginx)
command -v haproxy >/dev/null || missing+=(haproxy)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}..." >&2
  apt-get install -y -q "${missing[@]}" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }
fi
command -v dotnet >/dev/null || die "dotnet not found: install the .NET 10 SDK"
nginx -v 2>&1 | grep -q 'nginx/1\.' || die "nginx not usable"

# --- 1. build ------------------------------------------------------------------------------------
dotnet build "$root/src/Greentic.Cli" -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build "$here/WebhookLoad" -c Release -nologo -clp:ErrorsOnly >/dev/null
greentic=("dotnet" "$root/src/Greentic.Cli/bin/Release/net10.0/greentic.dll")
load=("dotnet" "$here/WebhookLoad/bin/Release/net10.0/Greentic.Gateway.WebhookLoad.dll")

rm -rf "$out"; mkdir -p "$out"
port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
cp_grpc=$(port) cp_http=$(port) gw_http=$(port) gw_grpc=$(port) nginx_port=$(port) haproxy_port=$(port) idle_http=$(port) idle_grpc=$(port)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
export Logging__LogLevel__Default=Warning DOTNET_gcServer=1
# Three busy .NET processes share 2 cores: idle pool threads spinning before they sleep only steal CPU from the others.
export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
# The hosts watch their content root (the working directory, recursively) for appsettings changes; SQLite writes under it
# would wake that watcher on every commit. Run them from an empty folder beside the data.
mkdir -p "$out/run"; cd "$out/run"

wait_for() { # URL what
  for _ in $(seq 1 300); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; die "$2 did not come up ($1)"
}

# --- 2. the control plane (one replica; its own gateway idles on other ports, it only mints the gateway's token) ---
"${greentic[@]}" up --data-dir "$out/data" --no-sidecar --grpc "http://127.0.0.1:$cp_grpc" --http "http://127.0.0.1:$cp_http" \
  --gateway-http "http://127.0.0.1:$idle_http" --gateway-grpc "http://127.0.0.1:$idle_grpc" >"$out/up.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$cp_http/healthz" "greentic up"
for _ in $(seq 1 100); do grep -q 'Press Ctrl+C' "$out/up.log" && break; sleep 0.2; done
token=$(cat "$out/data/dev-token.txt")
slack_secret="bench-slack-signing-secret"
"${greentic[@]}" secrets set default/SLACK_SIGNING_SECRET "$slack_secret" --address "http://127.0.0.1:$cp_grpc" --data-dir "$out/data" >/dev/null

# --- 3. the gateway, nginx, HAProxy in front of it -----------------------------------------------
"${greentic[@]}" gateway \
  "--Greentic:Gateway:Listen:0:Url=http://127.0.0.1:$gw_http" --Greentic:Gateway:Listen:0:Protocols=Http1 \
  "--Greentic:Gateway:Listen:1:Url=http://127.0.0.1:$gw_grpc" --Greentic:Gateway:Listen:1:Protocols=Http2 \
  "--Greentic:Gateway:ControlPlane:Address=http://127.0.0.1:$cp_grpc" \
  "--Greentic:Gateway:ControlPlane:ServiceTokenFile=$out/data/gateway-token.txt" \
  "--Greentic:Gateway:Dedupe:SqlitePath=$out/gateway-dedupe.db" \
  --Greentic:Gateway:RateLimits:Enabled=false >"$out/gateway.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$gw_http/healthz" "greentic gateway"
for _ in $(seq 1 300); do
  curl -fsS "http://127.0.0.1:$gw_http/admin/gateway/status" | grep -q '"active":"Healthy"' && break; sleep 0.2
done

mkdir -p "$out/nginx"
cat >"$out/nginx/nginx.conf" <<CONF
user root;
worker_processes auto;
daemon off;
pid $out/nginx/nginx.pid;
error_log $out/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $out/nginx/body; proxy_temp_path $out/nginx/proxy; fastcgi_temp_path $out/nginx/fcgi;
  uwsgi_temp_path $out/nginx/uwsgi; scgi_temp_path $out/nginx/scgi;
  keepalive_requests 10000000;
  upstream controlplane { server 127.0.0.1:$cp_grpc; keepalive 64; keepalive_requests 10000000; }
  server {
    listen 127.0.0.1:$nginx_port http2;
    location / { grpc_pass grpc://controlplane; }
  }
}
CONF
nginx -c "$out/nginx/nginx.conf" &
pids+=($!)

cat >"$out/haproxy.cfg" <<CONF
global
  nbthread 2
  maxconn 8000
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
frontend grpc_in
  bind 127.0.0.1:$haproxy_port proto h2
  default_backend controlplane
backend controlplane
  server cp1 127.0.0.1:$cp_grpc proto h2
CONF
haproxy -f "$out/haproxy.cfg" -db >"$out/haproxy.log" 2>&1 &
pids+=($!)
sleep 1

# --- 4. unary gRPC through each proxy --------------------------------------------------------------
"$python" "$here/invoke_body.py" >"$out/invoke.bin"
h2() { # port requests log
  h2load -n "$2" -c "$connections" -m "$streams" -t 1 -d "$out/invoke.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' -H "authorization: Bearer $token" \
    ${3:+--log-file="$3"} "http://127.0.0.1:$1/greentic.provider.v1.ProviderService/Invoke"
}
h2load -n 1 -c 1 -d "$out/invoke.bin" -H 'content-type: application/grpc' -H 'te: trailers' -H "authorization: Bearer $token" \
  "http://127.0.0.1:$cp_grpc/greentic.provider.v1.ProviderService/Invoke" >"$out/probe.txt"
per_response=$(grep -oP 'B \(\K\d+(?=\) data)' "$out/probe.txt")
[ "${per_response:-0}" -gt 0 ] || die "the probe call returned no message: $(cat "$out/probe.txt")"

h2 "$cp_grpc" "$warmup" >/dev/null  # JIT warm-up of the replica itself
printf 'target\treq/s\tp50_us\tp99_us\n' >"$out/grpc.tsv"
for target in direct:$cp_grpc gateway:$gw_grpc nginx:$nginx_port haproxy:$haproxy_port; do
  name=${target%%:*} p=${target##*:}
  # Warm-up: tiered JIT of the proxy (and the replica) reaches steady state. 30000 calls were not enough: perf showed the
  # gateway's background JIT at ~20 % of its CPU for the first ~65000 measured calls (README.md, "Where the time goes").
  h2 "$p" "$warmup" >/dev/null
  h2 "$p" "$requests" "$out/$name.h2log" >"$out/$name.txt"
  "$python" "$root/bench/rpc-load/h2load_result.py" "$name" "$requests" "$per_response" "$out/$name.txt" "$out/$name.h2log" >>"$out/grpc.tsv"
done

# --- 5. Slack webhooks: verified, deduplicated, stored ----------------------------------------------
slack_url="http://127.0.0.1:$gw_http/slack/events/demo"
"${load[@]}" "$slack_url" "$slack_secret" "$webhook_warmup" "$concurrency" >/dev/null
"${load[@]}" "http://127.0.0.1:$gw_http/healthz" - "$webhook_warmup" "$concurrency" get >/dev/null
printf 'run\tevents\tseconds\tper_second\tp50_ms\tp99_ms\tnon_200\n' >"$out/webhooks.tsv"
printf 'baseline GET /healthz\t%s\n' "$("${load[@]}" "http://127.0.0.1:$gw_http/healthz" - "$events" "$concurrency" get)" >>"$out/webhooks.tsv"
before=$("$python" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from greentic_events where stream='dev/demo'\").fetchone()[0])" "$out/data/events.db")
printf 'slack webhooks\t%s\n' "$("${load[@]}" "$slack_url" "$slack_secret" "$events" "$concurrency")" >>"$out/webhooks.tsv"
after=$("$python" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from greentic_events where stream='dev/demo'\").fetchone()[0])" "$out/data/events.db")
[ $((after - before)) -eq "$events" ] || die "the event log gained $((after - before)) events, want $events"

# --- 6. report ----------------------------------------------------------------------------------
"$python" "$here/report.py" "$out/grpc.tsv" "$out/webhooks.tsv" "$requests" "$connections" "$streams" "$events" "$concurrency"
