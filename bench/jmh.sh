#!/usr/bin/env bash
# JMH micro-benchmarks of dvj's core (bench/jmh): SHA-256 throughput, manifest building and
# parsing, and the state cache behind a no-op status. Builds dvj-core and the benchmark jar, runs
# them (about 4 minutes; --quick: about 1), and writes results/jmh.md and results/jmh.json.
# Extra arguments go to JMH, e.g. bench/jmh.sh Hashing  (only the hashing benchmarks).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
args=()
if [ "${1:-}" = "--quick" ]; then args=(-wi 1 -i 2 -r 500ms -w 500ms); shift; fi
(cd "$root" && mvn -B -q -DskipTests install -pl core -am) >&2
(cd "$here/jmh" && mvn -B -q -DskipTests package) >&2
mkdir -p "$here/results"
java -jar "$here/jmh/target/benchmarks.jar" "${args[@]}" -rf json -rff "$here/results/jmh.json" "$@" | tee "$here/results/jmh.txt"
{
  echo "# dvj JMH micro-benchmarks ($(date -u +%Y-%m-%d), $(nproc) cores, JDK $(java -version 2>&1 | head -1 | cut -d'"' -f2))"
  echo
  echo '```'
  sed -n '/^Benchmark/,$p' "$here/results/jmh.txt"
  echo '```'
} > "$here/results/jmh.md"
rm -f "$here/results/jmh.txt"
cat "$here/results/jmh.md"
