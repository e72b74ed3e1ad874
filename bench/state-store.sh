#!/usr/bin/env bash
# Which store should hold the state cache? Times today's whole-file store against H2's MVStore and
# SQLite (one query per lookup, and read whole on open) on the state of 20,000, 100,000 and
# 1,000,000 files: fill, look up every file, change one after looking up all, touch one.
# Every round of each candidate and size runs in a fresh JVM, as each dvj command does; the
# median of --rounds (default 3) is reported.
# Writes results/state-store.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rounds=3
sizes="20000 100000 1000000"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    *) echo "usage: $0 [--rounds N] [--sizes 'N ...']" >&2; exit 2 ;;
  esac
done
(cd "$root" && mvn -B -q -DskipTests install -pl core -am) >&2
(cd "$here/jmh" && mvn -B -q -DskipTests package) >&2
jar="$here/jmh/target/benchmarks.jar"
out="$here/results/state-store.md"
{
  echo "# State cache stores compared ($(date -u +%Y-%m-%d), $(nproc) cores, median of $rounds rounds, seconds)"
  echo
  echo "bench/state-store.sh; the candidates are in bench/jmh/src/main/java/dev/dvj/bench/statestore."
  echo
  echo "| store | files | fill | lookup-all | change-one | touch-one | disk MB |"
  echo "|---|---|---|---|---|---|---|"
  for n in $sizes; do
    for c in whole-file snapshot+journal mvstore sqlite sqlite-load-all; do
      for r in $(seq "$rounds"); do
        java -Xmx2g -cp "$jar" dev.dvj.bench.statestore.StateStoreComparison "$c" "$n" 1 2>/dev/null
      done | python3 -c '
import sys, statistics
rows = [l.strip().strip("|").split("|") for l in sys.stdin if l.startswith("|")]
cols = list(zip(*rows))
med = [cols[0][0].strip(), cols[1][0].strip()] + ["%.3f" % statistics.median(float(v) for v in c) for c in cols[2:-1]] + [cols[-1][0].strip()]
print("| " + " | ".join(med) + " |")'
    done
  done
} | tee "$out"
