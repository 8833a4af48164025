#!/usr/bin/env bash
# The test command: installs everything the suites need, builds, and runs every suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
dotnet build Greentic.Grpc.sln -c Release
dotnet test Greentic.Grpc.sln -c Release --no-build
