#!/usr/bin/python3
"""Every shell block of README.md and docs/experiments.md runs as written
(issue 15 point 9), or is accounted for with the reason it is not run here.

Each block runs in a directory of its own under a temporary directory, laid
out as the docs assume: `docs/` and `scenarios/` are the repository's,
`build/app/innosim` and `build/bench/innosim-bench` are the built binaries,
`innosim` is on the PATH, and `sweep.yaml` is what `innosim sweep --example`
prints (the MPI and Slurm examples sweep it). A block whose lines are all
commands runs as one bash script (`set -e`); a block that mixes commands with
synopses (a line with [options], A|B or a placeholder such as FILE or OUT.h5)
runs its commands line by line, and each synopsis is checked against the
command's --help: every option it names must be one the command takes. Where
a block is followed, inside it, by comment lines (`# jiangmen-2025: ok`),
they are the output the text promises, and the command must print them.

What this machine cannot afford as written is made smaller, and the test
prints each change: `innosim run` and `compare` run 2 replications
(`--replications N` becomes 2, or is added), `--jobs` above 2 becomes 2
(the cluster example asks for 32 threads a rank). The Slurm script runs as
sbatch would run it on 2 nodes of 1 core (SLURM_SUBMIT_DIR, SLURM_NNODES,
SLURM_CPUS_PER_TASK set). MPI blocks run as root on loopback as the mpi
tests do (tests/cli/mpi_common.py), and are skipped with a message when
innosim is built without MPI.

Not run here, with the reason printed: the Quick start (`make run`, `make
test`: CI runs `make test` itself), the worked examples (`sh worked-example`
and the calibration example: docs.experiments_md and docs.calibrate_example
run them), and fenced blocks that are not shell (printed output, a
directory tree).

usage: test_docs_shell.py INNOSIM_EXE BENCH_EXE|none REPOSITORY_ROOT MPIEXEC|none
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

from cli_common import check, finish
from mpi_common import MPI_ENV

exe, bench, root, mpiexec = sys.argv[1:5]
exe, root = os.path.abspath(exe), os.path.abspath(root)
bench = None if bench == "none" else os.path.abspath(bench)
mpiexec = None if mpiexec == "none" else mpiexec
BLOCK = re.compile(r"^```(\S*)([^\n]*)\n(.*?)^```", flags=re.S | re.M)
DOCS = ("README.md", "docs/experiments.md")


def blocks(rel):
    text = open(os.path.join(root, rel), encoding="utf-8").read()
    out = []
    for m in BLOCK.finditer(text):
        before = text[:m.start()]
        out.append({"rel": rel, "line": before.count("\n") + 1, "lang": m.group(1), "info": m.group(2).strip(),
                    "body": m.group(3),
                    # the calibration example is the first sh block after its marker
                    "marked": before.rfind("<!-- docs test: calibrate-example") > before.rfind("```")})
    return out


def logical_lines(body):
    """Lines with backslash continuations joined."""
    out, cur = [], ""
    for raw in body.splitlines():
        cur = cur + " " + raw.strip() if cur else raw
        if cur.rstrip().endswith("\\"):
            cur = cur.rstrip()[:-1].rstrip()
            continue
        out.append(cur)
        cur = ""
    if cur:
        out.append(cur)
    return out


def without_comment(line):
    """The line up to a `#` that starts a comment (outside quotes, after a blank)."""
    quote = None
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line.rstrip()


PLACEHOLDER = re.compile(r"^(?:[A-Z][A-Z0-9]*(?:\.[a-z0-9]+)?(?:\.\.\.)?|\.\.\.)$")


def is_synopsis(command):
    """A line that names options and placeholders rather than a command to run."""
    try:
        tokens = shlex.split(command)
    except ValueError:
        return True
    for t in tokens:
        if "=" in t and not t.startswith("-"):
            continue  # VAR=value
        if any(c in t for c in "[]|") or PLACEHOLDER.match(t):
            return True
    return False


def help_text(program, words, env):
    p = subprocess.run([program, *words, "--help"], capture_output=True, text=True, env=env, timeout=60)
    return p.returncode, p.stdout + p.stderr


def check_synopsis(where, command, env):
    """The command(s) a synopsis names exist, and take every option it names."""
    tokens = command.replace("[", " ").replace("]", " ").split()
    for i, t in enumerate(tokens):
        name = os.path.basename(t)
        if name not in ("innosim", "innosim-bench"):
            continue
        program = exe if name == "innosim" else bench
        if program is None:
            print(f"skipped synopsis {where}: innosim-bench is not built")
            return
        rest = tokens[i + 1:]
        words = []
        if rest and not rest[0].startswith("-"):
            words = [rest[0]]
            if rest[0] == "verify" and len(rest) > 1 and not rest[1].startswith("-"):
                words.append(rest[1])
        options = sorted({re.match(r"--[a-z][a-z0-9-]*", t).group(0) for t in rest
                          if re.match(r"--[a-z][a-z0-9-]*", t)})
        for alternative in (words[0].split("|") if words else [""]):
            sub = [alternative] + words[1:] if alternative else []
            code, text = help_text(program, sub, env)
            if not check(code == 0, f"{where}: `{name} {' '.join(sub)} --help` exits {code}: {text[-300:]}"):
                continue
            for o in options:
                check(re.search(re.escape(o) + r"\b", text) is not None,
                      f"{where}: the synopsis names {o}, which `{name} {' '.join(sub)} --help` does not list")
        return


def cheaper(command):
    """The command as this test runs it: 2 replications of run and compare, at most 2 threads."""
    out = re.sub(r"--jobs(\s+|=)(\d+)", lambda m: m.group(0) if int(m.group(2)) <= 2 else "--jobs 2", command)
    m = re.search(r"\binnosim\s+(run|compare)\b", out)
    if m:
        if re.search(r"--replications(\s+|=)\d+", out):
            out = re.sub(r"--replications(\s+|=)\d+", "--replications 2", out)
        else:
            out = out[:m.end()] + " --replications 2" + out[m.end():]
    return out


def expected_output(body):
    """Comment lines after the last command of a block: what it prints ("# x" starts an entry, "#   y" continues it)."""
    lines = body.rstrip("\n").splitlines()
    tail = []
    while lines and lines[-1].lstrip().startswith("#"):
        tail.insert(0, lines.pop())
    if not lines or len([l for l in lines if l.strip() and not l.lstrip().startswith("#")]) != 1:
        return []
    entries = []
    for t in tail:
        text = t.lstrip()[1:]
        if text.startswith("  ") and entries:
            entries[-1] += " " + text.strip()
        else:
            entries.append(text.strip())
    return entries


def outputs_named(script):
    """The files a block's commands write with -o (literal names only)."""
    return [m.group(1) for m in re.finditer(r"(?:^|\s)-o\s+([\w./-]+)", script)]


