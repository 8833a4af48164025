#!/usr/bin/env bash
# Generates client code from protos/ into OUT (default clients/out/, git-ignored):
#   OUT/node    TypeScript typings for @grpc/proto-loader + @grpc/grpc-js (proto-loader-gen-types), matching the
#               loader options of clients/node/protos.js (keepCase, longs/enums as String, defaults, oneofs);
#   OUT/python  *_pb2.py and *_pb2_grpc.py (protoc + grpc_python_plugin, as clients/python/greentic_protos.py does at run time).
# The sample programs do not need this: they load or generate from protos/ when they start.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "${1:-$root/clients/out}" && cd "${1:-$root/clients/out}" && pwd)"
cd "$root/protos"
mapfile -t protos < <(find greentic -name '*.proto' | sort)
"$root/node_modules/.bin/proto-loader-gen-types" --keepCase --longs=String --enums=String --defaults --oneofs \
  --grpcLib=@grpc/grpc-js --includeComments -I "$root/protos" -O "$out/node" "${protos[@]}"
/usr/bin/python3 "$root/clients/python/greentic_protos.py" "$out/python"
echo "generated from $root/protos: $out/node (TypeScript typings), $out/python (Python modules)"
