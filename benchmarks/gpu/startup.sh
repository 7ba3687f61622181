#!/usr/bin/env bash
# Runs on a GPU machine without .NET: time to the first training step of `tinynn sdf` (default config) with the
# persistent kernel cache (docs/kernel-cache.md). Four runs, each with its own empty or kept caches:
#   fresh       TinyNN's cache and the driver's compute cache both empty (a fresh machine)
#   second      both kept from `fresh` (the second run on a machine)
#   off         TINYNN_CACHE=off, the driver's cache kept (what every run paid before the cache)
#   driver-cold TinyNN's cache kept, the driver's emptied (the driver's PTX→SASS JIT alone)
# Prepare here:  ../shared/tools/device-prep.sh src/Cli/TinyNN.Cli.csproj   (carry .device)
# There:         bash benchmarks/gpu/startup.sh [sdf options, e.g. --steps 300]
set -uo pipefail
cd "$(dirname "$0")/../.."
. .device/env.sh
out=${OUT:-/tmp/tinynn-startup}; mkdir -p "$out"
work=$(mktemp -d /tmp/tinynn-startup.XXXXXX)
tinynn() { dotnet .device/TinyNN.Cli/tinynn.dll "$@"; }
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee "$out/gpu.txt"

# run NAME TINYNN_CACHE DRIVER_CACHE_DIR [sdf options]: one `tinynn sdf`, its log in $out/NAME.txt, its time line kept.
run() {
  local name=$1 switch=$2 driver=$3; shift 3
  local started=$(date +%s.%N)
  TINYNN_CACHE_DIR="$work/tinynn" TINYNN_CACHE=$switch CUDA_CACHE_PATH="$driver" \
    timeout "${SDF_TIMEOUT:-300}" dotnet .device/TinyNN.Cli/tinynn.dll sdf --device cuda --out "$work/sdf-$name" "$@" > "$out/$name.txt" 2>&1
  local status=$? ended=$(date +%s.%N)
  local line=$(grep '^time:' "$out/$name.txt" | tail -1)
  [ -n "$line" ] || line="(no time line, exit $status: see $out/$name.txt)"
  printf '%s\t%s\t%s\n' "$name" "$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", b - a }')" "$line" >> "$out/summary.tsv"
  echo "== $name (exit $status)"; echo "$line"
}

: > "$out/summary.tsv"
run fresh on "$work/driver" "$@"
TINYNN_CACHE_DIR="$work/tinynn" tinynn cache info | tee "$out/cache-info.txt"
run second on "$work/driver" "$@"
run off off "$work/driver" "$@"
run driver-cold on "$work/driver-cold" "$@"

echo
echo "run          wall s   kernels s   first step s   cache"
while IFS=$'\t' read -r name wall line; do
  kernels=$(echo "$line" | grep -o 'kernels [0-9.]* s' | grep -o '[0-9.]*')
  first=$(echo "$line" | grep -o 'first step [0-9.]* s' | grep -o '[0-9.]*')
  cache=$(echo "$line" | grep -o 'kernel cache: .*')
  printf '%-12s %7s %11s %14s   %s\n' "$name" "$wall" "${kernels:--}" "${first:--}" "${cache:--}"
done < "$out/summary.tsv" | tee "$out/table.txt"
rm -rf "$work"
