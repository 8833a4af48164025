#!/usr/bin/python3
"""Turns one h2load run into one result line, after checking that every request succeeded.

  h2load_result.py SERVER REQUESTS DATA_BYTES_PER_RESPONSE H2LOAD_STDOUT H2LOAD_LOG_FILE
prints: SERVER<TAB>req/s<TAB>p50 µs<TAB>p99 µs
Fails unless h2load reports every request succeeded with a 2xx status, and the response DATA adds up to one
whole gRPC message per request: an error status travels Trailers-Only, with no DATA, so it would show as missing bytes.
"""
import re
import sys


def fail(message: str) -> None:
    print(f"h2load run rejected: {message}", file=sys.stderr)
    sys.exit(1)


def main() -> None:
    server, requests, per_response, stdout_path, log_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    text = open(stdout_path).read()
    rate = re.search(r"finished in [\d.]+\w+, ([\d.]+) req/s", text)
    done = re.search(r"requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout", text)
    codes = re.search(r"status codes: (\d+) 2xx", text)
    data = re.search(r"traffic: .*?, [\d.]+\w*B \((\d+)\) data", text)
    if not (rate and done and codes and data):
        fail(f"{server}: unexpected h2load output:\n{text}")
    if int(done.group(1)) != requests or int(codes.group(1)) != requests:
        fail(f"{server}: {done.group(0)}; {codes.group(0)} (want all {requests} succeeded with 2xx)")
    if int(data.group(1)) != requests * per_response:
        fail(f"{server}: {data.group(1)} response DATA bytes, want {requests * per_response} ({per_response} per call): some calls carried no message")

    latencies = sorted(int(line.split("\t")[2]) for line in open(log_path) if line.strip())
    if len(latencies) != requests:
        fail(f"{server}: the log file has {len(latencies)} requests, want {requests}")

    def percentile(p: float) -> int:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))]

    print(f"{server}\t{float(rate.group(1)):.0f}\t{percentile(0.50)}\t{percentile(0.99)}")


if __name__ == "__main__":
    main()
