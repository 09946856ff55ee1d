#!/usr/bin/env bash
# Compares two builds of `bench` in one run: OLD and NEW alternately ROUNDS times on one core,
# then per size the median of the float32 pass, the pass forming every ∂W and the full
# simulate, and the training steps/s, per build and NEW/OLD. Alternating keeps both builds
# under the same machine load, so the ratio means something on a shared machine.
#   tools/bench-compare.sh OLD_BENCH NEW_BENCH [ROUNDS]
set -euo pipefail
old=$1 new=$2 rounds=${3:-5}
out=$(mktemp -d)
run() { timeout 900 taskset -c 0 "$1" --no-node 2>&1 || true; }
for _ in $(seq "$rounds"); do
  run "$old" >>"$out/old"; run "$new" >>"$out/new"
done
python3 - "$out/old" "$out/new" <<'PY'
import re, statistics, sys
def medians(path):
    rows, train = {}, []
    for line in open(path):
        m = re.match(r"\s*(\(\d+, \d+, \d+\))\s+([\d.]+) ms\s+[\d.]+\s+([\d.]+) ms\s+([\d.]+) ms", line)
        if m:
            rows.setdefault(m.group(1), []).append([float(m.group(i)) for i in (2, 3, 4)])
        t = re.match(r"training \(.*\): (\d+) steps/s", line)
        if t:
            train.append(float(t.group(1)))
    med = {k: [statistics.median(r[i] for r in v) for i in range(3)] for k, v in rows.items()}
    return med, (statistics.median(train) if train else None), len(train)
(old, old_t, n), (new, new_t, _) = medians(sys.argv[1]), medians(sys.argv[2])
print(f"{'(L, W, B)':>16} " + " ".join(f"{c:>30}" for c in ["pass", "pass, dW", "full simulate"]))
for k in old:
    cells = [f"{o:9.2f} → {n:9.2f} ms {n/o:5.3f}×" for o, n in zip(old[k], new.get(k, [float('nan')] * 3))]
    print(f"{k:>16} " + " ".join(f"{c:>30}" for c in cells))
if old_t and new_t:
    print(f"training 8 × 64 steps/s: {old_t:.0f} → {new_t:.0f} ({new_t/old_t:.3f}×)")
print(f"medians of {n} alternating runs each, NEW/OLD (time: above 1 is slower; steps/s: below 1 is slower)")
PY
rm -r "$out"
