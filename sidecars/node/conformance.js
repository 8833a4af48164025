'use strict';
// The ops of the conformance op set (docs/conformance.md) that need the host: read a secret, write and read state,
// and say what the provider saw of its call's context. Answers have the shapes the `hostio` sample component gives.
const grpc = require('@grpc/grpc-js');

const NAMES = ['secret', 'state_put', 'state_get', 'context'];

const SECRET_ERRORS = { [grpc.status.PERMISSION_DENIED]: 'denied', [grpc.status.INVALID_ARGUMENT]: 'invalid-key' };
const HOST_ERRORS = {
  [grpc.status.PERMISSION_DENIED]: 'denied',
  [grpc.status.INVALID_ARGUMENT]: 'invalid-input',
  [grpc.status.RESOURCE_EXHAUSTED]: 'too-large',
  [grpc.status.NOT_FOUND]: 'not-found',
  [grpc.status.UNAVAILABLE]: 'unavailable',
  [grpc.status.DEADLINE_EXCEEDED]: 'timeout',
};

function hostError(e) {
  if (e.code === undefined) throw e;
  return { error: { code: HOST_ERRORS[e.code] ?? 'internal', message: e.details ?? e.message } };
}

function conformanceOps(controlPlane) {
  function host() {
    if (!controlPlane) {
      throw Object.assign(new Error('This provider runs without a host for secrets and state (no control plane configured).'),
        { grpcCode: grpc.status.UNAVAILABLE });
    }
    return controlPlane;
  }

  async function write(ctx, key, value) {
    try {
      await host().writeState(ctx, key, Buffer.from(value));
      return { ok: true };
    } catch (e) {
      return hostError(e);
    }
  }

  return {
    names: NAMES,
    /** The answer to `op`, or null when it is not a conformance op. */
    async run(op, input, { ctx, call }) {
      const key = String(input?.state_key ?? '');
      switch (op) {
        case 'secret': {
          let secret;
          try {
            const value = await host().getSecret(ctx, String(input?.secret ?? ''));
            secret = value === null ? { found: false } : { found: true, value: value.toString('utf8') };
          } catch (e) {
            if (e.code === undefined) throw e;
            secret = { error: SECRET_ERRORS[e.code] ?? 'internal' };
          }
          return { ok: true, op, secret };
        }
        case 'state_put':
          return { ok: true, op, write: await write(ctx, key, String(input?.state_value ?? '')) };
        case 'state_get': {
          let state;
          try {
            const value = await host().readState(ctx, key);
            state = value === null ? { error: { code: 'not-found', message: `no state under '${key}'` } } : { value: value.toString('utf8') };
          } catch (e) {
            state = hostError(e);
          }
          return { ok: true, op, state };
        }
        case 'context':
          return {
            ok: true,
            op,
            tenant: ctx.tenant,
            team: ctx.team || null,
            user: ctx.user || null,
            trace_id: ctx.trace_id || null,
            correlation_id: ctx.correlation_id || null,
            idempotency_key: ctx.idempotency_key || null,
            attempt: Number(ctx.attempt ?? 0),
            traceparent: String(call.metadata.get('traceparent')[0] ?? '') || null,
          };
        default:
          return null;
      }
    },
    /** What `sleep` does when it wakes, if asked to: state_key = "slept". */
    markSlept: (ctx, key) => write(ctx, key, 'slept'),
  };
}

module.exports = { conformanceOps };
