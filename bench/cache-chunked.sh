#!/usr/bin/env bash
# Measures cache.chunked (issue #23): what keeping big files in the cache as content-defined chunks
# costs and saves. One 1 GiB file of random bytes, in two repositories that differ only in
# cache.chunked: the time of 'dvj add' into an empty cache, the cache's size on disk (du) after the
# file's first version, after appending 1%, and after inserting 1 MiB in its middle, and the time
# of 'dvj checkout' placing the file from the cache (a link or copy when whole, a verified
# reassembly when chunked). Prints a Markdown table and writes results/cache-chunked.md.
# Usage: bench/cache-chunked.sh [--quick] [--runs N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
runs=3
big_mib=1024
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) runs=1; big_mib=64 ;;
    --runs) runs=$2; shift ;;
    *) echo "usage: $0 [--quick] [--runs N]" >&2; exit 2 ;;
  esac
  shift
done
dvj="$root/dvj"
work=${BENCH_WORK:-$here/work-cache-chunked}
chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; mkdir -p "$work"
export GIT_CONFIG_NOSYSTEM=1
. "$here/lib.sh"

seed="$work/seed.bin"
head -c $((big_mib * 1024 * 1024)) /dev/urandom > "$seed"
size=$(stat -c %s "$seed")
cache_bytes() { du -sb "$1/.dvj/cache" | cut -f1; }
mib() { echo "scale=1; $1 / 1048576" | bc; }

for mode in whole chunked; do
  repo="$work/$mode"
  new_repo "$repo"
  if [ "$mode" = chunked ]; then printf 'cache:\n  chunked: true\n' > "$repo/.dvj/config.local.yaml"; fi
  cp "$seed" "$repo/big.bin"
  # Each run stores the file into an empty cache.
  t=$(time_runs "set_aside '$repo/.dvj/cache'" "$dvj" -C "$repo" -q add big.bin)
  row "dvj add, one ${big_mib} MiB file, cache $mode" "$t" "into an empty cache"
  (cd "$repo" && "$dvj" -q commit -m v1)
  v1=$(cache_bytes "$repo")

  head -c $((size / 100)) /dev/urandom >> "$repo/big.bin"
  (cd "$repo" && "$dvj" -q add big.bin && "$dvj" -q commit -m v2)
  v2=$(cache_bytes "$repo")

  python3 - "$repo/big.bin" <<'PY'
import os, sys
path = sys.argv[1]
size = os.path.getsize(path)
with open(path, "rb") as f:
    head = f.read(size // 2)
    tail = f.read()
with open(path, "wb") as f:
    f.write(head); f.write(os.urandom(1 << 20)); f.write(tail)
PY
  (cd "$repo" && "$dvj" -q add big.bin && "$dvj" -q commit -m v3)
  v3=$(cache_bytes "$repo")
  row "cache size, cache $mode" "-" "$(mib "$v1") MiB after v1, $(mib "$v2") after appending 1%, $(mib "$v3") after inserting 1 MiB in the middle (three versions of a $(mib "$size") MiB file)"

  t=$(time_runs "rm -f '$repo/big.bin'" "$dvj" -C "$repo" -q checkout big.bin)
  row "dvj checkout of the file from the cache, cache $mode" "$t" "$( [ $mode = whole ] && echo 'reflink or copy (cache.type default)' || echo 'chunks reassembled and checked, whole-file SHA-256 checked' )"
done

write_table "$here/results/cache-chunked.md" "dvj cache.chunked benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, median of $runs runs)"
chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"
