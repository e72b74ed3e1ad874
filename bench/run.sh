#!/usr/bin/env bash
# The benchmark harness: every operation dvj has, timed next to git-lfs, git-annex and rclone where
# they have an equivalent, and next to the limits (cp, cat, sha256sum, openssl dgst), on data sets
# it generates itself: one big random file, many small files in 100 folders, a CSV table, and a
# 10-stage pipeline. Installs nothing; says which peers are missing and leaves their columns empty.
# Writes bench/results/latest.md (a table: operation, dvj, each peer, limit, dvj/peer) and
# bench/results/latest.json.
# Usage: bench/run.sh [--quick] [--runs N] [--long-run SECONDS]
#   default: 1 GiB file, 20,000 files, 200 MB CSV, median of 3 runs (about 25 minutes here)
#   --quick: 64 MiB, 2,000 files, 20 MB CSV, one run each (under 3 minutes)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
runs=3
big_mib=1024
nfiles=20000
csv_mb=200
long_run=60
quick=
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; runs=1; big_mib=64; nfiles=2000; csv_mb=20 ;;
    --runs) runs=$2; shift ;;
    --long-run) long_run=$2; shift ;;
    *) echo "usage: $0 [--quick] [--runs N] [--long-run SECONDS]" >&2; exit 2 ;;
  esac
  shift
done
dvj="$root/dvj"
work=${BENCH_WORK:-$here/work-run}
chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; mkdir -p "$work"
export GIT_CONFIG_NOSYSTEM=1
# rclone notices a missing config file on every call; an empty one keeps stderr for real problems.
export RCLONE_CONFIG="$work/rclone.conf"; : > "$RCLONE_CONFIG"
. "$here/lib.sh"
started=$(date +%s)
jobs=$(nproc)

# --- peers: detected, never installed --------------------------------------------------------
: > "$work/peers.tsv"
peer() { # TOOL VERSION-COMMAND...
  local tool=$1; shift
  # The whole output first: under pipefail, a tool killed by SIGPIPE when head exits would look
  # missing.
  local out version
  out=$("$@" 2>/dev/null) || true
  version=$(head -1 <<<"$out" | grep -oE '[0-9]+\.[0-9.]+[0-9]' | head -1 || true)
  if [ -n "$version" ]; then
    printf '%s\t%s\n' "$tool" "$version" >> "$work/peers.tsv"
  else
    printf '%s\tmissing\n' "$tool" >> "$work/peers.tsv"
    echo "peer $tool is missing (apt-get install $tool): its column stays empty" >&2
  fi
}
peer git-lfs git lfs version
peer git-annex git annex version
peer rclone rclone version
has() { grep -q "^$1"$'\t'"[0-9]" "$work/peers.tsv"; }

results="$work/measurements.tsv"
: > "$results"
# measure OPERATION TOOL DETAIL SETUP CMD...: times CMD (see samples in lib.sh) and records the
# median under OPERATION for TOOL (dvj, a peer, or limit). DETAIL is dvj's note, the peer's
# command as a user would type it, or the limit's name.
measure() {
  local op=$1 tool=$2 detail=$3; shift 3
  local out n med
  out=$(samples "$@")
  n=$(grep -c . <<<"$out" || true)
  med=$(median <<<"$out")
  printf '%s\t%s\t%s\t%s\t%s\n' "$op" "$tool" "$med" "$n" "$detail" >> "$results"
  echo "  $op | $tool: $med s" >&2
}

# Built the way the README says (its Install section), every time: the figures are of this checkout's
# code and of the class-data archive its package phase makes, never of a jar left from an older one.
echo "building dvj: mvn -B -DskipTests package" >&2
(cd "$root" && mvn -B -q -DskipTests package >&2)

echo "generating data: one ${big_mib} MiB file, $nfiles small files, a ${csv_mb} MB CSV" >&2
mkdir -p "$work/data"
head -c $((big_mib * 1024 * 1024)) /dev/urandom > "$work/data/big.bin"
small_files "$work/data/small" "$nfiles"
csv_file "$work/data/table.csv" "$csv_mb"
sleep 2  # let mtimes age past the state cache's racy window, as real data's have

