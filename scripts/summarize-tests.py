#!/usr/bin/env python3
"""Sums the TRX results of every test project and the interop matrix into one closing line."""
import glob
import re
import sys
import xml.etree.ElementTree as ET

log_dir = sys.argv[1]
passed = failed = 0
for trx in sorted(glob.glob(f"{log_dir}/*.trx")):
    counters = ET.parse(trx).getroot().find(".//{*}ResultSummary/{*}Counters")
    p, f = int(counters.get("passed", 0)), int(counters.get("failed", 0)) + int(counters.get("error", 0))
    print(f"{trx.rsplit('/', 1)[-1][:-4]:40} {p:6} passed {f:4} failed")
    passed, failed = passed + p, failed + f
try:
    with open(f"{log_dir}/interop.log") as fh:
        m = None
        for line in fh:
            m = re.match(r"^(\d+) passed, (\d+) failed", line.strip()) or m
        if m:
            print(f"{'interop matrix':40} {m.group(1):>6} passed {m.group(2):>4} failed")
            passed, failed = passed + int(m.group(1)), failed + int(m.group(2))
        else:
            print("interop matrix: no result line", file=sys.stderr)
            failed += 1
except FileNotFoundError:
    failed += 1
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
