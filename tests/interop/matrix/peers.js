'use strict';
// The peers of the matrix: which servers to start and which clients run against which server.
const path = require('path');

const INTEROP = path.join(__dirname, '..');
const PYTHON = '/usr/bin/python3';
const GREENTIC_DLL = path.join(INTEROP, 'Greentic.Interop/bin/Release/net10.0/Greentic.Interop.dll');

const CASES = [
  'empty_unary', 'large_unary', 'client_streaming', 'server_streaming', 'ping_pong', 'empty_stream',
  'custom_metadata', 'status_code_and_message', 'special_status_message', 'unimplemented_method',
  'unimplemented_service', 'timeout_on_sleeping_server', 'cancel_after_begin', 'cancel_after_first_response',
  'client_compressed_unary', 'server_compressed_unary', 'client_compressed_streaming', 'server_compressed_streaming',
];

const SERVERS = {
  greentic: (tls) => ['dotnet', [GREENTIC_DLL, 'server', '--port=0', `--use_tls=${tls}`]],
  'grpc-js': (tls) => ['node', [path.join(INTEROP, 'node/server.js'), '--port=0', `--use_tls=${tls}`]],
  grpcio: (tls) => [PYTHON, [path.join(INTEROP, 'python/interop_server.py'), '--port=0', `--use_tls=${tls}`]],
};

const CLIENTS = {
  'grpc-js': (flags) => ['node', [path.join(INTEROP, 'node/client.js'), ...flags]],
  grpcio: (flags) => [PYTHON, [path.join(INTEROP, 'python/interop_client.py'), ...flags]],
  greentic: (flags) => ['dotnet', [GREENTIC_DLL, 'client', ...flags]],
};

// Server features a peer library cannot provide, so the cell says n/a instead of running. Our client
// meets both server peers, so each of these cases still runs against the peer that has the feature.
const SERVER_GAPS = {
  'grpc-js': {
    server_compressed_unary: 'grpc-js servers never compress responses',
    server_compressed_streaming: 'grpc-js servers never compress responses',
  },
  grpcio: {
    client_compressed_unary: 'grpcio does not tell a handler whether a request was compressed',
    client_compressed_streaming: 'grpcio does not tell a handler whether a request was compressed',
  },
};

// Table headings: G is Greentic.Rpc, js is grpc-js, py is grpcio.
const SHORT = { greentic: 'G', 'grpc-js': 'js', grpcio: 'py' };

// Each column: a client against a server over one transport.
const COLUMNS = [];
// greentic→greentic is the one column where a client checks our server's compressed flags on the wire
// (grpc-js and grpcio clients cannot see them).
const PAIRS = [['grpc-js', 'greentic'], ['grpcio', 'greentic'], ['greentic', 'grpc-js'], ['greentic', 'grpcio'], ['greentic', 'greentic']];
for (const [client, server] of PAIRS) {
  for (const tls of [false, true]) {
    const transport = tls ? 'tls' : 'h2c';
    COLUMNS.push({ client, server, tls, label: `${client}→${server} ${transport}`, short: `${SHORT[client]}→${SHORT[server]} ${transport}` });
  }
}

function clientFlags(testCase, port, tls) {
  const flags = ['--server_host=127.0.0.1', `--server_port=${port}`, `--test_case=${testCase}`, `--use_tls=${tls}`];
  if (tls) flags.push('--use_test_ca=true', '--server_host_override=foo.test.google.fr');
  return flags;
}

module.exports = { SHORT, CASES, SERVERS, CLIENTS, COLUMNS, SERVER_GAPS, clientFlags, INTEROP, PYTHON };
