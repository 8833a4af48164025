'use strict';
// The peers of the matrix: which servers to start and which clients run against which server.
const path = require('path');

const INTEROP = path.join(__dirname, '..');
const PYTHON = '/usr/bin/python3';

const CASES = [
  'empty_unary', 'large_unary', 'client_streaming', 'server_streaming', 'ping_pong', 'empty_stream',
  'custom_metadata', 'status_code_and_message', 'special_status_message', 'unimplemented_method',
  'unimplemented_service', 'timeout_on_sleeping_server', 'cancel_after_begin', 'cancel_after_first_response',
  'client_compressed_unary', 'server_compressed_unary', 'client_compressed_streaming', 'server_compressed_streaming',
];

const SERVERS = {
  greentic: (tls) => ['dotnet', [path.join(INTEROP, 'Greentic.Interop/bin/Release/net10.0/Greentic.Interop.dll'), 'server', '--port=0', `--use_tls=${tls}`]],
  'grpc-js': (tls) => ['node', [path.join(INTEROP, 'node/server.js'), '--port=0', `--use_tls=${tls}`]],
};

const CLIENTS = {
  'grpc-js': (flags) => ['node', [path.join(INTEROP, 'node/client.js'), ...flags]],
  grpcio: (flags) => [PYTHON, [path.join(INTEROP, 'python/interop_client.py'), ...flags]],
  greentic: (flags) => ['dotnet', [path.join(INTEROP, 'Greentic.Interop/bin/Release/net10.0/Greentic.Interop.dll'), 'client', ...flags]],
};

// Each column: a client against a server over one transport.
const COLUMNS = [];
for (const [client, server] of [['grpc-js', 'greentic'], ['grpcio', 'greentic'], ['greentic', 'grpc-js']]) {
  for (const tls of [false, true]) COLUMNS.push({ client, server, tls, label: `${client}→${server} ${tls ? 'tls' : 'h2c'}` });
}

function clientFlags(testCase, port, tls) {
  const flags = ['--server_host=127.0.0.1', `--server_port=${port}`, `--test_case=${testCase}`, `--use_tls=${tls}`];
  if (tls) flags.push('--use_test_ca=true', '--server_host_override=foo.test.google.fr');
  return flags;
}

module.exports = { CASES, SERVERS, CLIENTS, COLUMNS, clientFlags, INTEROP, PYTHON };
