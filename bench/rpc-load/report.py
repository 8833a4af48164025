#!/usr/bin/python3
"""Prints the side-by-side table from the result lines of all repetitions (run.sh's load()).

  report.py RESULTS_FILE
lines: SERVER<TAB>req/s<TAB>p50 µs<TAB>p99 µs<TAB>server CPU µs per call; servers "cpp" and "greentic" (the control plane).
Each column's median over the repetitions is taken on its own; ratios are ours / C++ (req/s: higher is better;
latency and CPU: lower is better).
"""
import statistics
import sys


def main() -> None:
    rows: dict[str, list[list[float]]] = {"cpp": [], "greentic": []}
    for line in open(sys.argv[1]):
        if line.strip():
            server, *values = line.rstrip("\n").split("\t")
            rows[server].append([float(v) for v in values])
    if not rows["cpp"] or not rows["greentic"]:
        sys.exit("report: no results for one of the servers")

    head = f"{'req/s':>8} {'p50 µs':>7} {'p99 µs':>7} {'CPU µs':>7}"
    print(f"{'':>4}  {'C++ (grpc++ async)':^31}   {'control plane (greentic up)':^31}")
    print(f"{'rep':>4}  {head}   {head}   {'ratio':>5}")

    def cells(r: list[float]) -> str:
        return f"{r[0]:>8.0f} {r[1]:>7.0f} {r[2]:>7.0f} {r[3]:>7.2f}"
    for i, (c, g) in enumerate(zip(rows["cpp"], rows["greentic"]), 1):
        print(f"{i:>4}  {cells(c)}   {cells(g)}   {g[0] / c[0]:>5.2f}")
    c, g = ([statistics.median(col) for col in zip(*r)] for r in (rows["cpp"], rows["greentic"]))
    print(f"{'med':>4}  {cells(c)}   {cells(g)}   {g[0] / c[0]:>5.2f}")
    print()
    print(f"median req/s        C++ {c[0]:>8.0f}      control plane {g[0]:>8.0f}      ours/C++ {g[0] / c[0]:.2f}x")
    print(f"median p50          C++ {c[1]:>8.0f} µs   control plane {g[1]:>8.0f} µs   ours/C++ {g[1] / c[1]:.2f}x")
    print(f"median p99          C++ {c[2]:>8.0f} µs   control plane {g[2]:>8.0f} µs   ours/C++ {g[2] / c[2]:.2f}x")
    print(f"median CPU per call C++ {c[3]:>8.2f} µs   control plane {g[3]:>8.2f} µs   ours/C++ {g[3] / c[3]:.2f}x")


if __name__ == "__main__":
    main()
