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

# --help lists every subcommand with its options; each subcommand's --help prints
# its own help and runs nothing; unknown options and non-numbers exit 2 before a run.
p = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=60)
assert p.returncode == 0, (p.returncode, p.stderr)
for sub, flags in (("hold", ["--pending", "--ops"]), ("ties", ["--firms", "--years"]),
                   ("model", ["--firms", "--years", "--seed", "--all-programmes"])):
    line = [l for l in p.stdout.splitlines() if l.startswith("  " + sub + " ")]
    assert line and all(f in line[0] for f in flags), (sub, p.stdout)
    h = subprocess.run([exe, sub, "--help"], capture_output=True, text=True, timeout=30)
    assert h.returncode == 0 and h.stdout.startswith("usage: innosim-bench " + sub), (sub, h.returncode, h.stdout)
    assert "{" not in h.stdout and all(f in h.stdout for f in flags), (sub, h.stdout)
    bad = subprocess.run([exe, sub, "--no-such-option"], capture_output=True, text=True, timeout=30)
    assert bad.returncode == 2 and "unknown option '--no-such-option'" in bad.stderr and not bad.stdout, (sub, bad)
p = subprocess.run([exe, "model", "--firms", "many"], capture_output=True, text=True, timeout=30)
assert p.returncode == 2 and "expects a number" in p.stderr and not p.stdout, p
p = subprocess.run([exe, "nothing"], capture_output=True, text=True, timeout=30)
assert p.returncode == 2 and "unknown command 'nothing'" in p.stderr, p
p = subprocess.run([exe, "model", "--firms", "200", "--years", "1"], capture_output=True, text=True, timeout=120)
assert p.returncode == 0 and json.loads(p.stdout)["books_ok"] is True, p
print("bench --help ok")
