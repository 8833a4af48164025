'use strict';
// The interop test cases (grpc doc/interop-test-descriptions.md), written against grpc-js.
// Each case takes a Peer ({ client, compressedClient, UnimplementedService client }) and
// resolves on success or throws an Error saying what was wrong.
const assert = require('assert/strict');
const { grpc } = require('./protos');

const ECHO_INITIAL = 'x-grpc-test-echo-initial';
const ECHO_TRAILING = 'x-grpc-test-echo-trailing-bin';
const SPECIAL_MESSAGE = '\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \ud83d\ude08\t\n';
const NO_COMPRESS = 2; // grpc-js WriteFlags.NoCompress

const zeros = (size) => ({ body: Buffer.alloc(size) });
const expectCompressed = (value) => ({ value });

function unary(client, method, request, options = {}) {
  const metadata = options.metadata || new grpc.Metadata();
  const result = { headers: null, trailers: null };
  return new Promise((resolve, reject) => {
    const call = client[method](request, metadata, { deadline: options.deadline }, (err, response) => {
      if (err) return reject(err);
      result.response = response;
      resolve(result);
    });
    call.on('metadata', (md) => { result.headers = md; });
    call.on('status', (status) => { result.trailers = status.metadata; });
  }).then(async (r) => {
    // 'status' follows the callback in grpc-js; give it a tick.
    for (let i = 0; i < 100 && !r.trailers; i++) await new Promise((res) => setImmediate(res));
    return r;
  });
}

async function expectStatus(promise, code, message) {
  try {
    await promise;
  } catch (err) {
    assert.equal(err.code, code, `status code ${err.code} (${err.details}), want ${code}`);
    if (message !== undefined) assert.equal(err.details, message, 'status message');
    return err;
  }
  throw new Error(`call succeeded, want status ${code}`);
}

function assertBodySize(response, size) {
  assert.ok(response && response.payload, 'response has a payload');
  assert.equal(response.payload.body.length, size, 'payload body size');
  assert.ok(response.payload.body.every((b) => b === 0), 'payload body is zeros');
}

// Collects a streaming call's responses and its final status (without throwing).
function collect(call) {
  return new Promise((resolve) => {
    const responses = [];
    let headers = null;
    call.on('metadata', (md) => { headers = md; });
    call.on('data', (r) => responses.push(r));
    call.on('error', () => {});
    call.on('status', (status) => resolve({ responses, status, headers }));
  });
}

function statusOf(call) {
  return new Promise((resolve) => {
    call.on('error', () => {});
    call.on('data', () => {});
    call.on('status', resolve);
  });
}

const largeRequest = (extra = {}) => ({ response_size: 314159, payload: zeros(271828), ...extra });

