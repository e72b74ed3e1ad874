#!/usr/bin/env bash
# Measures issue #24's targets: the library API reading a 1 MiB file at a tag of another
# repository (Dvj.open of a file:// URL of a bare Git repository, read through its history with no
# clone, then data(path, tag) and the read, from its folder remote; timed inside the JVM, so JVM
# start is left out; with and without dvj's class-data archive; target 0.3 s), and 'dvj ls URL' of
# a local repository (the whole command; target 0.5 s). Also 'dvj get' and 'dvj import' of that
# file. Prints a Markdown table and writes results/imports.md.
# Usage: bench/imports.sh [--runs N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
runs=5
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift ;;
    *) echo "usage: $0 [--runs N]" >&2; exit 2 ;;
  esac
  shift
done
dvj="$root/dvj"
work=${BENCH_WORK:-$here/work-imports}
chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; mkdir -p "$work"
export GIT_CONFIG_NOSYSTEM=1
. "$here/lib.sh"
"$dvj" --version > /dev/null # builds the jar when it is missing

src="$work/registry"
new_repo "$src"
# An absolute store URL: a clone of the repository (below, by a file:// URL) finds the same store.
(cd "$src" && "$dvj" -q remote add -d store "$work/store")
mkdir -p "$src/data"
head -c $((1 << 20)) /dev/urandom > "$src/data/big.bin"
(cd "$src" && "$dvj" -q add data/big.bin && "$dvj" -q commit -m v1 && git tag v1 && "$dvj" -q push)
git clone -q --bare "$src" "$work/registry.git"
url="file://$work/registry.git"
classes="$work/classes"
mkdir -p "$classes"
javac -d "$classes" -cp "$root/cli/target/dvj.jar" "$here/ReadOne.java"

inside=()
for _ in $(seq "$runs"); do
  inside+=("$(java -cp "$root/cli/target/dvj.jar:$classes" ReadOne "$url" data/big.bin v1 | cut -d' ' -f1)")
done
t=$(printf '%s\n' "${inside[@]}" | median)
row "library: Dvj.open(file:// URL of a bare repository) + read of a 1 MiB file at a tag, inside the JVM" "$t" "its history read in place (no clone), the object from the folder remote, SHA-256 checked (target 0.3 s)"
# The same with the class-data archive the build makes for the CLI (./dvj uses it): most of the
# time above is loading and initializing classes (a second read in the same JVM takes 0.03 s).
if [ -f "$root/cli/target/dvj.jsa" ]; then
  inside=()
  for _ in $(seq "$runs"); do
    inside+=("$(java -XX:SharedArchiveFile="$root/cli/target/dvj.jsa" -cp "$root/cli/target/dvj.jar:$classes" ReadOne "$url" data/big.bin v1 | cut -d' ' -f1)")
  done
  t=$(printf '%s\n' "${inside[@]}" | median)
  row "the same, with dvj's class-data archive (-XX:SharedArchiveFile=cli/target/dvj.jsa)" "$t" "as ./dvj runs; target 0.3 s"
fi

t=$(time_runs ":" "$dvj" -C "$work" ls registry); row "dvj ls URL of a local repository" "$t" "the whole command, JVM start included (target 0.5 s)"
t=$(time_runs ":" "$dvj" -C "$work" ls "$url"); row "dvj ls URL of a bare repository (file://)" "$t" "the whole command"
t=$(time_runs "rm -f '$work/got.bin'" "$dvj" -C "$work" get registry data/big.bin -o got.bin); row "dvj get of the 1 MiB file, local repository" "$t" "from the source's cache"
consumer="$work/project"
new_repo "$consumer"
t=$(time_runs "rm -f '$consumer/big.bin' '$consumer/big.bin.dvj'" "$dvj" -C "$consumer" import ../registry data/big.bin --rev v1 -f); row "dvj import of the 1 MiB file at a tag" "$t" "pointer with its source, data checked out"

write_table "$here/results/imports.md" "dvj imports benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, median of $runs runs)"
chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"
