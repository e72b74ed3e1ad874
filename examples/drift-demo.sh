#!/usr/bin/env bash
# dvj drift demo: a month of penguins, then a month whose body mass was shifted by +450 g, then an
# honest month (the first plus other penguins of the same kind): the statistics each version
# carries, and the drift between them. Builds dvj first if needed; exits non-zero if a step fails
# or a drift verdict is not the expected one. docs/validation.md shows its output. KEEP=1 keeps the
# repository and prints where it is.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
data="$here/data/penguins.csv"
dvj() { "$root/dvj" "$@"; }
step() { printf '\n$ %s\n' "$*"; }
check() { [ "$1" ] || { echo "drift demo check failed: $2" >&2; exit 1; }; }

work=$(mktemp -d "${TMPDIR:-/tmp}/dvj-drift.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then echo "working in $work"; else trap 'rm -rf "$work"' EXIT; fi
cd "$work"
git init -q -b main
git config user.email "sarah@example.com"
git config user.name "Sarah"
dvj -q init

step "awk 'NR == 1 || NR % 3 == 1' penguins.csv > penguins.csv   # March: every third penguin"
awk 'NR == 1 || NR % 3 == 1' "$data" > penguins.csv
dvj -q add penguins.csv -m "March"
dvj -q commit -m "March" && git tag march
step dvj show penguins.csv
dvj show penguins.csv

step "awk ... \$6 + 450 ... > penguins.csv   # April: the same penguins, body mass read 450 g heavier"
awk -F, -v OFS=, 'NR == 1 || NR % 3 == 1 { if (NR > 1 && $6 != "NA") $6 += 450; print }' "$data" > penguins.csv
step dvj drift penguins.csv "(exit 1: a column drifted)"
set +e; dvj drift penguins.csv; code=$?; set -e
check "$([ "$code" -eq 1 ] && echo ok)" "the +450 g month must drift (exit 1)"

step "awk 'NR == 1 || NR % 3 != 0' penguins.csv > penguins.csv   # April, honestly: March plus more penguins"
awk 'NR == 1 || NR % 3 != 0' "$data" > penguins.csv
step dvj drift penguins.csv
dvj drift penguins.csv
dvj -q add penguins.csv -m "April"
dvj -q commit -m "April" && git tag april

step dvj drift penguins.csv march april --md --threshold 0.05 -t sex=0.1
set +e; dvj drift penguins.csv march april --md --threshold 0.05 -t sex=0.1; set -e

printf '\nDrift demo finished: the shifted month drifted, the honest one did not.\n'
