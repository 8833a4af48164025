'use strict';
// Serves a map of providers (provider_type → { describe, invoke(op, input, { ctx, call }) }) as
// greentic.provider.v1.ProviderService with @grpc/grpc-js. Shared by sidecar.js and any sidecar built on it.
const grpc = require('@grpc/grpc-js');

function json(value) {
  return Buffer.from(JSON.stringify(value));
}

// A failed callback to the control plane (a grpc-js ServiceError: numeric code, details) passes through with its own
// status and text; grpc-js would otherwise send e.message, "7 PERMISSION_DENIED: ...", under INTERNAL.
function statusOf(e) {
  if (e.grpcCode !== undefined) return { code: e.grpcCode, details: e.message };
  if (typeof e.code === 'number' && typeof e.details === 'string') return { code: e.code, details: e.details };
  return { code: grpc.status.INTERNAL, details: e.message };
}

/** The supervisor's pid (GREENTIC_PARENT_PID), else the parent at start. */
function expectedParent() {
  return Number(process.env.GREENTIC_PARENT_PID) || process.ppid;
}

function createService(providers) {
  function lookup(call, callback) {
    const provider = providers.get(call.request.provider_type);
    if (!provider) {
      callback({ code: grpc.status.NOT_FOUND, details: `provider '${call.request.provider_type}' is not served by this sidecar` });
      return null;
    }
    return provider;
  }

  return {
    Describe(call, callback) {
      const p = lookup(call, callback);
      if (p) callback(null, { describe_json: json(p.describe) });
    },
    ValidateConfig(call, callback) {
      const p = lookup(call, callback);
      if (!p) return;
      let valid;
      try {
        const cfg = JSON.parse(Buffer.from(call.request.config_json).toString('utf8'));
        valid = cfg !== null && typeof cfg === 'object' && !Array.isArray(cfg)
          ? { valid: true } : { valid: false, errors: ['config must be a JSON object'] };
      } catch (e) {
        valid = { valid: false, errors: [`config is not JSON: ${e.message}`] };
      }
      callback(null, { result_json: json(valid) });
    },
    Healthcheck(call, callback) {
      const p = lookup(call, callback);
      if (p) callback(null, { health_json: json({ status: 'ok' }) });
    },
    async Invoke(call, callback) {
      const p = lookup(call, callback);
      if (!p) return;
      let input;
      try {
        const text = Buffer.from(call.request.input_json).toString('utf8');
        input = text.length ? JSON.parse(text) : null;
      } catch (e) {
        callback({ code: grpc.status.INVALID_ARGUMENT, details: `input_json is not JSON: ${e.message}` });
        return;
      }
      try {
        const out = await p.invoke(call.request.op, input, { ctx: call.request.ctx, call });
        callback(null, { output_json: json(out) });
      } catch (e) {
        callback(statusOf(e));
      }
    },
  };
}

/** Listens on `listen` (unix:///path or HOST:PORT) and resolves with the server once bound. */
function startSidecar(greentic, providers, listen, name = 'node sidecar') {
  const server = new grpc.Server();
  server.addService(greentic.provider.v1.ProviderService.service, createService(providers));
  const address = listen.startsWith('unix://') ? listen : listen.replace(/^https?:\/\//, '');
  server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
      console.error(`cannot listen on ${address}: ${err.message}`);
      process.exit(1);
    }
    console.log(`${name} listening on ${address}${port ? ` (port ${port})` : ''}`);
  });

  // Supervised sidecars stop when their parent dies (see Greentic.Sidecar.Host/ParentWatcher.cs): the supervisor's pid
  // comes in GREENTIC_PARENT_PID, so a parent that died before this process started is noticed too (we were re-parented).
  if (process.env.GREENTIC_EXIT_WITH_PARENT === '1') {
    const parent = expectedParent();
    setInterval(() => {
      if (process.ppid !== parent) {
        console.error(`parent process ${parent} is gone; stopping the sidecar`);
        server.tryShutdown(() => process.exit(0));
      }
    }, 500).unref();
  }
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => server.tryShutdown(() => process.exit(0)));
  }
  return server;
}

module.exports = { startSidecar, expectedParent };
