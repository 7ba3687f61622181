#!/usr/bin/env bash
# Runs on a GPU machine without .NET: `tinynn sdf` on the default shape (and the Stanford bunny when
# .device/bunny.obj was carried), then the HashGrid + MLP Eikonal step beside PyTorch. Outputs go to $OUT.
# Prepare here:  ../shared/tools/device-prep.sh src/Cli/TinyNN.Cli.csproj; cp ../shared/data/bunny.obj .device/
set -uo pipefail
cd "$(dirname "$0")/../.."
. .device/env.sh
out=${OUT:-/tmp/tinynn-sdf}; mkdir -p "$out"
tinynn="dotnet .device/TinyNN.Cli/tinynn.dll"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee "$out/gpu.txt"
echo "== sdf, default shape"
timeout "${SDF_TIMEOUT:-170}" $tinynn sdf --device cuda --out /tmp/sdf-default 2>&1 | grep -v '^mesh \[' | tail -12 | tee "$out/sdf-default.txt"
echo "== HashGrid + MLP Eikonal step"
timeout 100 $tinynn bench --device cuda --encoding hashgrid --batches 18,20 --repeats 20 > /tmp/hg-tinynn.jsonl
timeout 100 python3 benchmarks/gpu/pytorch_hashgrid.py --batches 18,20 --repeats 20 > /tmp/hg-pytorch.jsonl
python3 benchmarks/gpu/table.py /tmp/hg-tinynn.jsonl /tmp/hg-pytorch.jsonl | tee "$out/hashgrid-table.txt"
if [ -f .device/bunny.obj ] && [ -z "${SKIP_BUNNY:-}" ]; then
  echo "== sdf, Stanford bunny"
  timeout "${SDF_TIMEOUT:-170}" $tinynn sdf --device cuda --mesh .device/bunny.obj --out /tmp/sdf-bunny 2>&1 | grep -v '^mesh \[' | tail -12 | tee "$out/sdf-bunny.txt"
fi
tar -C /tmp -czf "$out/sdf-results.tgz" --exclude='*.obj' --exclude='checkpoint' sdf-default sdf-bunny 2>/dev/null
ls -la "$out"
