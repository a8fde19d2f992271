#!/usr/bin/python3
"""Every top folder has a README.md that names each of its files (the brief:
"each top folder has a README that maps its files to responsibilities"), so
a newcomer finds the room for a change in one step and a file added without
a word fails here.

A file counts as named when its README mentions
- its file name as a word (`export.cpp`, `CMakeLists.txt`), or
- its stem with a wildcard (`yaml_tree.*`) or under its parent folder
  (`firms/firm_dynamics` names firms/firm_dynamics.hpp and .cpp), or,
  for a data file (not code, a script or a build file), a folder it is in
  (`library/`, `fuzz/corpus/`).
The files are git's (tracked, and untracked ones git does not ignore) when
the source tree is a git checkout, else every file below the top folders
but build trees and caches. Hidden folders (.ci) are not top folders here.

usage: test_readmes.py REPOSITORY_ROOT
"""
import os
import re
import subprocess
import sys

from cli_common import check, finish

root = os.path.abspath(sys.argv[1])
# Files whose README entry may be the folder they are in: data, not code.
CODE = (".cpp", ".hpp", ".h", ".c", ".inc", ".py", ".sh", ".cmake", ".txt", ".in", ".md", ".json")


def repository_files():
    try:
        p = subprocess.run(["git", "-C", root, "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                           capture_output=True, text=True, timeout=60)
        if p.returncode == 0 and p.stdout:
            return [f for f in p.stdout.split("\0") if f and os.path.isfile(os.path.join(root, f))]
    except (OSError, subprocess.TimeoutExpired):
        pass
    out = []
    for top, dirs, names in os.walk(root):
        dirs[:] = [x for x in dirs if not x.startswith(".") and x not in ("build", "results", "__pycache__")]
        out += [os.path.relpath(os.path.join(top, n), root) for n in names]
    return out


def named(rel, text):
    parts = rel.split("/")
    base = parts[-1]
    stem = base.rsplit(".", 1)[0]
    word = lambda s: re.search(r"(?<![\w.-])" + re.escape(s) + r"(?![\w-])", text) is not None
    if word(base) or word(stem + ".*") or (len(parts) > 1 and word(parts[-2] + "/" + stem)):
        return True
    return not base.endswith(CODE) and any("/".join(parts[:i]) + "/" in text for i in range(1, len(parts)))


files = repository_files()
tops = sorted({f.split("/")[0] for f in files if "/" in f and not f.startswith(".")})
check(len(tops) >= 10, f"the top folders were found: {tops}")
for top in tops:
    readme = os.path.join(root, top, "README.md")
    if not check(os.path.isfile(readme), f"{top}/ has a README.md"):
        continue
    text = open(readme, encoding="utf-8").read()
    missing = [f[len(top) + 1:] for f in files
               if f.startswith(top + "/") and f != f"{top}/README.md" and not named(f[len(top) + 1:], text)]
    check(not missing, f"{top}/README.md does not name {len(missing)} of its files: {', '.join(missing)}")
    print(f"{top}/README.md names its {sum(f.startswith(top + '/') for f in files) - 1} files"
          if not missing else f"{top}/README.md: {len(missing)} unnamed", flush=True)

finish()
