#!/usr/bin/env bash
# Compares two builds of the wasm bench (`tests/wasm_bench.rs`, its `bench` test) in headless
# Chromium: OLD and NEW alternately ROUNDS times, then per row (L, W, B) and per architecture
# row the fastest run of each build and NEW/OLD. The fastest, not the median: on a shared
# machine a neighbour's burst makes single runs up to 1.6× slower, never faster.
#   Build each with GFE_BENCH=1 cargo test --release --target wasm32-unknown-unknown \
#     --test wasm_bench --no-run   (and copy target/wasm32-unknown-unknown/release/deps/wasm_bench-*.wasm)
#   tools/wasm-bench-compare.sh OLD.wasm NEW.wasm [ROUNDS]
set -euo pipefail
old=$1 new=$2 rounds=${3:-4}
out=$(mktemp -d)
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-900}
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
run() { wasm-bindgen-test-runner "$1" --nocapture bench 2>&1 || true; }
for _ in $(seq "$rounds"); do
  run "$old" >>"$out/old"; run "$new" >>"$out/new"
done
python3 - "$out/old" "$out/new" "$rounds" <<'PY'
import re, sys
COLS = ["pass", "pass, dW", "simulate", "sim:depth", "sim:act", "sim:seed"]
def fastest(path):
    rows, arch = {}, {}
    for line in open(path):
        m = re.match(r"\s*(\(\d+, \d+, \d+\))\s+([\d.]+)\s+[\d.]+((?:\s+[\d.]+){5})\s*$", line)
        if m:
            vals = [float(m.group(2))] + [float(v) for v in m.group(3).split()]
            best = rows.get(m.group(1), vals)
            rows[m.group(1)] = [min(a, b) for a, b in zip(best, vals)]
        a = re.match(r"\s*(plain|scaled residual \+ layer norm|identity residual \+ batch norm)\s+([\d.]+)\s*$", line)
        if a:
            arch[a.group(1)] = min(arch.get(a.group(1), float("inf")), float(a.group(2)))
    return rows, arch
(old, old_a), (new, new_a) = fastest(sys.argv[1]), fastest(sys.argv[2])
print(f"{'(L, W, B)':>16} " + " ".join(f"{c:>13}" for c in COLS) + "   (NEW/OLD of the fastest runs)")
for k in old:
    ratios = [n / o for o, n in zip(old[k], new.get(k, [float("nan")] * 6))]
    print(f"{k:>16} " + " ".join(f"{r:12.3f}×" for r in ratios))
    print(f"{'ms':>16} " + " ".join(f"{o:.1f}→{n:.1f}".rjust(13) for o, n in zip(old[k], new.get(k, []))))
for k in old_a:
    print(f"depth slider, {k}: {old_a[k]:.3f} → {new_a.get(k, float('nan')):.3f} ms ({new_a.get(k, float('nan')) / old_a[k]:.3f}×)")
print(f"fastest of {sys.argv[3]} alternating runs each (above 1 is slower)")
PY
rm -r "$out"
