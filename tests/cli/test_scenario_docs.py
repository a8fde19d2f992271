#!/usr/bin/python3
"""docs/scenarios.md must be exactly `innosim schema --markdown`: the
reference is generated from the schema compiled into the binary."""
import difflib
import subprocess
import sys

exe, doc = sys.argv[1], sys.argv[2]
generated = subprocess.run([exe, "schema", "--markdown", "--lang", "en"], capture_output=True, text=True, timeout=60, check=True).stdout
try:
    with open(doc, encoding="utf-8") as f:
        checked_in = f.read()
except FileNotFoundError:
    checked_in = ""
if generated != checked_in:
    diff = list(difflib.unified_diff(checked_in.splitlines(), generated.splitlines(), "docs/scenarios.md (checked in)",
                                     "innosim schema --markdown", lineterm=""))
    print("\n".join(diff[:60]))
    if len(diff) > 60:
        print(f"... {len(diff) - 60} more diff lines")
    print("\ndocs/scenarios.md is out of date with the scenario schema: run `make docs` and commit it.")
    sys.exit(1)
print("docs/scenarios.md matches `innosim schema --markdown`")