big="one ${big_mib} MiB file"
many="$nfiles files of 1-8 KiB"
csv="a ${csv_mb} MB CSV"

# Repositories, one per tool; each operation's setup rebuilds the state it needs.
D=$work/dvj L=$work/lfs A=$work/annex
dvj_q() { "$dvj" -C "$D" -q "$@"; }
fresh_copy() { # DATA DIR: DATA copied into DIR, mtimes aged past the racy window
  cp -r --reflink=never "$work/data/$1" "$2/$1"
  find "$2/$1" -exec touch -h -d '-1 min' {} +
}
lfs_repo() { new_peer_repo "$L"; git -C "$L" lfs install --local >/dev/null; git -C "$L" lfs track "$1" >/dev/null; git -C "$L" add .gitattributes; git -C "$L" commit -qm lfs; fresh_copy "$2" "$L"; }
annex_repo() { new_peer_repo "$A"; git -C "$A" annex init -q bench; fresh_copy "$1" "$A"; }

dvj_add_commit() { dvj_q add "$1" && dvj_q commit -m "$1"; }
lfs_add_commit() { git -C "$L" add "$1" && git -C "$L" commit -qm "$1"; }
annex_add_commit() { git -C "$A" annex add --quiet "$1" && git -C "$A" commit -qm "$1"; }
hash_and_copy() { find "$work/data/$1" -type f -print0 | xargs -0 sha256sum >/dev/null && cp -r --reflink=never "$work/data/$1" "$work/copy"; }

# --- add + commit ----------------------------------------------------------------------------
echo "add + commit" >&2
for set in big.bin table.csv small; do
  case $set in big.bin) what=$big pattern='*.bin' ;; table.csv) what=$csv pattern='*.csv' ;; small) what=$many pattern='small/**' ;; esac
  op="add + commit, $what"
  note="hash, copy into the cache, pointer, Git commit"
  [ "$set" = table.csv ] && note="$note; also profiles the table (schema, quality)"
  measure "$op" dvj "$note" "new_repo $D; fresh_copy $set $D" dvj_add_commit "$set"
  has git-lfs && measure "$op" git-lfs "git add $set && git commit" "lfs_repo '$pattern' $set" lfs_add_commit "$set"
  has git-annex && measure "$op" git-annex "git annex add $set && git commit" "annex_repo $set" annex_add_commit "$set"
  measure "$op" limit "sha256sum + cp" "set_aside $work/copy" hash_and_copy "$set"
done
# The last runs leave each tool's repository holding the small files, committed: the next rows use them.

# --- status ----------------------------------------------------------------------------------
echo "status" >&2
dvj_q status >/dev/null
op="status, no-op, $many"
# A start-up figure too (issue #26): the median of 10 or more, as the short rows below.
runs=$(( runs > 10 ? runs : 10 )) measure "$op" dvj "stat of every file, compared with the scan remembered with the directory; target 0.45 s" ":" dvj_q status
has git-lfs && measure "$op" git-lfs "git status" ":" git -C "$L" status --porcelain
has git-annex && measure "$op" git-annex "git status" ":" git -C "$A" status --porcelain
measure "$op" limit "find -size: stat of every file" ":" find "$D/small" -type f -size +0
one=small/d042/f00042.bin
op="status after touching one of $many"
measure "$op" dvj "rehashes the touched file" "touch $D/$one" dvj_q status
has git-lfs && measure "$op" git-lfs "git status (clean filter on the touched file)" "touch $L/$one" git -C "$L" status --porcelain
has git-annex && measure "$op" git-annex "git status" "touch $A/$one" git -C "$A" status --porcelain

