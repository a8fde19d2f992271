#!/usr/bin/python3
"""`innosim run` interrupted: SIGINT and SIGTERM stop it cleanly (exit
128 + signal, the temporary removed, no file under the final name, an
existing file given with --force untouched), a second SIGINT quits at once
and still removes the temporary, and SIGKILL leaves no file under the final
name (only, possibly, the `<target>.tmp-<pid>` temporary, which SCHEMA.md
says may be deleted).

usage: test_run_interrupt.py INNOSIM_EXE
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

from cli_common import check, finish

exe = os.path.abspath(sys.argv[1])
# Far longer than the test waits (about 20 s undisturbed on 2 cores); every
# case interrupts it after a second or so.
BIG = ["run", "--replications", "200", "--jobs", "2"]


def start(out, *extra):
    return subprocess.Popen([exe, *BIG, "-o", out, *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_running(proc, out, seconds=1.0):
    """Waits until the temporary exists, then a little longer, so runs are in flight."""
    tmp = f"{out}.tmp-{proc.pid}"
    deadline = time.time() + 60
    while not os.path.exists(tmp) and time.time() < deadline and proc.poll() is None:
        time.sleep(0.02)
    check(os.path.exists(tmp), f"temporary {tmp} appears while running")
    time.sleep(seconds)
    check(proc.poll() is None, "still running when interrupted (make the run longer?)")
    return tmp


with tempfile.TemporaryDirectory() as d:
    # SIGINT on a run that would replace an existing file with --force.
    out = os.path.join(d, "int.h5")
    with open(out, "wb") as f:
        f.write(b"previous results")
    p = start(out, "--force")
    tmp = wait_running(p, out)
    t0 = time.time()
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=120)
    check(p.returncode == 130, f"SIGINT: exit 130 ({p.returncode}); stderr {err!r}")
    check(time.time() - t0 < 30, "SIGINT: stops within the runs in flight")
    check("interrupted" in err, f"SIGINT: says so ({err!r})")
    check(open(out, "rb").read() == b"previous results", "SIGINT: existing file untouched")
    check(not os.path.exists(tmp), "SIGINT: temporary removed")

    # SIGTERM: the same, exit 143, no file at all.
    out = os.path.join(d, "term.h5")
    p = start(out)
    tmp = wait_running(p, out)
    p.send_signal(signal.SIGTERM)
    p.communicate(timeout=120)
    check(p.returncode == 143, f"SIGTERM: exit 143 ({p.returncode})")
    check(not os.path.exists(out) and not os.path.exists(tmp), "SIGTERM: nothing left")

    # Two SIGINTs: quits at once, still without a file.
    out = os.path.join(d, "twice.h5")
    p = start(out)
    tmp = wait_running(p, out, 0.5)
    p.send_signal(signal.SIGINT)
    time.sleep(0.05)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=120)
    check(p.returncode == 130, f"second SIGINT: exit 130 ({p.returncode}); {err!r}")
    check(not os.path.exists(out) and not os.path.exists(tmp), "second SIGINT: nothing left")

    # SIGKILL: no cleanup is possible; the final name must still not exist.
    out = os.path.join(d, "kill.h5")
    p = start(out)
    tmp = wait_running(p, out)
    p.send_signal(signal.SIGKILL)
    p.communicate(timeout=60)
    check(p.returncode == -signal.SIGKILL, f"SIGKILL: killed ({p.returncode})")
    check(not os.path.exists(out), "SIGKILL: no file under the final name")
    left = sorted(os.listdir(d))
    check(all(n == "int.h5" or n.startswith(("kill.h5.tmp-",)) for n in left), f"SIGKILL leaves only a temporary: {left}")

finish()
