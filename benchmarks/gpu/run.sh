#!/usr/bin/env bash
# Runs on a GPU machine without .NET (see ../shared/tools/device-prep.sh): the fused-MLP correctness check on
# CUDA, then TinyNN's benchmark and PyTorch's in the same run, and prints the side-by-side table last.
# Prepare here:  ../shared/tools/device-prep.sh src/Cli/TinyNN.Cli.csproj   (carry .device)
# There:         bash benchmarks/gpu/run.sh [bench options]
# STRONG='[pytorch_strong.py options]' (set, even empty) also times the strongest PyTorch variants (CUDA graphs,
# torch.compile, the hand-written grad_x f; --precisions fp32,fp16,bf16) and prints strong_table.py's table. Compiling
# takes minutes: keep such a call to a few configs (e.g. --widths 64 --batches 20 --compile-mode default).
set -uo pipefail
cd "$(dirname "$0")/../.."
. .device/env.sh
out=${OUT:-/tmp/tinynn-gpu}; mkdir -p "$out"
tinynn() { dotnet .device/TinyNN.Cli/tinynn.dll "$@"; }
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee "$out/gpu.txt"
echo "== activations on CUDA"; tinynn activations --device cuda 2>&1 | tee "$out/activations.txt"
echo "== fused MLP passes on CUDA vs float64"; tinynn mlp-check --device cuda --widths "${MLP_CHECK_WIDTHS:-16,32,64,128}" 2>&1 | tee "$out/mlp-check.txt"
echo "== tinynn grad on CUDA vs the PyTorch float64 oracle (MLPs and every encoding family)"
python3 benchmarks/gpu/check_models.py --tinynn "dotnet .device/TinyNN.Cli/tinynn.dll" --device cuda 2>&1 | tee "$out/check-models.txt"
echo "== TinyNN bench"; tinynn bench --device cuda "$@" 2>&1 | tee "$out/tinynn.jsonl"
echo "== PyTorch bench"; python3 benchmarks/gpu/pytorch_baseline.py "$@" 2>&1 | tee "$out/pytorch.jsonl"
python3 benchmarks/gpu/table.py "$out/tinynn.jsonl" "$out/pytorch.jsonl" | tee "$out/table.txt"
if [ -n "${STRONG+x}" ]; then
  echo "== PyTorch strongest variants"; python3 benchmarks/gpu/pytorch_strong.py "$@" $STRONG 2>&1 | tee "$out/strong.jsonl"
  python3 benchmarks/gpu/strong_table.py "$out/tinynn.jsonl" "$out/strong.jsonl" "$out/pytorch.jsonl" | tee "$out/strong-table.txt"
fi