# --- checkout of another revision ------------------------------------------------------------
echo "checkout" >&2
# Version 2 rewrites every 100th file (1%). Annexed files are read-only symlinks: replace them.
rewrite_some() { find "$1/small" -name 'f???00.bin' | while read -r f; do rm -f "$f"; head -c 4096 /dev/urandom > "$f"; done; }
git -C "$D" tag v1; rewrite_some "$D"; dvj_q commit -m v2; git -C "$D" tag v2
if has git-lfs; then git -C "$L" tag v1; rewrite_some "$L"; lfs_add_commit small; git -C "$L" tag v2; fi
if has git-annex; then git -C "$A" tag v1; rewrite_some "$A"; annex_add_commit small; git -C "$A" tag v2; fi
dvj_switch() { git -C "$D" checkout -q "$1" && dvj_q checkout; }
op="checkout of another revision, 1% of $many changed"
measure "$op" dvj "git checkout v1 && dvj checkout" "dvj_switch v2" dvj_switch v1
has git-lfs && measure "$op" git-lfs "git checkout v1 (smudge filter)" "git -C $L checkout -q v2" git -C "$L" checkout -q v1
has git-annex && measure "$op" git-annex "git checkout v1 (symlinks)" "git -C $A checkout -q v2" git -C "$A" checkout -q v1
dvj_switch main; git -C "$L" checkout -q main 2>/dev/null || true; git -C "$A" checkout -q main 2>/dev/null || true

# --- push and pull: a local folder remote ----------------------------------------------------
echo "push and pull, local folder" >&2
dvj_q remote add folder "$work/folder-remote"; git -C "$D" commit -qm remote
op="push to a local folder, $many"
measure "$op" dvj "only what the remote lacks, in parallel" "set_aside $work/folder-remote" dvj_q push -r folder
if has git-lfs; then
  # git-lfs pushes only objects not reachable from the remote-tracking refs, so a new remote must
  # come with none, or the second run would push nothing.
  lfs_remote_reset() {
    set_aside "$work/lfs-remote.git"; git init -q --bare -b main "$work/lfs-remote.git"
    git -C "$L" update-ref -d refs/remotes/origin/main 2>/dev/null || true
  }
  git -C "$L" remote add origin "$work/lfs-remote.git"
  measure "$op" git-lfs "git push (objects of both versions)" lfs_remote_reset git -C "$L" push -q origin main
fi
if has git-annex; then
  # A new directory special remote for each run, as git-annex records where content is. Its name
  # goes through a file: setups run in a subshell.
  annex_remote() { cat "$work/annex-remote.name"; }
  annex_remote_reset() {
    set_aside "$work/annex-remote"; mkdir -p "$work/annex-remote"; echo "d$RANDOM" > "$work/annex-remote.name"
    git -C "$A" annex initremote "$(annex_remote)" type=directory directory="$work/annex-remote" encryption=none >/dev/null
  }
  annex_copy() { git -C "$A" annex copy --quiet -J"$jobs" --to "$(annex_remote)" small; }
  measure "$op" git-annex "git annex copy -J$jobs --to DIR small" annex_remote_reset annex_copy
fi
has rclone && measure "$op" rclone "rclone copy --transfers 8 small DIR" "set_aside $work/rclone-remote" rclone copy --transfers 8 "$D/small" "$work/rclone-remote/small"
measure "$op" limit "cp -r" "set_aside $work/copy" cp -r --reflink=never "$D/small" "$work/copy"

op="push to a local folder, no-op, $many synced"
measure "$op" dvj "" ":" dvj_q push -r folder
has git-lfs && measure "$op" git-lfs "git lfs push origin main" ":" git -C "$L" lfs push origin main
has git-annex && measure "$op" git-annex "git annex copy --to DIR small" ":" annex_copy
has rclone && measure "$op" rclone "rclone copy small DIR" ":" rclone copy --transfers 8 "$D/small" "$work/rclone-remote/small"

