#!/usr/bin/env node
'use strict';
// The grpc-js peer of the matrix: runs every case against the live control plane over one transport and prints
// one JSON line per case, {"case","ok","detail"[,"trace_id"]}.
//   node peer.js CONFIG.json h2c|tls|uds
const fs = require('node:fs');
const { grpc, loadGreentic, loadRpcStatus } = require('./protos');
const { makeCases } = require('./cases');

const CALL_LIMIT_MS = 60_000;

function channel(cfg, transport) {
  if (transport === 'h2c') return [cfg.targets.h2c, grpc.credentials.createInsecure()];
  if (transport === 'tls') return [cfg.targets.tls, grpc.credentials.createSsl(fs.readFileSync(cfg.ca_file))];
  if (transport === 'uds') return [`unix://${cfg.targets.uds}`, grpc.credentials.createInsecure()];
  throw new Error(`unknown transport '${transport}'`);
}

async function main() {
  const [configFile, transport] = process.argv.slice(2);
  const cfg = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  const greentic = loadGreentic(cfg.proto_root);
  const [target, credentials] = channel(cfg, transport);
  const options = { 'grpc.max_send_message_length': -1, 'grpc.max_receive_message_length': -1 };
  const make = (Ctor) => new Ctor(target, credentials, options);
  const clients = {
    provider: make(greentic.provider.v1.ProviderService),
    secrets: make(greentic.secrets.v1.SecretsService),
    state: make(greentic.state.v1.StateService),
    http: make(greentic.http.v1.HttpService),
    telemetry: make(greentic.telemetry.v1.TelemetryService),
    distributor: make(greentic.distributor.v1.DistributorService),
    admin: make(greentic.admin.v1.AdminService),
  };
  const cases = makeCases({ cfg, clients, types: loadRpcStatus(cfg.google_proto_root), label: `node-${transport}` });
  for (const [name, run] of Object.entries(cases)) {
    let line;
    try {
      const extra = await Promise.race([run(), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer in 60 s')), CALL_LIMIT_MS).unref())]);
      line = { case: name, ok: true, detail: '', ...(extra || {}) };
    } catch (error) {
      line = { case: name, ok: false, detail: error.message };
    }
    console.log(JSON.stringify(line));
  }
  for (const client of Object.values(clients)) client.close();
}

main().catch((error) => { console.error(error.stack || error.message); process.exit(1); });
