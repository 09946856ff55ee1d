#!/usr/bin/env bash
# Compares the float32 pass of two builds of `bench` in one run: the first table (pass,
# pass with every ∂W, full simulate) of OLD and NEW alternately ROUNDS times on one core,
# then the median of each column per build and NEW/OLD. Alternating keeps both builds under
# the same machine load, so the ratio means something on a shared machine.
#   tools/bench-compare.sh OLD_BENCH NEW_BENCH [ROUNDS]
set -euo pipefail
old=$1 new=$2 rounds=${3:-5}
out=$(mktemp -d)
table() { timeout 600 taskset -c 0 "$1" --no-node 2>&1 | sed -n 2,4p || true; }
for r in $(seq "$rounds"); do
  table "$old" >>"$out/old"; table "$new" >>"$out/new"
done
python3 - "$out/old" "$out/new" <<'PY'
import re, statistics, sys
cols = ["pass", "pass, dW", "full simulate"]
def medians(path):
    rows = {}
    for line in open(path):
        m = re.match(r"\s*(\(\d+, \d+, \d+\))\s+(.*)", line)
        if not m: continue
        ms = [float(x) for x in re.findall(r"([\d.]+) ms", m.group(2))][:4]
        # pass, GFLOP/s is not in ms; the ms fields are pass, pass ∂W, full simulate, sim: depth
        rows.setdefault(m.group(1), []).append(ms[:3])
    return {k: [statistics.median(r[i] for r in v) for i in range(3)] for k, v in rows.items()}
old, new = medians(sys.argv[1]), medians(sys.argv[2])
print(f"{'(L, W, B)':>16} " + " ".join(f"{c:>28}" for c in cols))
for k in old:
    cells = [f"{o:9.2f} → {n:9.2f} ms {n/o:5.3f}×" for o, n in zip(old[k], new[k])]
    print(f"{k:>16} " + " ".join(f"{c:>28}" for c in cells))
print(f"medians of {len(open(sys.argv[1]).readlines())//3} alternating runs each, NEW/OLD")
PY
rm -r "$out"