C=$work/clone
op="pull from a local folder, $many"
measure "$op" dvj "fetch (hash-verified) + checkout, in a fresh clone" "set_aside $C; git clone -q $D $C" "$dvj" -C "$C" -q pull -r folder
if has git-lfs; then
  # The clone needs git-lfs's filters in its own config: the harness runs without system config.
  lfs_clone() { set_aside "$C"; GIT_LFS_SKIP_SMUDGE=1 git clone -q -b main "$work/lfs-remote.git" "$C"; git -C "$C" lfs install --local >/dev/null; }
  measure "$op" git-lfs "git lfs pull, in a fresh clone" lfs_clone git -C "$C" lfs pull
fi
if has git-annex; then
  annex_clone() { set_aside "$C"; git clone -q "$A" "$C"; git -C "$C" annex init -q; git -C "$C" annex enableremote "$(annex_remote)" directory="$work/annex-remote" >/dev/null; }
  annex_get() { git -C "$C" annex get --quiet -J"$jobs" --from "$(annex_remote)" small; }
  measure "$op" git-annex "git annex get -J$jobs --from DIR small, in a fresh clone" annex_clone annex_get
fi
has rclone && measure "$op" rclone "rclone copy --transfers 8 DIR small" "set_aside $C" rclone copy --transfers 8 "$work/rclone-remote/small" "$C/small"
measure "$op" limit "cp -r" "set_aside $work/copy" cp -r --reflink=never "$work/folder-remote" "$work/copy"

op="pull from a local folder, no-op, $many synced"
set_aside "$C"; git clone -q "$D" "$C"; "$dvj" -C "$C" -q pull -r folder
measure "$op" dvj "" ":" "$dvj" -C "$C" -q pull -r folder
if has git-lfs && lfs_clone && git -C "$C" lfs pull; then measure "$op" git-lfs "git lfs pull" ":" git -C "$C" lfs pull; fi
if has git-annex && annex_clone && annex_get; then measure "$op" git-annex "git annex get --from DIR small" ":" annex_get; fi
if has rclone; then set_aside "$C"; rclone copy --transfers 8 "$work/rclone-remote/small" "$C/small"
  measure "$op" rclone "rclone copy DIR small" ":" rclone copy --transfers 8 "$work/rclone-remote/small" "$C/small"; fi

# --- push and pull: S3Proxy on loopback ------------------------------------------------------
echo "push and pull, S3Proxy" >&2
if has rclone && start_s3proxy; then
  trap 'kill $s3proxy_pid 2>/dev/null || true' EXIT
  dvj_q remote add s3 s3://dvj/run; dvj_q remote modify s3 endpoint "http://127.0.0.1:$s3_port"; git -C "$D" commit -qm s3
  # S3Proxy is a JVM too: warm it up (untimed) so its JIT compiles do not land in the first row.
  bucket_reset warm && rclone copy -q --transfers 8 "$D/small/d000" s3p:warm/small && rclone purge s3p:warm >/dev/null 2>&1 || true
  op="push to S3Proxy, $many"
  measure "$op" dvj "" "bucket_reset dvj" dvj_q push -r s3
  measure "$op" rclone "rclone copy --transfers 8 small s3p:BUCKET" "bucket_reset rcl" rclone copy --transfers 8 "$D/small" s3p:rcl/small
  op="push to S3Proxy, no-op, $many synced"
  measure "$op" dvj "one listing, no request per object" ":" dvj_q push -r s3
  measure "$op" rclone "rclone copy small s3p:BUCKET" ":" rclone copy --transfers 8 "$D/small" s3p:rcl/small
  op="pull from S3Proxy, $many"
  measure "$op" dvj "fetch (hash-verified) + checkout, in a fresh clone" "set_aside $C; git clone -q $D $C" "$dvj" -C "$C" -q pull -r s3
  measure "$op" rclone "rclone copy --transfers 8 s3p:BUCKET small" "set_aside $C" rclone copy --transfers 8 s3p:rcl/small "$C/small"
  op="pull from S3Proxy, no-op, $many synced"
  set_aside "$C"; git clone -q "$D" "$C"; "$dvj" -C "$C" -q pull -r s3
  measure "$op" dvj "" ":" "$dvj" -C "$C" -q pull -r s3
  rclone copy --transfers 8 s3p:rcl/small "$C/small-rclone"
  measure "$op" rclone "rclone copy s3p:BUCKET small" ":" rclone copy --transfers 8 s3p:rcl/small "$C/small-rclone"
  # The big file, in its own repository (the add rows set it aside).
  B=$work/dvj-big; new_repo "$B"; fresh_copy big.bin "$B"; "$dvj" -C "$B" -q add big.bin
  "$dvj" -C "$B" -q remote add s3 s3://dvjbig/run; "$dvj" -C "$B" -q remote modify s3 endpoint "http://127.0.0.1:$s3_port"
  op="push to S3Proxy, $big"
  measure "$op" dvj "multipart upload" "bucket_reset dvjbig" "$dvj" -C "$B" -q push -r s3
  measure "$op" rclone "rclone copy big.bin s3p:BUCKET" "bucket_reset rcl" rclone copy --transfers 8 "$B/big.bin" s3p:rcl/
  kill "$s3proxy_pid" 2>/dev/null || true
