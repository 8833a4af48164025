#!/usr/bin/env bash
# Times echo calls from the three clients against one running control plane, in one run, one client at a time.
# Usage: GREENTIC_ADDRESS=... GREENTIC_TOKEN=... clients/bench.sh [CALLS]   (default 2000 calls each)
# Builds the C# client first (Release). Each line: the client's {"calls","mean_us","p50_us","p99_us","calls_per_s"}.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export GREENTIC_BENCH_CALLS="${1:-2000}"
dotnet build "$root/clients/csharp/Greentic.Client.Sample.csproj" -c Release -nologo -v:q >/dev/null
bench() { "$@" | /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["client"].ljust(7), json.dumps(r["bench"]))'; }
bench dotnet "$root/clients/csharp/bin/Release/net10.0/greentic-client-sample.dll"
bench node "$root/clients/node/client.js"
bench /usr/bin/python3 "$root/clients/python/client.py"
