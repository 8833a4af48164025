#!/usr/bin/env node
'use strict';
// grpc-js interop client. Flags as grpc's: --server_host --server_port --test_case --use_tls
// --use_test_ca --server_host_override. Exits 0 when the case passes, 1 otherwise.
const { grpc, testing } = require('./protos');
const { parseFlags } = require('./flags');
const { cases } = require('./cases');
const tls = require('./tls');

const GZIP = 2; // grpc-js CompressionAlgorithms.gzip

function connect(flags) {
  const target = `${flags.server_host}:${flags.server_port}`;
  const options = { 'grpc.max_receive_message_length': -1 };
  let credentials = grpc.credentials.createInsecure();
  if (flags.use_tls) {
    credentials = grpc.credentials.createSsl(flags.use_test_ca ? tls.caCert() : null);
  }
  if (flags.server_host_override) {
    options['grpc.ssl_target_name_override'] = flags.server_host_override;
    options['grpc.default_authority'] = flags.server_host_override;
  }
  const make = (Client, extra = {}) => new Client(target, credentials, { ...options, ...extra });
  return {
    client: make(testing.TestService),
    compressedClient: make(testing.TestService, { 'grpc.default_compression_algorithm': GZIP }),
    unimplementedClient: make(testing.UnimplementedService),
  };
}

async function main() {
  const flags = parseFlags(process.argv.slice(2), {
    server_host: '127.0.0.1', server_port: '', test_case: '', use_tls: false,
    use_test_ca: false, server_host_override: '',
  });
  const run = cases[flags.test_case];
  if (!run) {
    console.error(`unknown --test_case '${flags.test_case}'; known: ${Object.keys(cases).join(', ')}`);
    process.exit(2);
  }
  const peer = connect(flags);
  try {
    await run(peer);
    console.log(`${flags.test_case}: PASS`);
    process.exitCode = 0;
  } catch (err) {
    console.error(`${flags.test_case}: FAIL: ${err.message}`);
    process.exitCode = 1;
  } finally {
    for (const c of Object.values(peer)) c.close();
  }
}

main();
