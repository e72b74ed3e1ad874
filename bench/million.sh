#!/usr/bin/env bash
# Measures issue #23's million-file target: a generated tree of N tiny files (default 1,000,000 in
# 1,000 folders, 8-64 bytes each) added, a no-op status, pushed to a folder remote and pulled into
# a fresh clone, then one file changed, added and pushed; each timed once (JVM start included),
# with the time per file and the peak resident memory (GNU time's %M), at 20,000, 100,000 and N
# files: the scaling curve. dvj runs with a 1.5 GiB heap cap (DVJ_JAVA_OPTS=-Xmx1536m), so every
# command proves it fits. Prints a Markdown table with the disk the tree used; writes
# results/million.md.
# Usage: bench/million.sh [--files N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
runs=1
nfiles=1000000
while [ $# -gt 0 ]; do
  case "$1" in
    --files) nfiles=$2; shift ;;
    *) echo "usage: $0 [--files N]" >&2; exit 2 ;;
  esac
  shift
done
dvj="$root/dvj"
work=${BENCH_WORK:-$here/work-million}
chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; mkdir -p "$work"
export GIT_CONFIG_NOSYSTEM=1
. "$here/lib.sh"
[ -f "$root/cli/target/dvj.jar" ] || (cd "$root" && mvn -B -q -DskipTests package >&2)

tiny_files() {
  python3 - "$1" "$2" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(23)
for d in range(1000):
    os.makedirs(os.path.join(root, "d%03d" % d), exist_ok=True)
for i in range(n):
    with open(os.path.join(root, "d%03d" % (i % 1000), "f%07d" % i), "wb") as f:
        f.write(rnd.randbytes(rnd.randint(8, 64)))
PY
}

export DVJ_JAVA_OPTS=-Xmx1536m

measure() { # measure LABEL COUNT CMD...: one timed run, with the time per file and peak memory
  local label=$1 count=$2; shift 2
  local t; t=$(time_runs ":" /usr/bin/time -f %M -o "$work/rss" "$@")
  local rss; rss=$(( $(tail -1 "$work/rss") / 1024 ))
  row "$label, $count files" "$t" "$(echo "scale=1; 1000000 * $t / $count" | bc) us per file; peak RSS $rss MB"
}

for count in 20000 100000 "$nfiles"; do
  repo="$work/repo-$count"
  new_repo "$repo"
  echo "generating $count tiny files" >&2
  tiny_files "$repo/tree" "$count"
  [ "$count" = "$nfiles" ] && disk=$(du -sh "$repo/tree" | cut -f1)
  "$dvj" -C "$repo" -q remote add -d folder "$work/remote-$count"
  git -C "$repo" add .dvj/config.yaml && git -C "$repo" commit -qm remote
  sync
  measure "dvj add" "$count" "$dvj" -C "$repo" -q add tree
  (cd "$repo" && "$dvj" -q commit -m tree)
  measure "dvj status, no-op" "$count" "$dvj" -C "$repo" -q status
  measure "dvj push to a folder remote" "$count" "$dvj" -C "$repo" -q push
  git clone -q "$repo" "$work/clone-$count"
  measure "dvj pull into a fresh clone" "$count" "$dvj" -C "$work/clone-$count" -q pull
  # One file changed: its shard and the root are stored again, not the whole listing.
  echo "one more line" >> "$repo/tree/d007/f0000007"
  before=$(du -sb "$work/remote-$count" | cut -f1)
  measure "one file changed: dvj add" "$count" "$dvj" -C "$repo" -q add tree
  measure "one file changed: dvj push" "$count" "$dvj" -C "$repo" -q push
  after=$(du -sb "$work/remote-$count" | cut -f1)
  row "one file changed: bytes the push added to the remote, $count files" "" "$((after - before)) bytes"
  set_aside "$repo"; set_aside "$work/clone-$count"; set_aside "$work/remote-$count"
done
row "disk used by the tree of $nfiles files" "" "$disk (du -sh)"

write_table "$here/results/million.md" "dvj million-file benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, one run each)"
chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"
