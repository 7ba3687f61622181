#!/usr/bin/env bash
# Nsight Compute on the tiled MLP kernels of one Eikonal step (width 64, Softplus, 3 hidden, 2^20): speed of light,
# occupancy, warp stalls and instruction mix of the first launch of each kernel named in $KERNELS.
# Prepare here: ../shared/tools/device-prep.sh src/Cli/TinyNN.Cli.csproj   (carry .device)
set -uo pipefail
cd "$(dirname "$0")/../.."
. .device/env.sh
out=${OUT:-/tmp/tinynn-profile}; mkdir -p "$out"
for kernel in ${KERNELS:-Forward SecondAdjointSweep Partials}; do
  timeout "${PROFILE_TIMEOUT:-120}" ncu --clock-control none -k "regex:^Kernel_${kernel}\$" -c 1 \
    --section SpeedOfLight --section Occupancy --section LaunchStats --section WarpStateStats --section InstructionStats \
    --section ComputeWorkloadAnalysis --section MemoryWorkloadAnalysis \
    dotnet .device/TinyNN.Cli/tinynn.dll bench --device cuda --widths "${WIDTH:-64}" --activations "${ACTIVATION:-Softplus}" \
    --batches 20 --repeats 1 > "$out/ncu-$kernel.txt" 2>&1
  grep -E "Duration|Registers Per|Achieved Occupancy|Compute \(SM\) Throughput|Memory Throughput|Executed Ipc A|Issue Slots Busy|Warp Cycles Per Issued|Stall|Theoretical Occ|DRAM Throughput" "$out/ncu-$kernel.txt" | head -30
done
