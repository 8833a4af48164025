"""GREENTIC_BENCH_CALLS=N: N sequential echo calls on one channel after a warm-up, timed one by one — the same loop
as EchoBench.cs and bench.js, so the three clients are compared against the same server in the same run."""
import time


def echo_bench(stub, provider_pb2, ctx, token, calls):
    request = provider_pb2.InvokeRequest(ctx=ctx, provider_type="echo", op="echo", input_json=b'{"n":1}')
    metadata = [("authorization", f"Bearer {token}")]
    for _ in range(max(50, calls // 10)):
        stub.Invoke(request, metadata=metadata, timeout=30)
    micros = []
    total_start = time.perf_counter()
    for _ in range(calls):
        start = time.perf_counter()
        stub.Invoke(request, metadata=metadata, timeout=30)
        micros.append((time.perf_counter() - start) * 1e6)
    total = time.perf_counter() - total_start
    micros.sort()
    return {
        "calls": calls,
        "mean_us": round(sum(micros) / calls),
        "p50_us": round(micros[calls // 2]),
        "p99_us": round(micros[min(calls - 1, int(calls * 0.99))]),
        "calls_per_s": round(calls / total),
    }
