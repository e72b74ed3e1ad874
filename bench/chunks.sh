#!/usr/bin/env bash
# Measures issue #23's chunking targets against S3Proxy on loopback: push of a 1 GiB file as
# content-defined chunks (remote.s3.chunk_threshold at its default) and whole (chunk_threshold 0),
# then the bytes the next push stores after appending 1% to the file, and after inserting 1 MiB in
# its middle (target: at most 5% of the file each), and a pull of the chunked file into a fresh
# clone. Bytes stored are measured on S3Proxy's filesystem backend (du of the bucket's folder).
# Prints a Markdown table and writes results/chunks.md.
# Usage: bench/chunks.sh [--quick] [--runs N]
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
command -v rclone >/dev/null || { echo "rclone is missing: apt-get install rclone" >&2; exit 2; }
dvj="$root/dvj"
work=${BENCH_WORK:-$here/work-chunks}
chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; mkdir -p "$work"
export GIT_CONFIG_NOSYSTEM=1
. "$here/lib.sh"

start_s3proxy
proxy=$s3proxy_pid
trap 'kill $proxy 2>/dev/null || true' EXIT
bucket_reset dvj

repo="$work/repo"
new_repo "$repo"
head -c $((big_mib * 1024 * 1024)) /dev/urandom > "$repo/big.bin"
(cd "$repo" && "$dvj" -q add big.bin && "$dvj" -q commit -m v1)
for name in chunked whole; do
  "$dvj" -C "$repo" -q remote add "$name" "s3://dvj/$name"
  "$dvj" -C "$repo" -q remote modify "$name" endpoint "http://127.0.0.1:$s3_port"
done
"$dvj" -C "$repo" -q remote modify whole chunk_threshold 0
git -C "$repo" commit -qm remotes
export DVJ_REMOTE_CHUNKED_ACCESS_KEY_ID=bench DVJ_REMOTE_CHUNKED_SECRET_ACCESS_KEY=bench-secret
export DVJ_REMOTE_WHOLE_ACCESS_KEY_ID=bench DVJ_REMOTE_WHOLE_SECRET_ACCESS_KEY=bench-secret
stored() { du -sb "$work/s3/dvj/$1" 2>/dev/null | cut -f1 || echo 0; }
reset_prefix() { set_aside "$work/s3/dvj/$1"; }

t=$(time_runs "reset_prefix whole" "$dvj" -C "$repo" -q push -r whole big.bin); row "dvj push, one ${big_mib} MiB file, whole (multipart)" "$t" "as before chunks"
t=$(time_runs "reset_prefix chunked" "$dvj" -C "$repo" -q push -r chunked big.bin); row "dvj push, one ${big_mib} MiB file, as chunks" "$t" "cut, hashed and packed on the way"
size=$(stat -c %s "$repo/big.bin")

before=$(stored chunked)
head -c $((size / 100)) /dev/urandom >> "$repo/big.bin"
(cd "$repo" && "$dvj" -q add big.bin && "$dvj" -q commit -qm v2)
t=$(time_runs ":" "$dvj" -C "$repo" -q push -r chunked big.bin); after=$(stored chunked)
row "dvj push after appending 1%" "$t" "stored $((after - before)) bytes, $(echo "scale=2; 100 * ($after - $before) / $size" | bc)% of the file (target at most 5%)"

before=$after
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
(cd "$repo" && "$dvj" -q add big.bin && "$dvj" -q commit -qm v3)
t=$(time_runs ":" "$dvj" -C "$repo" -q push -r chunked big.bin); after=$(stored chunked)
row "dvj push after inserting 1 MiB in the middle" "$t" "stored $((after - before)) bytes, $(echo "scale=2; 100 * ($after - $before) / $size" | bc)% of the file (target at most 5%)"

clone="$work/clone"
fresh_clone() { set_aside "$clone"; git clone -q "$repo" "$clone"; }
t=$(time_runs "fresh_clone" "$dvj" -C "$clone" -q pull -r chunked big.bin); row "dvj pull of the chunked file, fresh clone" "$t" "reassembled, whole-file SHA-256 checked"

write_table "$here/results/chunks.md" "dvj chunking benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, median of $runs runs, S3Proxy $(s3proxy_version) on loopback)"
kill $proxy 2>/dev/null || true
chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"
