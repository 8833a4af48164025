'use strict';
// GREENTIC_BENCH_CALLS=N: N sequential echo calls on one channel after a warm-up, timed one by one — the same loop
// as EchoBench.cs and greentic_bench.py, so the three clients are compared against the same server in the same run.

function call(client, metadata, request) {
  return new Promise((resolve, reject) => {
    client.Invoke(request, metadata, { deadline: Date.now() + 30_000 }, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

async function echoBench(client, metadata, ctx, calls) {
  const request = { ctx, provider_type: 'echo', op: 'echo', input_json: Buffer.from('{"n":1}') };
  for (let i = 0; i < Math.max(50, Math.floor(calls / 10)); i++) await call(client, metadata, request);
  const micros = new Array(calls);
  const totalStart = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    const start = process.hrtime.bigint();
    await call(client, metadata, request);
    micros[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  const totalSeconds = Number(process.hrtime.bigint() - totalStart) / 1e9;
  micros.sort((a, b) => a - b);
  return {
    calls,
    mean_us: Math.round(micros.reduce((a, b) => a + b, 0) / calls),
    p50_us: Math.round(micros[Math.floor(calls / 2)]),
    p99_us: Math.round(micros[Math.min(calls - 1, Math.floor(calls * 0.99))]),
    calls_per_s: Math.round(calls / totalSeconds),
  };
}

module.exports = { echoBench };
