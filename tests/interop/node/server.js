#!/usr/bin/env node
'use strict';
// grpc-js implementation of grpc.testing.TestService, the peer for our interop client.
// Flags: --port=N --use_tls=BOOL. Prints "listening on PORT" once bound.
//
// grpc-js limits (documented, not worked around): it never compresses responses, and it
// does not expose a request message's compressed flag; expect_compressed is judged from
// the call's grpc-encoding header, read by a server interceptor before grpc-js strips it.
const { grpc, testing } = require('./protos');
const { parseFlags } = require('./flags');
const tls = require('./tls');

const ECHO_INITIAL = 'x-grpc-test-echo-initial';
const ECHO_TRAILING = 'x-grpc-test-echo-trailing-bin';

const payload = (size) => ({ type: 'COMPRESSABLE', body: Buffer.alloc(size) });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Whether the request carried a non-identity grpc-encoding (see the note above).
const requestCompressed = new WeakMap();
function encodingInterceptor(methodDescriptor, call) {
  const encoding = call.incomingEncoding;
  return new grpc.ServerInterceptingCall(call, {
    start(next) {
      next({
        onReceiveMetadata(metadata, nextMd) {
          requestCompressed.set(metadata, !!encoding && encoding !== 'identity');
          nextMd(metadata);
        },
      });
    },
  });
}

function checkExpectCompressed(call, request) {
  if (!request.expect_compressed || !request.expect_compressed.value) return null;
  if (requestCompressed.get(call.metadata)) return null;
  return { code: grpc.status.INVALID_ARGUMENT, details: 'Expected compressed request' };
}

function echoStatus(request) {
  const s = request.response_status;
  if (!s || s.code === 0) return null;
  return { code: s.code, details: s.message };
}

// Sends x-grpc-test-echo-initial back as response headers; returns the trailers to end with.
function echoMetadata(call) {
  const initial = call.metadata.get(ECHO_INITIAL);
  if (initial.length > 0) {
    const headers = new grpc.Metadata();
    headers.set(ECHO_INITIAL, initial[0]);
    call.sendMetadata(headers);
  }
  const trailers = new grpc.Metadata();
  const trailing = call.metadata.get(ECHO_TRAILING);
  if (trailing.length > 0) trailers.set(ECHO_TRAILING, trailing[0]);
  return trailers;
}

function withTrailers(status, trailers) {
  return { ...status, metadata: trailers };
}

const service = {
  EmptyCall(call, callback) {
    callback(null, {}, echoMetadata(call));
  },

  UnaryCall(call, callback) {
    const trailers = echoMetadata(call);
    const failure = checkExpectCompressed(call, call.request) || echoStatus(call.request);
    if (failure) return callback(withTrailers(failure, trailers));
    callback(null, { payload: payload(call.request.response_size) }, trailers);
  },

  CacheableUnaryCall(call, callback) {
    callback(null, { payload: { type: 'COMPRESSABLE', body: Buffer.from(String(process.hrtime.bigint())) } });
  },

  async StreamingOutputCall(call) {
    const trailers = echoMetadata(call);
    const failure = echoStatus(call.request);
    for (const params of call.request.response_parameters) {
      if (params.interval_us > 0) await sleep(params.interval_us / 1000);
      if (call.cancelled) return;
      call.write({ payload: payload(params.size) });
    }
    if (failure) return call.emit('error', withTrailers(failure, trailers));
    call.end(trailers);
  },

  StreamingInputCall(call, callback) {
    const trailers = echoMetadata(call);
    let total = 0;
    let failed = false;
    call.on('data', (request) => {
      const failure = checkExpectCompressed(call, request);
      if (failure && !failed) {
        failed = true;
        callback(withTrailers(failure, trailers));
      }
      total += request.payload ? request.payload.body.length : 0;
    });
    call.on('end', () => {
      if (!failed) callback(null, { aggregated_payload_size: total }, trailers);
    });
    call.on('error', () => {});
  },

  FullDuplexCall(call) {
    const trailers = echoMetadata(call);
    let chain = Promise.resolve();
    let done = false;
    const finish = (failure) => {
      if (done) return;
      done = true;
      if (failure) call.emit('error', withTrailers(failure, trailers));
      else call.end(trailers);
    };
    call.on('data', (request) => {
      chain = chain.then(async () => {
        if (done || call.cancelled) return;
        const failure = echoStatus(request);
        if (failure) return finish(failure);
        for (const params of request.response_parameters) {
          if (params.interval_us > 0) await sleep(params.interval_us / 1000);
          if (done || call.cancelled) return;
          call.write({ payload: payload(params.size) });
        }
      });
    });
    call.on('end', () => { chain = chain.then(() => finish(null)); });
    call.on('error', () => { done = true; });
  },

  HalfDuplexCall(call) {
    const trailers = echoMetadata(call);
    const requests = [];
    call.on('data', (request) => requests.push(request));
    call.on('end', () => {
      for (const request of requests) {
        const failure = echoStatus(request);
        if (failure) return call.emit('error', withTrailers(failure, trailers));
        for (const params of request.response_parameters) call.write({ payload: payload(params.size) });
      }
      call.end(trailers);
    });
    call.on('error', () => {});
  },
  // UnimplementedCall is deliberately absent: grpc-js answers UNIMPLEMENTED.
};

function main() {
  const flags = parseFlags(process.argv.slice(2), { port: '0', use_tls: false });
  const server = new grpc.Server({ interceptors: [encodingInterceptor] });
  server.addService(testing.TestService.service, service);
  const credentials = flags.use_tls
    ? grpc.ServerCredentials.createSsl(null, [{ cert_chain: tls.serverCert(), private_key: tls.serverKey() }])
    : grpc.ServerCredentials.createInsecure();
  server.bindAsync(`127.0.0.1:${flags.port}`, credentials, (err, port) => {
    if (err) {
      console.error(`bind failed: ${err.message}`);
      process.exit(1);
    }
    console.log(`listening on ${port}`);
  });
  const stop = () => server.tryShutdown(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
