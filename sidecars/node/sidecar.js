#!/usr/bin/env node
// A provider sidecar in Node: serves greentic.provider.v1.ProviderService with @grpc/grpc-js,
// generated at run time from the repository's protos. See ../README.md for the contract.
'use strict';
const { parseArgs } = require('node:util');
const { loadGreentic } = require('./protos');
const { ControlPlane } = require('./control-plane');
const { createProviders } = require('./providers');
const { startSidecar, expectedParent } = require('./server');

const { values: args } = parseArgs({
  options: {
    listen: { type: 'string' },
    'control-plane': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'tls-ca': { type: 'string' },
  },
});
if (!args.listen) {
  console.error('usage: sidecar.js --listen unix:///path|127.0.0.1:PORT [--control-plane ADDR] [--tls-cert F --tls-key F --tls-ca F]');
  process.exit(2);
}

if (process.env.GREENTIC_EXIT_WITH_PARENT === '1' && process.ppid !== expectedParent()) {
  // Started by a supervisor that has already died: nothing to serve.
  console.error(`parent process ${expectedParent()} is gone; not starting`);
  process.exit(0);
}

const greentic = loadGreentic();
const controlPlane = args['control-plane'] ? new ControlPlane(greentic, args['control-plane'], args) : null;
startSidecar(greentic, createProviders(controlPlane), args.listen);
