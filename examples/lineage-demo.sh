#!/usr/bin/env bash
# dvj lineage demo: three monthly versions of the penguins table, a two-stage pipeline, and the
# commands that answer "which data produced this?" (show, log, diff --schema, lineage,
# metrics show --sort-by). Builds dvj first if needed; exits non-zero if any step fails.
# docs/lineage.md shows its output. KEEP=1 keeps the repository and prints where it is.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dvj() { "$root/dvj" "$@"; }
step() { printf '\n$ %s\n' "$*"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/dvj-lineage.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then echo "working in $work"; else trap 'rm -rf "$work"' EXIT; fi
cd "$work"
git init -q -b main
git config user.email "sarah@example.com"
git config user.name "Sarah"
dvj -q init

# prepare keeps the penguins with both bill measurements; train writes simple figures of them.
cat > prepare.sh <<'SH'
awk -F, 'NR == 1 || ($3 != "NA" && $4 != "NA")' penguins.csv > clean.csv
SH
cat > train.sh <<'SH'
awk -F, -v min="$1" 'NR > 1 { n++; if ($6 != "NA" && $6 + 0 >= min) heavy++ }
  END { printf "{\"rows\": %d, \"heavy_share\": %.4f}\n", n, heavy / n }' clean.csv > metrics.json
SH
printf 'train:\n  min_mass: 4000\n' > params.yaml
dvj -q stage add -n prepare -d penguins.csv -d prepare.sh -o clean.csv sh prepare.sh
dvj -q stage add -n train -d clean.csv -d train.sh -p train.min_mass -m metrics.json 'sh train.sh ${train.min_mass}'

month() { # N MESSAGE: record penguins.csv, rerun the pipeline, commit and tag
  dvj -q add penguins.csv -m "$2"
  dvj -q repro
  git add -A && git commit -qm "$2" && git tag "month-$1"
}
head -n 151 "$root/examples/data/penguins.csv" > penguins.csv
month 1 "First 150 penguins"
head -n 301 "$root/examples/data/penguins.csv" > penguins.csv
month 2 "150 more penguins"
# Month 3: every penguin, and a new column saying who measured each one (unknown for some).
awk -F, 'NR == 1 { print $0 ",observer"; next } { print $0 "," (NR % 5 ? "team-" NR % 3 : "") }' \
  "$root/examples/data/penguins.csv" > penguins.csv
month 3 "All 344 penguins, with observers"

step dvj show penguins.csv
dvj show penguins.csv
step dvj log penguins.csv
dvj log penguins.csv
step dvj diff month-2 month-3 --schema
dvj diff month-2 month-3 --schema
step dvj lineage metrics.json --rev month-2
dvj lineage metrics.json --rev month-2
step dvj lineage penguins.csv --downstream
dvj lineage penguins.csv --downstream
step dvj lineage metrics.json --format mermaid
dvj lineage metrics.json --format mermaid
step dvj metrics show --all-commits --sort-by heavy_share
dvj metrics show --all-commits --sort-by heavy_share
step dvj params diff month-1 --all
dvj params diff month-1 --all
