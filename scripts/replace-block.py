#!/usr/bin/env python3
"""Replaces the text between <!-- MARKER:begin --> and <!-- MARKER:end --> in FILE with the contents of TABLE.

The one way the scripts that regenerate a table in README.md or docs/ write it back.
Usage: scripts/replace-block.py FILE MARKER TABLE
"""
import re
import sys

path, marker, table_path = sys.argv[1], sys.argv[2], sys.argv[3]
table = open(table_path).read().strip()
text = open(path).read()
pattern = r"(<!-- %s:begin -->\n)(?:.*?\n)?(<!-- %s:end -->)" % (re.escape(marker), re.escape(marker))
new, n = re.subn(pattern, lambda m: m.group(1) + table + "\n" + m.group(2), text, flags=re.S)
if n != 1:
    sys.exit(f"{path}: expected one {marker} block, found {n}")
open(path, "w").write(new)
print(f"updated {path} ({marker})")
