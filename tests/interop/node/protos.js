'use strict';
// The Greentic contracts from protos/ (every service) and google.rpc's status protos, loaded at run time.
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

const SERVICES = ['provider', 'secrets', 'state', 'http', 'telemetry', 'distributor', 'admin'];

/** The `greentic` package of grpc-js client constructors, e.g. `.provider.v1.ProviderService`. */
function loadGreentic(protoRoot) {
  const files = SERVICES.map((s) => `greentic/${s}/v1/${s}.proto`);
  const definition = protoLoader.loadSync(files, {
    includeDirs: [protoRoot], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true,
  });
  return grpc.loadPackageDefinition(definition).greentic;
}

/** google.rpc.Status, ErrorInfo and RetryInfo as protobufjs types, from the google-proto-files package. */
function loadRpcStatus(googleProtoRoot) {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => path.join(googleProtoRoot, target);
  root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'], { keepCase: true });
  return {
    Status: root.lookupType('google.rpc.Status'),
    ErrorInfo: root.lookupType('google.rpc.ErrorInfo'),
    RetryInfo: root.lookupType('google.rpc.RetryInfo'),
  };
}

module.exports = { grpc, loadGreentic, loadRpcStatus };
