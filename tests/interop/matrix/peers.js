'use strict';
// The clients of the matrix and how to start each against one transport: every client is generated from protos/.
const path = require('node:path');

const INTEROP = path.join(__dirname, '..');
const REPO = path.join(INTEROP, '../..');
const PYTHON = '/usr/bin/python3';
const CSHARP_DLL = path.join(INTEROP, 'csharp/bin/Release/net10.0/Greentic.Interop.Peer.dll');

const CLIENTS = {
  csharp: { title: 'C#', command: (config, transport) => ['dotnet', [CSHARP_DLL, config, transport]] },
  node: { title: 'node', command: (config, transport) => ['node', [path.join(INTEROP, 'node/peer.js'), config, transport]] },
  python: { title: 'py', command: (config, transport) => [PYTHON, [path.join(INTEROP, 'python/peer.py'), config, transport]] },
};
const TRANSPORTS = ['h2c', 'tls', 'uds'];

const COLUMNS = [];
for (const client of Object.keys(CLIENTS)) {
  for (const transport of TRANSPORTS) {
    COLUMNS.push({ client, transport, label: `${client} ${transport}`, short: `${CLIENTS[client].title} ${transport}` });
  }
}

module.exports = { INTEROP, REPO, PYTHON, CSHARP_DLL, CLIENTS, TRANSPORTS, COLUMNS };
