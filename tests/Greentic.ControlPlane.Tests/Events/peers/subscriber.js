#!/usr/bin/env node
'use strict';
// A real grpc-js peer of EventsService: subscribes as a durable subscriber, consumes COUNT events, acks each one's cursor,
// and prints one JSON line per event ({id, cursor, attempt, acked}), then {done: true} and cancels its stream.
// Env: TARGET (unix:///path or host:port), TOKEN, TENANT, SUBSCRIBER, COUNT, ACK ("all" | "none" | an index to ack up to).
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const root = path.resolve(__dirname, '../../../../protos');
const definition = protoLoader.loadSync(['greentic/events/v1/events.proto'], {
  includeDirs: [root], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true,
});
const events = grpc.loadPackageDefinition(definition).greentic.events.v1;

const target = process.env.TARGET;
const tenant = process.env.TENANT;
const subscriber = process.env.SUBSCRIBER;
const count = Number.parseInt(process.env.COUNT, 10);
const ackMode = process.env.ACK || 'all';
const metadata = new grpc.Metadata();
metadata.add('authorization', `Bearer ${process.env.TOKEN}`);
const ctx = { env: 'dev', tenant, tenant_id: tenant };
const client = new events.EventsService(target, grpc.credentials.createInsecure());

function ack(cursor) {
  return new Promise((resolve, reject) => {
    client.Ack({ ctx, subscriber, cursor }, metadata, { deadline: Date.now() + 30_000 }, (error, response) =>
      error ? reject(new Error(`Ack: ${grpc.status[error.code]}: ${error.details}`)) : resolve(response.acked_cursor));
  });
}

async function main() {
  const call = client.Subscribe({ ctx, subscriber }, metadata, { deadline: Date.now() + 60_000 });
  let seen = 0;
  let queue = Promise.resolve();
  await new Promise((resolve, reject) => {
    call.on('data', (response) => {
      seen += 1;
      const index = seen;
      if (index > count) return;
      queue = queue.then(async () => {
        const shouldAck = ackMode === 'all' || (ackMode !== 'none' && index <= Number.parseInt(ackMode, 10));
        const acked = shouldAck ? await ack(response.cursor) : null;
        console.log(JSON.stringify({ id: response.event.id, cursor: response.cursor, attempt: response.delivery_attempt,
          payload: JSON.parse(Buffer.from(response.event.payload_json).toString('utf8')), acked }));
        if (index === count) {
          call.cancel();
          resolve();
        }
      }).catch(reject);
    });
    call.on('error', (error) => {
      if (error.code === grpc.status.CANCELLED && seen >= count) resolve();
      else reject(new Error(`Subscribe: ${grpc.status[error.code]}: ${error.details}`));
    });
  });
  await queue;
  console.log(JSON.stringify({ done: true }));
  client.close();
}

main().catch((error) => {
  console.error(`error: ${error.message}`);
  process.exit(1);
});
