#!/usr/bin/env bash
# The test command (README): installs what the suites need, builds everything, checks the contracts,
# runs every test project and the interop matrix, and ends with one summed "N passed, M failed" line.
# A peer or tool that is missing fails the run; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
log_dir=${TEST_LOG_DIR:-$root/artifacts/test-logs}
rm -rf "$log_dir"; mkdir -p "$log_dir"

section() { printf '\n=== %s ===\n' "$*"; }

section "install"
bash scripts/install-deps.sh

section "build"
dotnet build Greentic.Grpc.sln -c Release -nologo -clp:ErrorsOnly

section "contracts: buf lint and buf breaking"
npx --no-install buf lint
if git rev-parse --verify -q main >/dev/null; then
  npx --no-install buf breaking --against '.git#branch=main'
else
  echo "buf breaking: no local 'main' branch to compare against" >&2; exit 1
fi

section "test projects"
status=0
# Loader fuzz tests append "LOADER: N fuzz cases, ..." here; printed after the test projects.
export GREENTIC_FUZZ_REPORT="$log_dir/fuzz-cases.txt"
: >"$GREENTIC_FUZZ_REPORT"
for proj in tests/*.Tests/*.csproj; do
  name=$(basename "$proj" .csproj)
  echo "--- $name"
  rc=0
  dotnet test "$proj" -c Release --no-build -nologo --logger "trx;LogFileName=$name.trx" \
    --results-directory "$log_dir" >"$log_dir/$name.log" 2>&1 || rc=$?
  grep -E '^\s*(Passed!|Failed!)|\[FAIL\]|^\s*Failed [A-Za-z]|error ' "$log_dir/$name.log" | head -40 || true
  [ $rc -eq 0 ] || { echo "$name: exit $rc (full log: $log_dir/$name.log)"; status=1; }
done

section "config loader fuzzing"
if [ -s "$GREENTIC_FUZZ_REPORT" ]; then
  cat "$GREENTIC_FUZZ_REPORT"
  grep -oE '[0-9]+ fuzz cases' "$GREENTIC_FUZZ_REPORT" | awk '{ n += $1 } END { print n " fuzz cases in all, none crashed" }'
else
  echo "no fuzz cases were reported"; status=1
fi

section "interop matrix"
if [ -x tests/interop/run-matrix ]; then
  tests/interop/run-matrix 2>&1 | tee "$log_dir/interop.log" || status=1
else
  echo "tests/interop/run-matrix is missing" | tee "$log_dir/interop.log"; status=1
fi

section "summary"
python_bin=/usr/bin/python3
"$python_bin" scripts/summarize-tests.py "$log_dir" || status=1
exit $status
