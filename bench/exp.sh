#!/usr/bin/env bash
# Measures issue #21's targets for experiments, JVM start included:
#   - dvj exp show of 100 experiments on 10 commits (target: within 1 s);
#   - the overhead of dvj exp run per experiment, for a stage whose command is `true`
#     (a queued grid of 20 run with --run-all, divided by 20; target: within 0.3 s);
#   - four queued experiments whose stage keeps one core busy for 1 s: --run-all -j 2 against
#     -j 1 (target: -j 2 within 0.6x of -j 1 on a 2-core machine).
# Prints a Markdown table; writes results/exp.md.
# Usage: bench/exp.sh [--runs N]
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
work=${BENCH_WORK:-$here/work-exp}
chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; mkdir -p "$work"
export GIT_CONFIG_NOSYSTEM=1
. "$here/lib.sh"
[ -f "$root/cli/target/dvj.jar" ] || (cd "$root" && mvn -B -q -DskipTests package >&2)

# A one-stage pipeline reading a tracked data file and params, writing a model and metrics.
# $1: the repository; $2: the stage's script (train.sh, given lr, depth and seed as arguments).
pipeline() {
  new_repo "$1"
  printf 'train:\n  lr: 0.1\n  depth: 3\n  seed: 0\n' > "$1/params.yaml"
  printf 'a,b\n1,2\n' > "$1/data.csv"
  printf '%s\n' "$2" > "$1/train.sh"
  cat > "$1/dvj.yaml" <<'YAML'
stages:
  train:
    cmd: sh train.sh ${train.lr} ${train.depth} ${train.seed}
    deps: [data.csv, train.sh]
    params: [train]
    outs: [model.txt]
    metrics:
    - metrics.json: {cache: false}
YAML
  (cd "$1" && "$dvj" -q add data.csv && "$dvj" -q repro && git add -A && git commit -q -m base)
}

echo "preparing 100 experiments on 10 commits" >&2
shown="$work/shown"
pipeline "$shown" 'echo "model $1 $2" > model.txt; echo "{\"acc\": $1, \"loss\": $2}" > metrics.json'
for commit in $(seq 1 10); do
  printf 'a,b\n1,%d\n' "$commit" > "$shown/data.csv"
  (cd "$shown" && "$dvj" -q add data.csv && "$dvj" -q repro && "$dvj" -q commit -m "data v$commit" && git tag "v$commit")
  (cd "$shown" && "$dvj" -q exp run -j 2 -S train.lr=0.1,0.2,0.3,0.4,0.5 -S train.depth=2,3 >/dev/null)
done
t=$(time_runs ":" "$dvj" -C "$shown" exp show --all-commits); row "dvj exp show -A, 100 experiments on 10 commits" "$t" "target: within 1 s"
t=$(time_runs ":" "$dvj" -C "$shown" exp show); row "dvj exp show, HEAD and its 10 experiments" "$t" ""

overhead="$work/overhead"
pipeline "$overhead" 'true > model.txt; echo "{\"acc\": 1}" > metrics.json'
queue20="$dvj -C $overhead -q exp remove --all >/dev/null 2>&1 || true; $dvj -C $overhead -q exp run --queue -S train.seed=\$(seq -s, 1 20)"
t=$(time_runs "$queue20" "$dvj" -C "$overhead" -q exp run --run-all)
row "dvj exp run --run-all, 20 queued, stage \`true\`" "$t" "$(echo "scale=3; $t / 20" | bc) s per experiment (target: within 0.3 s)"
t=$(time_runs "$dvj -C $overhead -q exp remove --all >/dev/null 2>&1 || true" "$dvj" -C "$overhead" -q exp run -S train.seed=1)
row "dvj exp run, one experiment, stage \`true\`" "$t" "JVM start, queue, workspace, run, record"

busy="$work/busy"
pipeline "$busy" 'timeout 1 sh -c "while :; do :; done" || true; echo "{\"acc\": $3}" > metrics.json; echo m > model.txt'
queue4="$dvj -C $busy -q exp remove --all >/dev/null 2>&1 || true; $dvj -C $busy -q exp run --queue -S train.seed=1,2,3,4"
one=$(time_runs "$queue4" "$dvj" -C "$busy" -q exp run --run-all -j 1)
row "dvj exp run --run-all -j 1, 4 experiments of 1 s of CPU" "$one" ""
two=$(time_runs "$queue4" "$dvj" -C "$busy" -q exp run --run-all -j 2)
row "dvj exp run --run-all -j 2, the same 4" "$two" "$(echo "scale=2; $two / $one" | bc)x of -j 1 (target: within 0.6x)"
t=$(time_runs ":" "$dvj" --version); row "dvj --version (JVM start)" "$t" ""

write_table "$here/results/exp.md" "dvj experiments benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, median of $runs runs)"
chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"
