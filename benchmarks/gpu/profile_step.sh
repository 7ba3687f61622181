#!/usr/bin/env bash
# Nsight Compute metrics of every kernel launch of `tinynn bench` (width 64, Softplus, 3 hidden, 2^20, one repeat):
# duration, DRAM bytes, achieved occupancy, issue activity and the main warp-stall reasons, as CSV ($OUT/step.csv).
# benchmarks/gpu/step_table.py sums them per kernel for the Eikonal step. Prepare here:
#   ../shared/tools/device-prep.sh src/Cli/TinyNN.Cli.csproj   (carry .device)
set -uo pipefail
cd "$(dirname "$0")/../.."
. .device/env.sh
out=${OUT:-/tmp/tinynn-profile}; mkdir -p "$out"
stalls=""
for s in barrier long_scoreboard short_scoreboard mio_throttle lg_throttle math_pipe_throttle wait not_selected selected dispatch_stall no_instruction branch_resolving drain membar; do
  stalls="$stalls,smsp__average_warps_issue_stalled_${s}_per_issue_active.ratio"
done
timeout "${PROFILE_TIMEOUT:-300}" ncu --clock-control none --csv --page raw \
  --metrics "gpu__time_duration.sum,dram__bytes_read.sum,dram__bytes_write.sum,lts__t_bytes.sum,sm__inst_executed.sum,smsp__issue_active.avg.pct_of_peak_sustained_active,sm__warps_active.avg.pct_of_peak_sustained_active,launch__registers_per_thread,launch__grid_size,launch__block_size${stalls}" \
  dotnet .device/TinyNN.Cli/tinynn.dll bench --device cuda --widths "${WIDTH:-64}" --activations "${ACTIVATION:-Softplus}" \
  --batches "${BATCH:-20}" --repeats 1 > "$out/step.csv" 2> "$out/step.err"
echo "ncu exit $? ($(wc -l < "$out/step.csv") lines)"
