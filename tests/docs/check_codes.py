#!/usr/bin/env python3
"""Every diagnostic code the compiler can emit is documented in docs/diagnostics.md, and every
documented code is still emitted (so the table never drifts from the code)."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
source = "\n".join(p.read_text() for p in (root / "compiler").glob("*.cc"))
# Codes are the kebab-case string literal that follows a location or option key argument.
used = set(re.findall(r'(?:Error|Warning|Machine)\(\s*[^;]*?,\s*"([a-z0-9]+(?:-[a-z0-9]+)+)"', source, re.S))
used |= set(re.findall(r'Bad\(\s*"[a-z_]+",\s*"([a-z0-9-]+)"', source))
used |= set(re.findall(r'Parse\w+,\s*"([a-z0-9-]+)"', source))
for a, b in re.findall(r'\?\s*"([a-z0-9]+(?:-[a-z0-9]+)+)"\s*:\s*"([a-z0-9]+(?:-[a-z0-9]+)+)"', source):
    used |= {a, b}
docs = set(re.findall(r"^\| `([a-z0-9-]+)` \|", (root / "docs/diagnostics.md").read_text(), re.M))
missing, stale = sorted(used - docs), sorted(docs - used)
for code in missing:
    print(f"undocumented code: {code}")
for code in stale:
    print(f"documented but never emitted: {code}")
print(f"{len(used & docs)} passed, {len(missing) + len(stale)} failed")
sys.exit(1 if missing or stale else 0)
