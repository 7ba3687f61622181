#!/usr/bin/env bash
# Issue 5's residual sweep on a GPU machine without .NET: `tinynn sdf` on the default shape for each config in
# benchmarks/gpu/sdf-sweep/ and each λ in $LAMBDAS, one summary line each (training time, |SDF err|, residual, IoU).
# Prepare here: ../shared/tools/device-prep.sh src/Cli/TinyNN.Cli.csproj   (carry .device)
set -uo pipefail
cd "$(dirname "$0")/../.."
. .device/env.sh
out=${OUT:-/tmp/tinynn-sweep}; mkdir -p "$out"
for config in ${CONFIGS:-benchmarks/gpu/sdf-sweep/*.json}; do
  for lambda in ${LAMBDAS:-0.1}; do
    for steps in ${STEPS:-3000}; do
      name="$(basename "$config" .json) λ=$lambda steps=$steps ${MESH:+mesh}"
      dir=/tmp/sweep-$(basename "$config" .json)-$lambda-$steps
      timeout "${SDF_TIMEOUT:-120}" dotnet .device/TinyNN.Cli/tinynn.dll sdf --device cuda --config "$config" --lambda "$lambda" \
        --steps "$steps" --resolution "${RESOLUTION:-128}" ${MESH:+--mesh "$MESH"} --out "$dir" > "$dir.log" 2>&1
      python3 - "$dir/metrics.json" "$name" <<'PY' | tee -a "$out/sweep.txt"
import json, sys
try: m = json.load(open(sys.argv[1]))
except Exception as e: print(f"{sys.argv[2]}: no metrics ({e})"); sys.exit()
keys = ["training_seconds", "mean_abs_sdf_error_near_surface", "eikonal_residual", "iou", "chamfer_l1"]
print(sys.argv[2] + ": " + "  ".join(f"{k}={m.get(k)}" for k in keys))
PY
    done
  done
done
