#!/usr/bin/python3
"""A process killed with SIGKILL while writing a results file leaves no file
under the final name (only its temporary, which names itself as such), and
the next run to the same name works.

usage: test_output_kill.py OUTPUT_TEST_HELPER
"""
import os
import select
import signal
import subprocess
import sys
import tempfile
import time

helper = sys.argv[1]
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg)


with tempfile.TemporaryDirectory() as d:
    target = os.path.join(d, "killed.h5")
    # Kill at several moments: right after the first block reached the file,
    # and after a while of writing.
    for delay in (0.0, 0.05, 0.5):
        p = subprocess.Popen([helper, "hang", target], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        ready, _, _ = select.select([p.stdout], [], [], 60)
        line = p.stdout.readline() if ready else ""  # "ready <temporary>" once data is on disk
        if not line.startswith("ready "):
            p.kill()
            p.wait()
            check(False, f"helper did not get ready: {line!r} {p.stderr.read()!r}")
            break
        tmp = line.split(" ", 1)[1].strip()
        time.sleep(delay)
        check(os.path.exists(tmp) and os.path.getsize(tmp) > 0, f"temporary {tmp} missing or empty mid-write")
        check(not os.path.exists(target), "final name exists while still writing")
        p.send_signal(signal.SIGKILL)
        p.wait()
        p.stdout.close()
        p.stderr.close()
        check(p.returncode == -signal.SIGKILL, f"helper exit {p.returncode}, expected SIGKILL")
        check(not os.path.exists(target), f"delay {delay}: a file exists under the final name after SIGKILL")
        check(sorted(os.listdir(d)) == [os.path.basename(tmp)],
              f"delay {delay}: directory holds {os.listdir(d)}, expected only the temporary")
        check(os.path.basename(tmp).startswith("killed.h5.tmp-"), f"temporary named {tmp}")
        print(f"ok killed after {delay}s: no {os.path.basename(target)}, leftover {os.path.basename(tmp)}")
        os.remove(tmp)

    # The name is free for the next run.
    r = subprocess.run([helper, "write", target], capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, f"write after kill: exit {r.returncode}: {r.stderr}")
    check(os.path.exists(target), "write after kill produced no file")
    check(sorted(os.listdir(d)) == ["killed.h5"], f"after a clean write the directory holds {os.listdir(d)}")

if failures:
    print(f"{len(failures)} failures")
    sys.exit(1)
print("all kill checks passed")