const cases = {
  async empty_unary({ client }) {
    const { response } = await unary(client, 'EmptyCall', {});
    assert.ok(response, 'response is non-null');
  },

  async large_unary({ client }) {
    const { response } = await unary(client, 'UnaryCall', largeRequest());
    assertBodySize(response, 314159);
  },

  async client_compressed_unary({ client, compressedClient }) {
    await expectStatus(unary(client, 'UnaryCall', largeRequest({ expect_compressed: expectCompressed(true) })),
      grpc.status.INVALID_ARGUMENT);
    const compressed = await unary(compressedClient, 'UnaryCall', largeRequest({ expect_compressed: expectCompressed(true) }));
    assertBodySize(compressed.response, 314159);
    const plain = await unary(client, 'UnaryCall', largeRequest({ expect_compressed: expectCompressed(false) }));
    assertBodySize(plain.response, 314159);
  },

  // grpc-js hides the compressed flag of received messages: this checks the calls succeed.
  async server_compressed_unary({ client }) {
    for (const value of [true, false]) {
      const { response } = await unary(client, 'UnaryCall', largeRequest({ response_compressed: { value } }));
      assertBodySize(response, 314159);
    }
  },

  async client_streaming({ client }) {
    let callback;
    const done = new Promise((resolve, reject) => { callback = (err, r) => (err ? reject(err) : resolve(r)); });
    const call = client.StreamingInputCall(callback);
    for (const size of [27182, 8, 1828, 45904]) call.write({ payload: zeros(size) });
    call.end();
    const response = await done;
    assert.equal(response.aggregated_payload_size, 74922, 'aggregated_payload_size');
  },

  async client_compressed_streaming({ client, compressedClient }) {
    const probe = await new Promise((resolve) => {
      const call = client.StreamingInputCall((err) => resolve(err));
      call.write({ expect_compressed: expectCompressed(true), payload: zeros(27182) });
      call.end();
    });
    assert.ok(probe, 'probe call succeeded, want INVALID_ARGUMENT');
    assert.equal(probe.code, grpc.status.INVALID_ARGUMENT, `probe status ${probe.code} (${probe.details})`);

    const response = await new Promise((resolve, reject) => {
      const call = compressedClient.StreamingInputCall((err, r) => (err ? reject(err) : resolve(r)));
      call.write({ expect_compressed: expectCompressed(true), payload: zeros(27182) });
      call.write({ expect_compressed: expectCompressed(false), payload: zeros(45904) }, NO_COMPRESS);
      call.end();
    });
    assert.equal(response.aggregated_payload_size, 73086, 'aggregated_payload_size');
  },

  async server_streaming({ client }) {
    const sizes = [31415, 9, 2653, 58979];
    const call = client.StreamingOutputCall({ response_parameters: sizes.map((size) => ({ size })) });
    const { responses, status } = await collect(call);
    assert.equal(status.code, grpc.status.OK, `status ${status.code} (${status.details})`);
    assert.deepEqual(responses.map((r) => r.payload.body.length), sizes, 'response sizes');
  },

  // grpc-js hides the compressed flag of received messages: this checks sizes and status.
  async server_compressed_streaming({ client }) {
    const call = client.StreamingOutputCall({
      response_parameters: [
        { compressed: { value: true }, size: 31415 },
        { compressed: { value: false }, size: 92653 },
      ],
    });
    const { responses, status } = await collect(call);
    assert.equal(status.code, grpc.status.OK, `status ${status.code} (${status.details})`);
    assert.deepEqual(responses.map((r) => r.payload.body.length), [31415, 92653], 'response sizes');
  },

  async ping_pong({ client }) {
    const requests = [[31415, 27182], [9, 8], [2653, 1828], [58979, 45904]];
    const call = client.FullDuplexCall();
    const finished = collect(call);
    const received = [];
    let waiter = null;
    call.on('data', (r) => { received.push(r); if (waiter) waiter(); });
    for (const [responseSize, bodySize] of requests) {
      const before = received.length;
      const got = new Promise((resolve) => { waiter = resolve; });
      call.write({ response_parameters: [{ size: responseSize }], payload: zeros(bodySize) });
      if (received.length === before) await got;
      assert.equal(received[received.length - 1].payload.body.length, responseSize, 'response size');
    }
    call.end();
    const { responses, status } = await finished;
    assert.equal(status.code, grpc.status.OK, `status ${status.code} (${status.details})`);
    assert.equal(responses.length, 4, 'exactly four responses');
  },

  async empty_stream({ client }) {
    const call = client.FullDuplexCall();
    const finished = collect(call);
    call.end();
    const { responses, status } = await finished;
    assert.equal(status.code, grpc.status.OK, `status ${status.code} (${status.details})`);
    assert.equal(responses.length, 0, 'exactly zero responses');
  },

  async custom_metadata({ client }) {
    const trailingValue = Buffer.from([0xab, 0xab, 0xab]);
    const metadata = () => {
      const md = new grpc.Metadata();
      md.set(ECHO_INITIAL, 'test_initial_metadata_value');
      md.set(ECHO_TRAILING, trailingValue);
      return md;
    };
    const check = (headers, trailers) => {
      assert.ok(headers, 'received initial metadata');
      assert.deepEqual(headers.get(ECHO_INITIAL), ['test_initial_metadata_value'], 'echoed initial metadata');
      assert.ok(trailers, 'received trailing metadata');
      const got = trailers.get(ECHO_TRAILING);
      assert.equal(got.length, 1, 'one echoed trailing value');
      assert.ok(Buffer.from(got[0]).equals(trailingValue), 'echoed trailing value is 0xababab');
    };

    const u = await unary(client, 'UnaryCall', largeRequest(), { metadata: metadata() });
    assertBodySize(u.response, 314159);
    check(u.headers, u.trailers);

    const call = client.FullDuplexCall(metadata());
    const finished = collect(call);
    call.write({ response_parameters: [{ size: 314159 }], payload: zeros(271828) });
    call.end();
    const { responses, status, headers } = await finished;
    assert.equal(status.code, grpc.status.OK, `status ${status.code} (${status.details})`);
    assert.equal(responses.length, 1, 'one response');
    check(headers, status.metadata);
  },

  async status_code_and_message({ client }) {
    const responseStatus = { code: 2, message: 'test status message' };
    await expectStatus(unary(client, 'UnaryCall', { response_status: responseStatus }), 2, responseStatus.message);
    const call = client.FullDuplexCall();
    const finished = collect(call);
    call.write({ response_status: responseStatus });
    call.end();
    const { status } = await finished;
    assert.equal(status.code, 2, `duplex status ${status.code}`);
    assert.equal(status.details, responseStatus.message, 'duplex status message');
  },

  async special_status_message({ client }) {
    await expectStatus(unary(client, 'UnaryCall', { response_status: { code: 2, message: SPECIAL_MESSAGE } }),
      2, SPECIAL_MESSAGE);
  },

  async unimplemented_method({ client }) {
    await expectStatus(unary(client, 'UnimplementedCall', {}), grpc.status.UNIMPLEMENTED);
  },

  async unimplemented_service({ unimplementedClient }) {
    await expectStatus(unary(unimplementedClient, 'UnimplementedCall', {}), grpc.status.UNIMPLEMENTED);
  },

  async timeout_on_sleeping_server({ client }) {
    const call = client.FullDuplexCall({ deadline: Date.now() + 1 });
    const status = statusOf(call);
    call.write({ payload: zeros(27182) });
    const { code, details } = await status;
    assert.equal(code, grpc.status.DEADLINE_EXCEEDED, `status ${code} (${details})`);
  },

  async cancel_after_begin({ client }) {
    const call = client.StreamingInputCall(() => {});
    const status = statusOf(call);
    call.cancel();
    const { code, details } = await status;
    assert.equal(code, grpc.status.CANCELLED, `status ${code} (${details})`);
  },

  async cancel_after_first_response({ client }) {
    const call = client.FullDuplexCall();
    const status = new Promise((resolve) => call.on('status', resolve));
    call.on('error', () => {});
    const first = new Promise((resolve) => call.once('data', resolve));
    call.write({ response_parameters: [{ size: 31415 }], payload: zeros(27182) });
    const response = await first;
    assert.equal(response.payload.body.length, 31415, 'first response size');
    call.cancel();
    const { code, details } = await status;
    assert.equal(code, grpc.status.CANCELLED, `status ${code} (${details})`);
  },
};

module.exports = { cases };
