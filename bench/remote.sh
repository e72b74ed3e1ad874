#!/usr/bin/env bash
# Measures issue #3's transfer targets against S3Proxy on loopback, with rclone as the peer in the
# same run: push and pull of 20,000 files of 1-8 KiB, push of one 1 GiB file, and no-op push/pull
# of the synced tree, pull of one file inside the pushed tree; plus the same pushes to a
# local-folder remote.
# Needs rclone (apt-get install rclone); S3Proxy comes from Maven Central (test scope of
# remote-storage). Prints a Markdown table and writes results/remote.md.
# Usage: bench/remote.sh [--quick] [--runs N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
runs=3
big_mib=1024
nfiles=20000
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) runs=1; big_mib=128; nfiles=2000 ;;
    --runs) runs=$2; shift ;;
    *) echo "usage: $0 [--quick] [--runs N]" >&2; exit 2 ;;
  esac
  shift
done
command -v rclone >/dev/null || { echo "rclone is missing: apt-get install rclone" >&2; exit 2; }
dvj="$root/dvj"
work=${BENCH_WORK:-$here/work-remote}
chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; mkdir -p "$work"
export GIT_CONFIG_NOSYSTEM=1
. "$here/lib.sh"

start_s3proxy
proxy=$s3proxy_pid
trap 'kill $proxy 2>/dev/null || true' EXIT

echo "generating $nfiles small files and one ${big_mib} MiB file" >&2
small_files "$work/data/small" "$nfiles"
head -c $((big_mib * 1024 * 1024)) /dev/urandom > "$work/data/big.bin"

repo="$work/repo"
new_peer_repo "$repo"
(cd "$repo" && "$dvj" -q init && cp -r "$work/data/small" small && cp "$work/data/big.bin" big.bin \
  && "$dvj" -q add small big.bin && "$dvj" -q commit -m data)
"$dvj" -C "$repo" -q remote add s3 "s3://dvj/run" && "$dvj" -C "$repo" -q remote modify s3 endpoint "http://127.0.0.1:$s3_port"
"$dvj" -C "$repo" -q remote add folder "$work/folder-remote"
git -C "$repo" commit -qm remotes
# S3Proxy is a JVM too: warm it up (untimed) so its JIT compiles do not land in the first timed row.
bucket_reset warm && rclone copy -q --transfers 8 "$work/data/small/d000" s3p:warm/small \
  && rclone copy -q --transfers 8 s3p:warm/small "$work/warm-down" && rclone purge s3p:warm >/dev/null 2>&1 || true

t=$(time_runs "bucket_reset dvj" "$dvj" -C "$repo" -q push -r s3 small); row "dvj push, $nfiles files, S3Proxy" "$t" "target: at least as fast as rclone"
t=$(time_runs "bucket_reset rcl" rclone copy --transfers 8 "$work/data/small" s3p:rcl/small); row "rclone copy --transfers 8, $nfiles files, S3Proxy (peer)" "$t" ""
t=$(time_runs ":" "$dvj" -C "$repo" -q push -r s3 small); row "dvj push, no-op, $nfiles files synced" "$t" "checks every object's size on the remote"
t=$(time_runs ":" rclone copy --transfers 8 "$work/data/small" s3p:rcl/small); row "rclone copy, no-op, $nfiles files synced (peer)" "$t" "size and modification time"
t=$(time_runs ":" rclone copy --size-only --transfers 8 "$work/data/small" s3p:rcl/small); row "rclone copy --size-only, no-op (peer)" "$t" "size, as dvj checks"

clone="$work/clone"
fresh_clone() { set_aside "$clone"; git clone -q "$repo" "$clone"; }
t=$(time_runs "fresh_clone; warm_bucket dvj" "$dvj" -C "$clone" -q pull -r s3 small); row "dvj pull, $nfiles files, S3Proxy" "$t" "fetch + checkout"
t=$(time_runs "set_aside $work/down; warm_bucket rcl" rclone copy --transfers 8 s3p:rcl/small "$work/down"); row "rclone copy --transfers 8 down, $nfiles files (peer)" "$t" ""
t=$(time_runs ":" "$dvj" -C "$clone" -q pull -r s3 small); row "dvj pull, no-op, $nfiles files synced" "$t" "target: about 1 s"
t=$(time_runs "fresh_clone" "$dvj" -C "$clone" -q pull -r s3 small/d042/f00042.bin); row "dvj pull of one file of the $nfiles-file tree, fresh clone" "$t" "target 0.5 s: manifest + 1 object"

t=$(time_runs "bucket_reset dvj" "$dvj" -C "$repo" -q push -r s3 big.bin); row "dvj push, one ${big_mib} MiB file, S3Proxy" "$t" "multipart, 64 MiB parts"
t=$(time_runs "bucket_reset rcl" rclone copy --transfers 8 "$work/data/big.bin" s3p:rcl/); row "rclone copy, one ${big_mib} MiB file (peer)" "$t" ""

t=$(time_runs "set_aside $work/folder-remote" "$dvj" -C "$repo" -q push -r folder small); row "dvj push, $nfiles files, local folder remote" "$t" ""

write_table "$here/results/remote.md" "dvj remote benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, median of $runs runs, S3Proxy $(s3proxy_version) on loopback)"
kill $proxy 2>/dev/null || true
chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"
