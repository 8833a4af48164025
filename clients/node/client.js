#!/usr/bin/env node
'use strict';
// Greentic client sample (Node, @grpc/grpc-js): messaging.dummy send_payload and echo echo through the control plane.
// Env: GREENTIC_ADDRESS (default http://127.0.0.1:7878), GREENTIC_TOKEN, GREENTIC_TENANT (default demo),
// GREENTIC_BENCH_CALLS (optional: time that many echo calls, see bench.js).
const grpc = require('@grpc/grpc-js');
const { loadGreentic } = require('./protos');
const { resolveTarget, resolveToken, authMetadata } = require('./connection');
const { echoBench } = require('./bench');

const DEADLINE_MS = 30_000;

function invoke(client, metadata, ctx, providerType, op, input) {
  const request = { ctx, provider_type: providerType, op, input_json: Buffer.from(JSON.stringify(input)) };
  return new Promise((resolve, reject) => {
    client.Invoke(request, metadata, { deadline: Date.now() + DEADLINE_MS }, (error, response) => {
      if (error) {
        reject(new Error(`${providerType} ${op}: ${grpc.status[error.code]}: ${error.details}`));
        return;
      }
      const output = JSON.parse(Buffer.from(response.output_json).toString('utf8'));
      if (output && output.ok === false) {
        reject(new Error(`${providerType} ${op}: provider failed: ${JSON.stringify(output.error)}`));
        return;
      }
      resolve(output);
    });
  });
}

async function main() {
  const { target, credentials } = resolveTarget();
  const metadata = authMetadata(resolveToken());
  const tenant = process.env.GREENTIC_TENANT || 'demo';
  const ctx = { env: 'dev', tenant, tenant_id: tenant };
  const greentic = loadGreentic();
  const client = new greentic.provider.v1.ProviderService(target, credentials);
  try {
    const payload = { content_type: 'text/plain', body_b64: Buffer.from('hello from node').toString('base64'), metadata: {} };
    const sent = await invoke(client, metadata, ctx, 'messaging.dummy', 'send_payload',
      { v: 1, provider_type: 'messaging.dummy', payload, tenant: { tenant } });
    const echoed = await invoke(client, metadata, ctx, 'echo', 'echo', { hello: 'node' });
    const result = { client: 'node', send_payload: sent, echo: echoed };
    const calls = Number.parseInt(process.env.GREENTIC_BENCH_CALLS || '0', 10);
    if (calls > 0) result.bench = await echoBench(client, metadata, ctx, calls);
    console.log(JSON.stringify(result));
  } finally {
    client.close();
  }
}

main().catch((error) => {
  console.error(`error: ${error.message}`);
  process.exit(1);
});
