#!/usr/bin/python3
"""Prints the side-by-side table from the result lines of all repetitions (h2load_result.py's output).

  report.py RESULTS_FILE   (lines: SERVER<TAB>req/s<TAB>p50 µs<TAB>p99 µs; servers "cpp" and "greentic")
Each column's median over the repetitions is taken on its own; the ratio is ours / C++ (req/s: higher is better,
latency: lower is better).
"""
import statistics
import sys


def main() -> None:
    rows: dict[str, list[tuple[float, float, float]]] = {"cpp": [], "greentic": []}
    for line in open(sys.argv[1]):
        if line.strip():
            server, rate, p50, p99 = line.split("\t")
            rows[server].append((float(rate), float(p50), float(p99)))
    if not rows["cpp"] or not rows["greentic"]:
        sys.exit("report: no results for one of the servers")

    print(f"{'rep':>4}  {'C++ req/s':>10} {'p50 µs':>8} {'p99 µs':>8}   {'ours req/s':>10} {'p50 µs':>8} {'p99 µs':>8}   {'ratio':>6}")
    for i, (c, g) in enumerate(zip(rows["cpp"], rows["greentic"]), 1):
        print(f"{i:>4}  {c[0]:>10.0f} {c[1]:>8.0f} {c[2]:>8.0f}   {g[0]:>10.0f} {g[1]:>8.0f} {g[2]:>8.0f}   {g[0] / c[0]:>6.2f}")
    med = {s: [statistics.median(col) for col in zip(*r)] for s, r in rows.items()}
    c, g = med["cpp"], med["greentic"]
    print(f"{'med':>4}  {c[0]:>10.0f} {c[1]:>8.0f} {c[2]:>8.0f}   {g[0]:>10.0f} {g[1]:>8.0f} {g[2]:>8.0f}   {g[0] / c[0]:>6.2f}")
    print()
    print(f"median req/s   C++ {c[0]:.0f}   Greentic.Rpc {g[0]:.0f}   ours/C++ {g[0] / c[0]:.2f}x")
    print(f"median p50     C++ {c[1]:.0f} µs   Greentic.Rpc {g[1]:.0f} µs   ours/C++ {g[1] / c[1]:.2f}x")
    print(f"median p99     C++ {c[2]:.0f} µs   Greentic.Rpc {g[2]:.0f} µs   ours/C++ {g[2] / c[2]:.2f}x")


if __name__ == "__main__":
    main()
