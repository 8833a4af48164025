'use strict';
// Promise wrappers over grpc-js calls that keep what a case inspects: the response or error, and the response
// headers and trailers.
const { grpc } = require('./protos');

function unary(client, method, request, metadata, options = {}) {
  return new Promise((resolve) => {
    const result = { headers: null, trailers: null };
    const call = client[method](request, metadata || new grpc.Metadata(), options, (error, response) => {
      Object.assign(result, { error, response });
      // The callback may run before the status event: let it deliver the trailers first.
      setImmediate(() => resolve(result));
    });
    call.on('metadata', (headers) => { result.headers = headers; });
    call.on('status', (status) => { result.trailers = status.metadata; });
    if (options.cancelAfterMs) setTimeout(() => call.cancel(), options.cancelAfterMs);
  });
}

/** Like unary, but throws the error (with its status) unless the call succeeded. */
async function ok(client, method, request, metadata, options) {
  const result = await unary(client, method, request, metadata, options);
  if (result.error) throw new Error(`${method}: ${grpc.status[result.error.code]}: ${result.error.details}`);
  return result.response;
}

function serverStream(client, method, request, metadata) {
  return new Promise((resolve, reject) => {
    const messages = [];
    const call = client[method](request, metadata);
    call.on('data', (m) => messages.push(m));
    call.on('error', reject);
    call.on('end', () => resolve(messages));
  });
}

module.exports = { unary, ok, serverStream };