def check_outputs(where, script, cwd):
    for name in outputs_named(script):
        check(os.path.exists(os.path.join(cwd, name)), f"{where}: `-o {name}` wrote nothing")


def normal(text):
    return " ".join(text.split())


def run_bash(where, script, cwd, env, timeout=600):
    start = time.monotonic()
    p = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=cwd, env=env, capture_output=True,
                       text=True, timeout=timeout)
    check(p.returncode == 0, f"{where}: exit {p.returncode}:\n{script}\n{p.stderr[-1500:]}")
    return p, time.monotonic() - start


with tempfile.TemporaryDirectory() as d:
    bindir = os.path.join(d, "bin")
    os.makedirs(bindir)
    os.symlink(exe, os.path.join(bindir, "innosim"))
    env = dict(os.environ, HOME=os.path.join(d, "home"), LC_ALL="C.UTF-8", LANG="C.UTF-8",  # the docs' English
               PATH=bindir + os.pathsep + os.environ.get("PATH", ""),
               # MPI as the mpi tests run it: as root, loopback only, 3 ranks on 2 cores.
               OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", **MPI_ENV,
               SLURM_NNODES="2", SLURM_CPUS_PER_TASK="1", SLURM_JOB_NAME="innosim-sweep", SLURM_JOB_ID="1")
    os.makedirs(env["HOME"])
    fixtures = os.path.join(d, "fixtures")
    os.makedirs(fixtures)
    p = subprocess.run([exe, "sweep", "--example"], capture_output=True, text=True, env=env, timeout=60)
    check(p.returncode == 0, f"sweep --example: {p.stderr}")
    with open(os.path.join(fixtures, "sweep.yaml"), "w") as f:
        f.write(p.stdout)

    def workdir(name):
        w = os.path.join(d, name)
        shutil.copytree(fixtures, w)
        os.symlink(os.path.join(root, "docs"), os.path.join(w, "docs"))
        os.symlink(os.path.join(root, "scenarios"), os.path.join(w, "scenarios"))
        os.makedirs(os.path.join(w, "build", "app"))
        os.symlink(exe, os.path.join(w, "build", "app", "innosim"))
        if bench:
            os.makedirs(os.path.join(w, "build", "bench"))
            os.symlink(bench, os.path.join(w, "build", "bench", "innosim-bench"))
        return w

    ran, not_run, changed, timings = [], [], [], []
    blocks_run = 0
    shell = ("sh", "bash", "shell")
    for rel in DOCS:
        for b in blocks(rel):
            where = f"{rel}:{b['line']}"
            body = b["body"]
            if b["lang"] not in shell:
                if b["lang"] in ("", "text", "console"):
                    not_run.append(f"{where}: printed output or a layout, not commands")
                continue  # yaml, python, csv ...: other tests
            if "worked-example" in b["info"]:
                not_run.append(f"{where}: a worked example, run by docs.experiments_md")
                continue
            if b["marked"]:
                not_run.append(f"{where}: the calibration example, run by docs.calibrate_example")
                continue
            if re.search(r"^\s*make (run|test)\b", body, flags=re.M):
                not_run.append(f"{where}: the Quick start (make run, make test): CI runs `make test` itself")
                continue
            lines = [l for l in logical_lines(body) if without_comment(l)]
            commands = [without_comment(l) for l in lines]
            synopses = [c for c in commands if is_synopsis(c)]
            for s in synopses:
                check_synopsis(where, s, env)
            if mpiexec is None and any(re.search(r"\bmpirun\b", c) for c in commands if c not in synopses):
                not_run.append(f"{where}: mpirun, and innosim is built without MPI")
                continue
            blocks_run += 1
            w = workdir(f"block-{blocks_run}")
            if not synopses:
                script = cheaper(body)
                if script != body:
                    changed.append(f"{where}: ran with 2 replications / at most 2 threads")
                block_env = dict(env, SLURM_SUBMIT_DIR=w)
                p, seconds = run_bash(where, script, w, block_env)
                check_outputs(where, script, w)
                timings.append((seconds, where))
                promised = expected_output(body)
                for entry in promised:
                    check(normal(entry) in normal(p.stdout + "\n" + p.stderr),
                          f"{where}: the text promises the output {entry!r}; got:\n{p.stdout}{p.stderr}")
                ran.append(where + (f" (and printed the {len(promised)} lines the text shows)" if promised else ""))
            else:
                concrete = [c for c in commands if c not in synopses]
                seconds = 0.0
                for c in concrete:
                    run_c = cheaper(c)
                    if run_c != c:
                        changed.append(f"{where}: `{c}` ran as `{run_c}`")
                    _, s = run_bash(f"{where}: `{c}`", run_c, w, env)
                    check_outputs(f"{where}: `{c}`", run_c, w)
                    seconds += s
                timings.append((seconds, where))
                ran.append(f"{where} ({len(concrete)} commands run, {len(synopses)} synopses checked)")

    print("ran:\n  " + "\n  ".join(ran))
    print("made cheaper:\n  " + ("\n  ".join(changed) if changed else "nothing"))
    print("not run here:\n  " + "\n  ".join(not_run))
    print("slowest blocks: " + ", ".join(f"{w} {s:.1f} s" for s, w in sorted(timings, reverse=True)[:4]))
    check(len(ran) >= 10, f"ran {len(ran)} shell blocks")

finish()
