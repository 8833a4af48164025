#!/usr/bin/python3
"""Prints the gateway bench's tables: unary gRPC per proxy with ratios, and webhook events per second vs the baseline.

  report.py GRPC_TSV WEBHOOKS_TSV REQUESTS CONNECTIONS STREAMS EVENTS CONCURRENCY
"""
import sys


def rows(path):
    lines = [l.rstrip("\n").split("\t") for l in open(path) if l.strip()]
    return lines[1:]


def main() -> None:
    grpc_tsv, webhooks_tsv, requests, connections, streams, events, concurrency = sys.argv[1:8]
    grpc = {r[0]: (float(r[1]), int(r[2]), int(r[3])) for r in rows(grpc_tsv)}
    print(f"unary gRPC (ProviderService/Invoke echo, JWT): h2load -n {requests} -c {connections} -m {streams} -t 1, one replica")
    print(f"{'target':<10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'vs nginx':>10}{'vs haproxy':>12}")
    nginx, haproxy = grpc["nginx"][0], grpc["haproxy"][0]
    for name in ("direct", "gateway", "nginx", "haproxy"):
        rate, p50, p99 = grpc[name]
        print(f"{name:<10}{rate:>10.0f}{p50 / 1000:>10.2f}{p99 / 1000:>10.2f}{rate / nginx:>10.2f}{rate / haproxy:>12.2f}")
    g = grpc["gateway"]
    print(f"goals: gateway/nginx {g[0] / nginx:.2f}x (>= 1.2) with p99 {g[2] / 1000:.2f} <= {grpc['nginx'][2] / 1000:.2f} ms: "
          f"{'met' if g[0] / nginx >= 1.2 and g[2] <= grpc['nginx'][2] else 'MISSED'}; gateway/haproxy {g[0] / haproxy:.2f}x (>= 1.0): "
          f"{'met' if g[0] / haproxy >= 1.0 else 'MISSED'}")
    print()
    web = {r[0]: r[1:] for r in rows(webhooks_tsv)}
    print(f"webhooks: {events} events, {concurrency} concurrent HTTP/1.1 clients")
    print(f"{'run':<24}{'per second':>12}{'p50 ms':>10}{'p99 ms':>10}")
    for name, r in web.items():
        print(f"{name:<24}{float(r[2]):>12.0f}{float(r[3]):>10.2f}{float(r[4]):>10.2f}")
    slack = float(web["slack webhooks"][2])
    print(f"goal: {slack:.0f} Slack events/s accepted, verified, deduplicated and stored (>= 5000): {'met' if slack >= 5000 else 'MISSED'}; "
          f"{slack / float(web['baseline GET /healthz'][2]):.0%} of the baseline")


if __name__ == "__main__":
    main()
