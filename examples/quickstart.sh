#!/usr/bin/env bash
# dvj quickstart: version a data set with dvj in a throwaway Git repository, end to end: add,
# commit, modify, status, diff, checkout, push to a folder remote, clone and pull, log, a
# pipeline with repro, and lineage.
# Builds dvj first if needed. Exits non-zero if any step fails. Run it from anywhere:
#   examples/quickstart.sh            (KEEP=1 keeps the repository and prints where it is)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dvj() { "$root/dvj" "$@"; }
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/dvj-quickstart.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then echo "working in $work"; else trap 'rm -rf "$work"' EXIT; fi
mkdir "$work/repo"
cd "$work/repo"

step git init
git init -q -b main
git config user.email "quickstart@example.com"
git config user.name "dvj quickstart"

step dvj init
dvj init
git commit -qm "Initialize dvj"

# Month 1: the first 200 penguins, plus a folder of raw survey files, one per island.
mkdir -p data/raw
head -n 201 "$root/examples/data/penguins.csv" > data/penguins.csv
for island in Biscoe Dream Torgersen; do
  { head -n 1 "$root/examples/data/penguins_raw.csv"; grep ",$island," "$root/examples/data/penguins_raw.csv" || true; } \
    > "data/raw/$island.csv"
done

step dvj add data/penguins.csv data/raw -m "Penguins, month 1"
dvj add data/penguins.csv data/raw -m "Penguins, month 1"
step cat data/penguins.csv.dvj
cat data/penguins.csv.dvj
step dvj commit -m "Add penguin data, month 1"
dvj commit -m "Add penguin data, month 1"

# Month 2: every penguin, and a cleaned raw file.
cp "$root/examples/data/penguins.csv" data/penguins.csv
sed -i 's/,NA,/,,/g' data/raw/Dream.csv

step dvj status "(exit 1: data differs from its pointers)"
set +e
dvj status
code=$?
set -e
[ "$code" -eq 1 ] || { echo "expected dvj status to exit 1, got $code" >&2; exit 1; }

step dvj diff
dvj diff
step dvj commit -m "Penguins, month 2"
dvj commit -m "Penguins, month 2"
step dvj status
dvj status
step dvj ls
dvj ls

step dvj checkout --rev HEAD~1 data/penguins.csv "(back to month 1)"
dvj checkout --rev HEAD~1 data/penguins.csv
rows=$(($(wc -l < data/penguins.csv) - 1))
echo "data/penguins.csv has $rows rows"
[ "$rows" -eq 200 ] || { echo "expected 200 rows after checking out month 1" >&2; exit 1; }

step dvj checkout --rev HEAD data/penguins.csv "(and forward again)"
dvj checkout --rev HEAD data/penguins.csv
rows=$(($(wc -l < data/penguins.csv) - 1))
[ "$rows" -eq 344 ] || { echo "expected 344 rows after checking out month 2" >&2; exit 1; }

# Share the data through a remote: here a local folder, as a team would use S3 or a NAS.
step dvj remote add -d shared "$work/shared-store"
dvj remote add -d shared "$work/shared-store"
git commit -qm "Use the shared data store"
step dvj push
dvj push
step dvj status -c "(exit 0: everything is pushed)"
dvj status -c

step git clone "(a teammate's machine)" "&&" dvj pull
git clone -q "$work/repo" "$work/teammate"
(cd "$work/teammate" && "$root/dvj" pull && "$root/dvj" status)
cmp "$work/teammate/data/penguins.csv" data/penguins.csv
echo "the teammate's data/penguins.csv is byte-identical"

step dvj diff HEAD~2 HEAD --json "(month 1 against now)"
dvj diff HEAD~2 HEAD --json
step git log --oneline
git log --oneline

step dvj log data/penguins.csv "(each version: who, when, why, rows, schema and quality changes)"
dvj log data/penguins.csv

# A pipeline: a stage declared in dvj.yaml, its result recorded in dvj.lock.
step dvj stage add -n species -d data/penguins.csv -o species.txt "'cut -d, -f1 data/penguins.csv | sort | uniq -c > species.txt'"
dvj stage add -n species -d data/penguins.csv -o species.txt 'cut -d, -f1 data/penguins.csv | sort | uniq -c > species.txt'
step dvj repro
dvj repro
cat species.txt
grep -q "152 Adelie" species.txt || { echo "expected 152 Adelie penguins in species.txt" >&2; exit 1; }
step dvj repro "(nothing changed: nothing runs)"
dvj repro
git add -A && git commit -qm "Count penguins per species"
step dvj lineage species.txt "(the stage, its run, and the data version it read)"
dvj lineage species.txt

printf '\nQuickstart finished: every step succeeded.\n'
