#!/usr/bin/python3
"""HDF5's own words never stand alone (issue 15): when the HDF5 library
fails for a reason that is not a system call's (a damaged or truncated
results file), the message's first line says what failed and what to do
(in English, and in Chinese under --lang zh), and HDF5's detail follows on
a line of its own, marked as HDF5's ("  HDF5's detail: ..." / "  HDF5 的原始
信息（英文）：..."), kept verbatim for a bug report. Checked on a truncated
results file with inspect (read in a child process), inspect --summary,
report and export, and on one whose metadata bytes are flipped.

usage: test_hdf5_messages.py INNOSIM_EXE
"""
import os
import re
import sys
import tempfile

from cli_common import check, english_words, finish, run

exe = os.path.abspath(sys.argv[1])
CJK = re.compile(r"[\u4e00-\u9fff]")
DETAIL_EN, DETAIL_ZH = "  HDF5's detail: ", "  HDF5 的原始信息（英文）："


def error_lines(stderr):
    """The error's lines (progress lines before it left out): the first begins 'innosim CMD: '."""
    lines = stderr.splitlines()
    first = next((i for i, l in enumerate(lines) if re.match(r"innosim \w+: ", l)), None)
    return lines[first:] if first is not None else lines


with tempfile.TemporaryDirectory() as d:
    good = os.path.join(d, "good.h5")
    p = run(exe, "run", "no-policy", "--set", "horizon_years=1", "--set", "population.firms=200",
            "--replications", "2", "-o", good, "--quiet")
    check(p.returncode == 0, f"a small results file: {p.stderr}")
    blob = open(good, "rb").read()
    truncated = os.path.join(d, "truncated.h5")
    with open(truncated, "wb") as f:
        f.write(blob[:len(blob) // 2])

    for args in (["inspect", truncated], ["inspect", truncated, "--summary"],
                 ["report", truncated, "-o", os.path.join(d, "r.html")],
                 ["export", truncated, "--format", "csv", "-o", os.path.join(d, "csv")]):
        label = " ".join(a.replace(d + os.sep, "") for a in args)
        p = run(exe, *args, "--lang", "en")
        lines = error_lines(p.stderr)
        check(p.returncode == 1 and len(lines) == 2, f"{label}: exit 1, two lines: {p.returncode} {p.stderr!r}")
        if len(lines) == 2:
            check(f"cannot read '{truncated}': the file is damaged or incomplete" in lines[0] and
                  "rerun the command that wrote it, or restore a copy" in lines[0] and "truncated file" not in lines[0],
                  f"{label}: what failed and what to do, HDF5's words not in it: {lines[0]!r}")
            check(lines[1].startswith(DETAIL_EN) and "truncated file" in lines[1],
                  f"{label}: HDF5's detail on a line of its own: {lines[1]!r}")
        p = run(exe, *args, "--lang", "zh")
        lines = error_lines(p.stderr)
        check(p.returncode == 1 and len(lines) == 2, f"{label} (zh): exit 1, two lines: {p.returncode} {p.stderr!r}")
        if len(lines) == 2:
            left = english_words(lines[0], d)
            check("文件已损坏或不完整" in lines[0] and "请重新运行写出它的命令" in lines[0] and not left,
                  f"{label} (zh): the first line in Chinese (English words {sorted(left)}): {lines[0]!r}")
            check(lines[1].startswith(DETAIL_ZH) and "truncated file" in lines[1],
                  f"{label} (zh): HDF5's detail, marked and verbatim: {lines[1]!r}")

    # Metadata bytes flipped: whichever structure HDF5 trips over, never its words alone on the first line.
    flipped = os.path.join(d, "flipped.h5")
    seen = 0
    for k in range(8):
        b = bytearray(blob)
        for i in range(2048 + 64 * k, 2048 + 64 * k + 16):
            b[i % len(b)] ^= 0xFF
        with open(flipped, "wb") as f:
            f.write(b)
        p = run(exe, "inspect", flipped, "--summary")
        lines = error_lines(p.stderr)
        if p.returncode != 1 or not any(l.startswith(DETAIL_EN) for l in lines):
            continue
        seen += 1
        check(len(lines) == 2 and "the file is damaged or incomplete" in lines[0] and lines[1].startswith(DETAIL_EN),
              f"flip {k}: {lines!r}")
        break  # one is enough: the wording does not depend on which structure HDF5 trips over
    check(seen >= 1, f"some flipped file made HDF5 itself fail ({seen})")

finish()