else
  echo "S3 rows skipped: they need rclone (the peer, and to manage buckets) and S3Proxy from Maven" >&2
fi

# --- pipeline --------------------------------------------------------------------------------
echo "pipeline" >&2
P=$work/pipeline
new_peer_repo "$P"; ten_stage_pipeline "$P"; (cd "$P" && "$dvj" -q init)
measure "repro, first run, 10 stages over 1,000 files" dvj "runs every stage" "rm -f $P/dvj.lock" "$dvj" -C "$P" -q repro --no-run-cache
measure "repro, 10 stages restored from the run-cache" dvj "no command runs" "rm -f $P/dvj.lock" "$dvj" -C "$P" -q repro
"$dvj" -C "$P" -q repro
measure "repro, no-op, 10 stages over 1,000 files" dvj "target 0.8 s" ":" "$dvj" -C "$P" -q repro

# --- start-up --------------------------------------------------------------------------------
echo "start-up" >&2
S=$work/small-repo
new_repo "$S"; cp "$root/../shared/data/"*.csv "$S/" 2>/dev/null || csv_file "$S/table.csv" 1
(cd "$S" && "$dvj" -q add ./*.csv && "$dvj" -q commit -m data && "$dvj" -q status >/dev/null)
# Each run is short and the machine's noise is not, so these rows take the median of 10 or more.
short_runs=$(( runs > 10 ? runs : 10 ))
op="start-up: --version"
runs=$short_runs measure "$op" dvj "JVM start with the class-data-sharing archive; target 0.25 s" ":" "$dvj" --version
has git-lfs && runs=$short_runs measure "$op" git-lfs "git lfs version" ":" git lfs version
has git-annex && runs=$short_runs measure "$op" git-annex "git annex version" ":" git annex version
has rclone && runs=$short_runs measure "$op" rclone "rclone version" ":" rclone version
op="status, no-op, small repository"
runs=$short_runs measure "$op" dvj "two tracked CSV files; target 0.35 s" ":" "$dvj" -C "$S" -q status

# --- limits ----------------------------------------------------------------------------------
echo "limits" >&2
measure "read $big" limit "cat" ":" cat "$work/data/big.bin"
measure "hash $big" limit "openssl dgst -sha256" ":" openssl dgst -sha256 "$work/data/big.bin"
measure "hash $big, coreutils" limit "sha256sum" ":" sha256sum "$work/data/big.bin"
measure "copy $big" limit "cp" "rm -f $work/copy.bin" cp --reflink=never "$work/data/big.bin" "$work/copy.bin"

elapsed=$(( $(date +%s) - started ))
title="dvj benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, ${quick:+--quick, }$(( elapsed / 60 )) min $(( elapsed % 60 )) s)"
mkdir -p "$here/results"
python3 "$here/render.py" "$results" "$work/peers.tsv" "$title" "$here/results/latest.md" "$here/results/latest.json" "$runs"
chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"
