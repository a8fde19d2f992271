#!/usr/bin/python3
"""The benchmark harness prints one JSON line with the documented keys
(a smoke test of its interface; speed is measured, not tested)."""
import json
import subprocess
import sys

exe = sys.argv[1]
p = subprocess.run([exe, "hold", "--pending", "1000", "--ops", "100000"], capture_output=True, text=True, timeout=120)
assert p.returncode == 0, p.stderr
lines = p.stdout.strip().splitlines()
assert len(lines) == 1, lines
out = json.loads(lines[0])
assert out["pending"] == 1000 and out["ops"] == 100000 and out["ops_per_s"] > 0, out
p = subprocess.run([exe, "hold", "--pending", "0"], capture_output=True, text=True)
assert p.returncode == 2, p.returncode
print("bench interface ok")
