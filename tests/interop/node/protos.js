'use strict';
// Loads the official interop protos from the Debian grpc-proto package.
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO_ROOT = process.env.GRPC_PROTO_ROOT || '/usr/share/grpc-proto';

function loadTesting() {
  const definition = protoLoader.loadSync('grpc/testing/test.proto', {
    includeDirs: [PROTO_ROOT],
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  return grpc.loadPackageDefinition(definition).grpc.testing;
}

module.exports = { grpc, testing: loadTesting() };
