#!/usr/bin/env bash
# dvj drift and validation demo: a month of penguins and the schema inferred from it, then a month
# whose body mass was shifted by +450 g, one exported with sex in capitals and duplicated rows, and
# an honest month (the first plus other penguins of the same kind): the statistics each version
# carries, the drift between them, and the anomalies against the schema. Builds dvj first if needed; exits non-zero if a step fails
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
step dvj schema infer penguins.csv
dvj schema infer penguins.csv
# Loosen what may vary from month to month: the measured ranges, a missing measurement now and
# then (at most 2%), and a little missing sex.
sed -i -e '/^    min:/d' -e '/^    max:/d' -e 's/max_missing: 0.0351/max_missing: 0.05/' \
  -e '/_mm:$/,/required/s/required: true/required: false\n    max_missing: 0.02/' \
  -e '/body_mass_g:$/,/required/s/required: true/required: false\n    max_missing: 0.02/' penguins.csv.schema.yaml
git add penguins.csv.schema.yaml && git commit -qm "Expectations of the penguins table"
step "sed -i ... penguins.csv.schema.yaml   # loosened by hand: ranges vary, a measurement may be missing"
sed -n '/body_mass_g/,$p' penguins.csv.schema.yaml

step "awk ... \$6 + 450 ... > penguins.csv   # April: the same penguins, body mass read 450 g heavier"
awk -F, -v OFS=, 'NR == 1 || NR % 3 == 1 { if (NR > 1 && $6 != "NA") $6 += 450; print }' "$data" > penguins.csv
step dvj drift penguins.csv "(exit 1: a column drifted)"
set +e; dvj drift penguins.csv; code=$?; set -e
check "$([ "$code" -eq 1 ] && echo ok)" "the +450 g month must drift (exit 1)"

step "awk ... > penguins.csv   # April, another export: sex in capitals, and 12 rows twice"
awk -F, -v OFS=, 'NR == 1 || NR % 3 == 1 { if (NR > 1 && $6 != "NA") $6 += 450; if (NR > 1 && $7 != "NA") $7 = toupper($7);
  print; if (NR > 1 && NR <= 37) print }' "$data" > penguins.csv
step dvj validate penguins.csv "(exit 1: anomalies)"
set +e; dvj validate penguins.csv; code=$?; set -e
check "$([ "$code" -eq 1 ] && echo ok)" "the capitalised, duplicated month must not validate (exit 1)"

step "awk 'NR == 1 || NR % 3 != 0' penguins.csv > penguins.csv   # April, honestly: March plus more penguins"
awk 'NR == 1 || NR % 3 != 0' "$data" > penguins.csv
step dvj drift penguins.csv
dvj drift penguins.csv
step dvj validate penguins.csv
dvj validate penguins.csv
dvj -q add penguins.csv -m "April"
dvj -q commit -m "April" && git tag april

step dvj drift penguins.csv march april --md --threshold 0.05 -t sex=0.1
set +e; dvj drift penguins.csv march april --md --threshold 0.05 -t sex=0.1; set -e

printf '\nDrift demo finished: the shifted month drifted, the badly exported one did not validate, the honest one passed both.\n'
