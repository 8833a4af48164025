'use strict';
// Loads the checked-in contracts from protos/ at run time with proto-loader: no generated files to keep in sync.
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO_ROOT = path.resolve(__dirname, '../../protos');
const FILES = [
  'greentic/provider/v1/provider.proto',
  'greentic/secrets/v1/secrets.proto',
  'greentic/state/v1/state.proto',
];

/** Returns the `greentic` package: e.g. `.provider.v1.ProviderService` is a client constructor. */
function loadGreentic() {
  const definition = protoLoader.loadSync(FILES, {
    includeDirs: [PROTO_ROOT],
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  return grpc.loadPackageDefinition(definition).greentic;
}

module.exports = { loadGreentic, PROTO_ROOT };
