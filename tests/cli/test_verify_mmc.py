#!/usr/bin/python3
"""End-to-end: `innosim verify mmc` against Erlang C at several loads,
Little's law, and bad arguments (exit 2 with a clear message)."""
import json
import subprocess
import sys

exe = sys.argv[1]
failures = []


def run(*args):
    return subprocess.run([exe, "verify", "mmc", *args], capture_output=True, text=True, timeout=600)


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg)


# Seeds are fixed, so each case passes or fails deterministically; a 95 % CI
# misses the true value in about 1 of 20 independent experiments, which is
# why a failure after a change to the engine needs a look at several seeds.
cases = [
    # servers, lambda, mu, horizon, warmup, reps, seed
    (1, 0.5, 1.0, 20000, 2000, 10, 1),
    (1, 0.9, 1.0, 200000, 20000, 10, 1),   # rho = 0.9: long relaxation, long runs
    (4, 3.0, 1.0, 20000, 2000, 10, 3),
    (5, 4.6, 1.0, 100000, 10000, 10, 4),   # rho = 0.92
]
for c, lam, mu, hor, warm, reps, seed in cases:
    p = run("--servers", str(c), "--arrival-rate", str(lam), "--service-rate", str(mu), "--horizon", str(hor),
            "--warmup", str(warm), "--replications", str(reps), "--seed", str(seed), "--json")
    check(p.returncode == 0, f"M/M/{c} rho={lam/(c*mu)}: exit {p.returncode}: {p.stderr}")
    if p.returncode != 0:
        continue
    out = json.loads(p.stdout)
    for key in ("wq", "l", "utilization"):
        e = out[key]
        check(set(e) >= {"mean", "ci_low", "ci_high", "analytic"}, f"{key} keys {e}")
        check(e["ci_low"] <= e["analytic"] <= e["ci_high"],
              f"M/M/{c} lambda={lam}: {key} analytic {e['analytic']} outside CI [{e['ci_low']}, {e['ci_high']}]")
    # Little's law: L = lambda W, measured independently.
    lw, l = out["little_lambda_w"]["mean"], out["l"]["mean"]
    check(abs(lw / l - 1) < 0.03, f"M/M/{c}: Little's law lambda*W={lw} vs L={l}")
    print(f"ok M/M/{c} rho={out['rho']:.3f}: Wq {out['wq']['mean']:.4g} (analytic {out['wq']['analytic']:.4g})")

# Human-readable table.
p = run("--servers", "2", "--arrival-rate", "1", "--horizon", "2000", "--warmup", "200", "--replications", "4")
check(p.returncode == 0 and "Wq (mean wait in queue)" in p.stdout and "analytic" in p.stdout, "table output")

# Bad arguments: exit 2 with a message naming the problem.
bad = [
    (["--arrival-rate", "1.0", "--service-rate", "1.0"], "rho"),
    (["--arrival-rate", "-1"], "arrival-rate"),
    (["--service-rate", "0"], "service-rate"),
    (["--servers", "0"], "servers"),
    (["--warmup", "20000", "--horizon", "100"], "warmup"),
    (["--replications", "1"], "replications"),
    (["--servers", "abc"], "servers"),
    (["--no-such-flag"], "no-such-flag"),
]
for args, word in bad:
    p = run(*args)
    check(p.returncode == 2, f"{args}: exit {p.returncode}, expected 2")
    check(word in p.stderr, f"{args}: stderr does not mention {word!r}: {p.stderr!r}")
    check(p.stdout == "", f"{args}: printed to stdout on error")


if failures:
    print(f"{len(failures)} failures")
    sys.exit(1)
print("all verify-mmc checks passed")
