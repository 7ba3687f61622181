#!/usr/bin/env bash
# Runs on a GPU machine: `tinynn bench` of two published builds in one call, interleaved (A, B, A, B) so that clock
# drift hits both, and prints each step's samples/s and the ratio B/A. Used for "no performance regression" checks.
# Prepare here:  ../shared/tools/device-prep.sh src/Cli/TinyNN.Cli.csproj            (the new build, .device)
#                dotnet publish <old checkout>/src/Cli/TinyNN.Cli.csproj -c Release -o .device-before/TinyNN.Cli
# There:         bash benchmarks/gpu/compare_builds.sh .device-before .device [bench options]
set -uo pipefail
cd "$(dirname "$0")/../.."
. .device/env.sh
a=$1; b=$2; shift 2
out=${OUT:-/tmp/tinynn-compare}; mkdir -p "$out"
args=("$@"); [ ${#args[@]} -gt 0 ] || args=(--widths 64,128 --activations ReLU,Softplus,Sine --batches 20 --repeats 20)
for round in 1 2; do
  for build in "$a" "$b"; do
    tag=$(basename "$build")
    echo "== round $round: $tag" >&2
    dotnet "$build/TinyNN.Cli/tinynn.dll" bench --device cuda "${args[@]}" 2>>"$out/$tag.stderr" | sed "s/\"impl\":\"tinynn\"/\"impl\":\"$tag\"/" >> "$out/compare.jsonl"
  done
done
python3 - "$out/compare.jsonl" "$(basename "$a")" "$(basename "$b")" <<'PY' | tee "$out/compare.txt"
import json, sys, statistics
path, a, b = sys.argv[1:]
rows = {}
for line in open(path):
    if not line.startswith("{"): continue
    r = json.loads(line)
    rows.setdefault((r["step"], r["width"], r["activation"], r["batch"]), {}).setdefault(r["impl"], []).append(r["samples_per_s"])
print(f"{'step':<10} {'width':>5} {'activation':<9} {'batch':>8} {a + ' Ms/s':>18} {b + ' Ms/s':>18} {'ratio':>7}")
worst = None
for key in sorted(rows):
    va, vb = rows[key].get(a), rows[key].get(b)
    if not va or not vb: continue
    ma, mb = statistics.median(va), statistics.median(vb)
    ratio = mb / ma
    worst = ratio if worst is None else min(worst, ratio)
    print(f"{key[0]:<10} {key[1]:>5} {key[2]:<9} {key[3]:>8} {ma / 1e6:>18.1f} {mb / 1e6:>18.1f} {ratio:>7.3f}")
print(f"worst ratio {b}/{a}: {worst:.3f}" if worst else "no pairs")
PY
