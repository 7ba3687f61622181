#!/usr/bin/env bash
# Runs on a GPU machine: issue 13's measurements in one call. `tinynn bench` (the Eikonal step as six passes and as the
# fused kernel, with the fused step's checks at the batch: against the passes and against float64 on 4096 samples),
# Nsight Compute's summary of the fused kernel, and the strongest fp32 PyTorch (the hand-written ∇ₓf under a CUDA graph
# and under torch.compile), then the side-by-side table. Everything lands in $OUT (default /tmp/tinynn-fused).
# Prepare here:  ../shared/tools/device-prep.sh src/Cli/TinyNN.Cli.csproj   (carry .device)
# There:         WIDTHS=64 ACTIVATIONS=Softplus,ReLU bash benchmarks/gpu/fused_step.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
. .device/env.sh
out=${OUT:-/tmp/tinynn-fused}; mkdir -p "$out"
widths=${WIDTHS:-64}; activations=${ACTIVATIONS:-Softplus,ReLU}
tinynn() { dotnet .device/TinyNN.Cli/tinynn.dll "$@"; }
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader | tee "$out/gpu.txt"
timeout "${BENCH_TIMEOUT:-200}" tinynn bench --device cuda --widths "$widths" --activations "$activations" --batches 20 --repeats 10 --steps eikonal,eikonal-fused \
  > "$out/tinynn.jsonl" 2> "$out/bench.err"
echo "bench exit $?"
python3 - "$out/tinynn.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    if not line.startswith("{"): continue
    r = json.loads(line)
    if r["step"] != "eikonal-fused": continue
    print(f"fused {r['activation']} width {r['width']}: {r['samples_per_s'] / 1e6:.1f} M samples/s ({r['seconds'] * 1e3:.2f} ms;"
          f" passes {r['passes_seconds'] * 1e3:.2f} ms), dW vs passes {r['grad_rel_err_vs_passes']:.1e},"
          f" vs float64 {r['grad_rel_err_vs_float64']:.1e}, residuals {r['residual_rel_err_vs_float64']:.1e}")
PY
first=${activations%%,*}
timeout "${NCU_TIMEOUT:-150}" ncu --clock-control none --kernel-name regex:Step --launch-count 1 \
  --section SpeedOfLight --section Occupancy --section WarpStateStats --section LaunchStats --section ComputeWorkloadAnalysis \
  dotnet .device/TinyNN.Cli/tinynn.dll bench --device cuda --widths "${widths%%,*}" --activations "$first" --batches 20 --repeats 1 --steps eikonal-fused \
  > "$out/ncu.txt" 2>&1
echo "ncu exit $?"
grep -E "Duration|Registers Per|Achieved Occupancy|Block Limit Shared|Issue Slots Busy|Executed Ipc Active|Compute \(SM\) Throughput|highest-utilized" "$out/ncu.txt"
timeout "${TORCH_TIMEOUT:-240}" python3 benchmarks/gpu/pytorch_strong.py --widths "$widths" --activations "$activations" --batches 20 --steps eikonal \
  --precisions fp32 --repeats 10 --impls pytorch-handgrad-graph,pytorch-handgrad-compiled --compile-mode default \
  --time-budget-s "${TORCH_BUDGET:-200}" --check-batch 16 > "$out/strong.jsonl" 2> "$out/strong.err"
echo "torch exit $?"
python3 benchmarks/gpu/strong_table.py "$out/tinynn.jsonl" "$out/strong.jsonl" | tee "$out/table.txt"
