#!/usr/bin/env bash
# Data-parallel scaling through NCCL on one host (issue 18), on a GPU machine without .NET: first the NCCL all-reduce
# alone (tinynn nccl-check, one process driving every GPU, then one process per GPU joined by an id file), then
# the step time and samples/s of 1, 2, 4 GPUs at 2^20 samples a GPU (MLP 64×3 Softplus Eikonal step, and tinynn sdf's
# HashGrid + MLP), against one GPU without NCCL in the same run, then the check that N GPUs with batch B end where one GPU
# with batch N·B ends (SGD steps, same samples), then a short `tinynn sdf --gpus` run.
# Prepare here:  ../shared/tools/device-prep.sh src/Cli/TinyNN.Cli.csproj   (carry .device)
# There:         bash benchmarks/gpu/scaling.sh            (GPUS=1,2,4 by default; GPUS=1 on a one-GPU machine)
# Needs libnccl.so.2 (the GPU machines have 2.28.3 in /usr/lib/x86_64-linux-gnu; TINYNN_NCCL_LIBRARY=path overrides).
set -uo pipefail
cd "$(dirname "$0")/../.."
. .device/env.sh
out=${OUT:-/tmp/tinynn-scaling}; mkdir -p "$out"
gpus=${GPUS:-1,2,4}
log2=${BATCH_LOG2:-20}
export NCCL_NVLS_ENABLE=0   # NVLink multicast off (TinyNN sets it too when unset)
tinynn() { dotnet .device/TinyNN.Cli/tinynn.dll "$@"; }
nvidia-smi --query-gpu=index,name,driver_version --format=csv,noheader | tee "$out/gpu.txt"
nvidia-smi topo -m 2>/dev/null | tee "$out/topology.txt"
echo "== tinynn nccl-check: one process, every GPU (binding, context bridge, exact sums, all-reduce time)"
tinynn nccl-check 2>&1 | tee "$out/nccl-check.jsonl"
count=$(nvidia-smi -L | wc -l)
echo "== tinynn nccl-check: one process per GPU ($count ranks, NCCL id through a shared file, as on several hosts)"
rm -f "$out/nccl-id"
for ((r = 0; r < count; r++)); do
  TINYNN_RANK=$r TINYNN_WORLD_SIZE=$count TINYNN_LOCAL_RANK=$r TINYNN_NCCL_ID_FILE="$out/nccl-id" \
    dotnet .device/TinyNN.Cli/tinynn.dll nccl-check > "$out/nccl-check-rank$r.jsonl" 2>&1 &
done
wait
cat "$out"/nccl-check-rank*.jsonl
for model in mlp sdf; do
  echo "== tinynn scaling --model $model --gpus $gpus --batch-log2 $log2"
  tinynn scaling --model "$model" --gpus "$gpus" --batch-log2 "$log2" --steps "${STEPS:-20}" 2>&1 | tee "$out/scaling-$model.jsonl"
done
last=${gpus##*,}
echo "== tinynn sdf --gpus $last (200 steps, 2^16 a GPU)"
tinynn sdf --gpus "$last" --steps 200 --resolution 128 --out "$out/sdf-gpus-$last" 2>&1 | tail -n 4 | tee "$out/sdf-gpus.txt"
python3 - "$out"/scaling-*.jsonl <<'PY'
import json, sys
rows, checks = [], []
for path in sys.argv[1:]:
    for line in open(path):
        line = line.strip()
        if not line.startswith("{"): continue
        r = json.loads(line)
        (checks if "check" in r else rows).append(r)
print(f"{'model':5} {'GPUs':>10} {'batch/GPU':>10} {'step ms':>9} {'M samples/s':>12} {'speedup':>8}")
for r in rows:
    print(f"{r['model']:5} {r['gpus']:>10} {r['batch_per_gpu']:>10} {r['step_ms']:9.3f} {r['samples_per_s'] / 1e6:12.1f} {r['speedup']:8.2f}")
for c in checks:
    print(f"check {c['model']} {c['gpus']} GPUs vs 1 GPU x{c['gpus']} batch: max |dp| {c['max_abs_difference']:.2e} "
          f"(parameters moved {c['max_parameter_move']:.2e}) {'OK' if c['ok'] else 'FAIL'}")
bar = {"2": 1.8, "4": 3.4}
for r in rows:
    if r["gpus"] in bar:
        print(f"bar {r['model']} {r['gpus']} GPUs: {r['speedup']:.2f}x against {bar[r['gpus']]}x {'met' if r['speedup'] >= bar[r['gpus']] else 'NOT met'}")
PY
