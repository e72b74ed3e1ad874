#!/usr/bin/env bash
# Start-up figures of the dvj built in this checkout: the median wall time of `dvj --version` and
# of a no-op `dvj status` over N tracked files. Printed for the record (CI prints them after the
# tests, so a regression shows in the log of the commit that caused it); nothing is asserted.
# Usage: bench/startup.sh [--runs N] [--files N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
runs=10
nfiles=20000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift ;;
    --files) nfiles=$2; shift ;;
    *) echo "usage: $0 [--runs N] [--files N]" >&2; exit 2 ;;
  esac
  shift
done
dvj="$root/dvj"
work=$(mktemp -d "${TMPDIR:-/tmp}/dvj-startup.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1
. "$here/lib.sh"

version=$(time_runs ":" "$dvj" --version)
if command -v python3 >/dev/null; then
  repo="$work/repo"
  new_repo "$repo"
  small_files "$repo/data" "$nfiles"
  (cd "$repo" && "$dvj" -q add data && "$dvj" -q commit -m data)
  sleep 2  # past the state cache's racy window, as real data's mtimes are
  "$dvj" -C "$repo" -q status  # the first status records what it found: the timed ones are no-ops
  status=$(time_runs ":" "$dvj" -C "$repo" status)
  status_row="no-op 'dvj status' of $nfiles files ${status} s"
else
  status_row="no-op 'dvj status' not measured (python3, which makes the files, is missing)"
fi
echo "start-up ($(nproc) cores, median of $runs): 'dvj --version' ${version} s; $status_row"
