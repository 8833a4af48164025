'use strict';
// The sample providers both sidecars implement (contract in ../README.md).
const grpc = require('@grpc/grpc-js');
const { conformanceOps } = require('./conformance');

function fail(code, message, retryable, extra = {}) {
  return { ok: false, error: { code, message, retryable, ...extra } };
}

/** Sleeps `ms`, or rejects with CANCELLED when the call is cancelled (its deadline passed). */
function sleep(ms, call) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    call.on('cancelled', () => {
      clearTimeout(timer);
      reject(Object.assign(new Error('call cancelled'), { grpcCode: grpc.status.CANCELLED }));
    });
  });
}

function echo(controlPlane) {
  const conformance = conformanceOps(controlPlane);
  return {
    describe: { provider_type: 'echo', capabilities: ['echo'], ops: ['echo', 'fail', 'sleep', ...conformance.names] },
    async invoke(op, input, { ctx, call }) {
      switch (op) {
        case 'echo':
          return { ok: true, op: 'echo', input };
        case 'fail':
          return fail('unavailable', 'asked to fail', true, { backoff_ms: 10 });
        case 'sleep': {
          const ms = Number(input?.ms ?? 0);
          await sleep(ms, call);
          if (input?.state_key) await conformance.markSlept(ctx, String(input.state_key));
          return { ok: true, slept_ms: ms };
        }
        default:
          return (await conformance.run(op, input, { ctx, call })) ?? fail('invalid-input', `unknown op '${op}'`, false);
      }
    },
  };
}

function dummy(controlPlane) {
  return {
    describe: { provider_type: 'messaging.dummy', capabilities: ['messaging'], ops: ['render_plan', 'encode', 'send_payload'] },
    async invoke(op, input, { ctx }) {
      switch (op) {
        case 'render_plan': {
          const text = input?.message?.text ?? '';
          return { ok: true, plan: { plan_json: { tier: 'TierD', summary_text: text, actions: [], attachments: [], warnings: [] } } };
        }
        case 'encode': {
          const text = input?.message?.text ?? '';
          return { ok: true, payload: { content_type: 'text/plain', body_b64: Buffer.from(text).toString('base64'), metadata: {} } };
        }
        case 'send_payload': {
          if (!controlPlane) {
            throw Object.assign(new Error('This provider runs without a host for secrets and state (no control plane configured).'),
              { grpcCode: grpc.status.UNAVAILABLE });
          }
          const token = await controlPlane.getSecret(ctx, 'dummy/api_token');
          if (token === null) return { ...fail('unauthenticated', "secret 'dummy/api_token' is not set for this tenant", false), retryable: false };
          const current = await controlPlane.readState(ctx, 'dummy/sent_count');
          const count = (current ? Number(current.toString('utf8')) : 0) + 1;
          await controlPlane.writeState(ctx, 'dummy/sent_count', Buffer.from(String(count)));
          await controlPlane.writeState(ctx, `dummy/outbox/${count}`, Buffer.from(JSON.stringify(input?.payload ?? null)));
          return { ok: true, message: { id: `dummy-${count}` }, retryable: false };
        }
        default:
          return fail('invalid-input', `unknown op '${op}'`, false);
      }
    },
  };
}

const workerEcho = {
  describe: { provider_type: 'worker.echo', capabilities: ['worker'], ops: ['exec'] },
  async invoke(op, input) {
    if (op !== 'exec') return fail('invalid-input', `unknown op '${op}'`, false);
    const payloadText = typeof input?.payload_json === 'string' ? input.payload_json : '';
    let payload = null;
    try {
      payload = payloadText.length === 0 ? null : JSON.parse(payloadText);
    } catch {
      return fail('bad_request', 'payload_json is not JSON', false);
    }
    if (payload && typeof payload.fail === 'object' && payload.fail !== null) {
      const f = payload.fail;
      const extra = f.backoff_ms === undefined ? {} : { backoff_ms: f.backoff_ms };
      return fail(f.code ?? 'internal', f.message ?? 'asked to fail', f.retryable ?? false, extra);
    }
    return {
      ok: true,
      version: input?.version ?? '1.0',
      messages: [
        { kind: 'text', payload_json: payloadText },
        { kind: 'event', payload_json: JSON.stringify({ ran_for: input?.tenant?.tenant ?? '', worker: 'echo' }) },
      ],
    };
  },
};

function createProviders(controlPlane) {
  return new Map([
    ['echo', echo(controlPlane)],
    ['messaging.dummy', dummy(controlPlane)],
    ['worker.echo', workerEcho],
  ]);
}

module.exports = { createProviders, sleep, fail };
