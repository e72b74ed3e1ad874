#!/usr/bin/env bash
# Measures issue #4's target: a no-op `dvj repro` of a 10-stage pipeline whose first stage reads a
# folder of 1,000 small files, JVM start included (target: within 0.8 s). Also times the first,
# full repro, a repro that restores every stage from the run-cache, and `dvj status`. Prints a Markdown table; writes
# results/pipeline.md.
# Usage: bench/pipeline.sh [--runs N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
runs=5
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift ;;
    --quick) runs=3 ;;
    *) echo "usage: $0 [--quick] [--runs N]" >&2; exit 2 ;;
  esac
  shift
done
dvj="$root/dvj"
work=${BENCH_WORK:-$here/work-pipeline}
chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; mkdir -p "$work"
export GIT_CONFIG_NOSYSTEM=1
. "$here/lib.sh"
[ -f "$root/cli/target/dvj.jar" ] || (cd "$root" && mvn -B -q -DskipTests package >&2)

repo="$work/repo"
new_peer_repo "$repo"
ten_stage_pipeline "$repo"
(cd "$repo" && "$dvj" -q init)

t=$(time_runs "rm -f $repo/dvj.lock" "$dvj" -C "$repo" -q repro --no-run-cache); row "dvj repro, first run, 10 stages, 1,000 dep files" "$t" "runs every stage"
# With the lock gone every stage has changed, and each one's inputs match a run in the run-cache.
t=$(time_runs "rm -f $repo/dvj.lock" "$dvj" -C "$repo" -q repro); row "dvj repro, 10 stages restored from the run-cache" "$t" "no command runs"
"$dvj" -C "$repo" -q repro
t=$(time_runs ":" "$dvj" -C "$repo" -q repro); row "dvj repro, no-op, 10 stages, 1,000 dep files" "$t" "target: within 0.8 s"
t=$(time_runs ":" "$dvj" -C "$repo" -q status); row "dvj status, pipeline up to date" "$t" ""
t=$(time_runs ":" "$dvj" --version); row "dvj --version (JVM start)" "$t" ""

write_table "$here/results/pipeline.md" "dvj pipeline benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, median of $runs runs)"
chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"
