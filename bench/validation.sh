#!/usr/bin/env bash
# Measures issue #22's targets on a 200 MB CSV (JVM start included): dvj add + dvj commit with the
# full profile (statistics included; target 1.5 s), dvj drift between two recorded 200 MB versions
# whose profiles exist (target 0.5 s: it reads profiles, not data), dvj validate of the workspace's
# 200 MB file (target: within the time of its profile) and of a recorded version (its profile), and
# git-annex add next to it. Prints a Markdown table; writes results/validation.md.
# Usage: bench/validation.sh [--quick] [--runs N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
runs=3
csv_mb=200
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift ;;
    --quick) runs=1; csv_mb=20 ;;
    *) echo "usage: $0 [--quick] [--runs N]" >&2; exit 2 ;;
  esac
  shift
done
dvj="$root/dvj"
work=${BENCH_WORK:-$here/work-validation}
chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; mkdir -p "$work/data"
export GIT_CONFIG_NOSYSTEM=1
. "$here/lib.sh"
[ -f "$root/cli/target/dvj.jar" ] || (cd "$root" && mvn -B -q -DskipTests package >&2)

echo "generating a ${csv_mb} MB CSV and a shifted copy" >&2
csv_file "$work/data/table.csv" "$csv_mb"
# The second version: temperature read 3 degrees high, as a miscalibrated month would be.
awk -F, -v OFS=, 'NR == 1 { print; next } { $5 = sprintf("%.2f", $5 + 3); print }' "$work/data/table.csv" > "$work/data/shifted.csv"
repo="$work/repo"
csv="${csv_mb} MB CSV"

t=$(time_runs "new_repo $repo; cp --reflink=never $work/data/table.csv $repo/table.csv; sync; sleep 2.1" \
    bash -c "'$dvj' -C '$repo' -q add table.csv && '$dvj' -C '$repo' -q commit -m v1")
row "dvj add + dvj commit, a $csv, full profile" "$t" "target 1.5 s"
if command -v git-annex >/dev/null; then
  t=$(time_runs "new_peer_repo $repo; git -C $repo annex init -q bench; cp --reflink=never $work/data/table.csv $repo/table.csv; sync" \
      git -C "$repo" annex add --quiet table.csv)
  row "git annex add, the same CSV (peer, no profile)" "$t" ""
fi

new_repo "$repo"
cp "$work/data/table.csv" "$repo/table.csv"
(cd "$repo" && "$dvj" -q add table.csv && "$dvj" -q commit -m v1 && cp "$work/data/shifted.csv" table.csv \
  && "$dvj" -q add table.csv && "$dvj" -q commit -m v2 && "$dvj" -q schema infer table.csv --rev HEAD~1)
# drift exits 1 when a column drifted, as here: count that run as a success.
t=$(time_runs ":" bash -c "'$dvj' -C '$repo' drift table.csv HEAD~1 HEAD >/dev/null; [ \$? -le 1 ]")
row "dvj drift between two recorded versions of the $csv" "$t" "target 0.5 s: profiles, not data"
t=$(time_runs ":" bash -c "'$dvj' -C '$repo' validate table.csv >/dev/null; [ \$? -le 1 ]")
row "dvj validate, the workspace's $csv" "$t" "target: within the time of its profile"
t=$(time_runs ":" bash -c "'$dvj' -C '$repo' validate table.csv --rev HEAD >/dev/null; [ \$? -le 1 ]")
row "dvj validate --rev HEAD, a recorded version" "$t" "its stored profile"
t=$(time_runs ":" "$dvj" --version); row "dvj --version (JVM start)" "$t" ""

write_table "$here/results/validation.md" "dvj validation benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, median of $runs runs)"
chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"
