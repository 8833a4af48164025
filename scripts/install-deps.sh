#!/usr/bin/env bash
# Installs the system and npm packages the tests and peers need. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
APT_PACKAGES=(wabt grpc-proto python3-grpcio python3-grpc-tools libgrpc++-dev protobuf-compiler protobuf-compiler-grpc
  nghttp2-client postgresql-15 wasi-libc libclang-rt-14-dev-wasm32 lld-14 clang-14)
missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
if [ -f package.json ]; then
  # npm ci refuses this lock: the registry copy serves only the linux-x64 optional buf binary.
  npm install --no-audit --no-fund --no-save
fi
# The Node client and sidecar are their own packages with exact lock files: `npm ci` reproduces them.
for dir in clients/node sidecars/node; do
  (cd "$dir" && npm ci --no-audit --no-fund)
done
dotnet restore Greentic.Grpc.sln
