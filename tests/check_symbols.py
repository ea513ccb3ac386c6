"""The shared library exports exactly the csat_* functions the public header declares.

Usage: check_symbols.py LIBRARY HEADER. Needs nm (binutils)."""
import re
import subprocess
import sys

lib, header = sys.argv[1], sys.argv[2]
out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True, capture_output=True, text=True).stdout
exported = {line.split()[-1].split("@")[0] for line in out.splitlines()
            if len(line.split()) >= 3 and line.split()[1] in "TDBRVWi"}
exported.discard("CSAT_0")
text = re.sub(r"/\*.*?\*/", "", open(header).read(), flags=re.S)
declared = set(re.findall(r"\b(csat_[a-z0-9_]+)\s*\(", text))
leaked = sorted(s for s in exported if s not in declared)
missing = sorted(s for s in declared if s not in exported and not s.endswith("_INIT"))
for s in leaked:
    print(f"exported but not declared in csat.h: {s}")
for s in missing:
    print(f"declared in csat.h but not exported: {s}")
print(f"{len(exported)} exported symbols checked")
sys.exit(1 if leaked or missing else 0)
