'use strict';
// Loads the repository's protos with proto-loader, so the sidecar speaks exactly the checked-in contract.
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO_ROOT = path.resolve(__dirname, '../../protos');

function loadGreentic() {
  const files = [
    'greentic/provider/v1/provider.proto',
    'greentic/secrets/v1/secrets.proto',
    'greentic/state/v1/state.proto',
  ];
  const definition = protoLoader.loadSync(files, {
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
