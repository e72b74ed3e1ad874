#!/usr/bin/env bash
# The penguins walkthrough (README.md in this folder), as a script: copies the project into a
# throwaway Git repository and records three data versions (raw, cleaned, a later month with more
# rows), reproduces the pipeline after each, tries a param, and asks which data gave the best
# model; then runs a grid of experiments and applies the best. Builds dvj first if needed; exits non-zero if any step fails. KEEP=1 keeps the repository.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data="$root/examples/data/penguins.csv"
dvj() { "$root/dvj" "$@"; }
step() { printf '\n$ %s\n' "$*"; }
check() { [ "$1" ] || { echo "walkthrough check failed: $2" >&2; exit 1; }; }

work=$(mktemp -d "${TMPDIR:-/tmp}/dvj-penguins.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then echo "working in $work"; else trap 'rm -rf "$work"' EXIT; fi
cp -r "$here/src" "$here/dvj.yaml" "$here/params.yaml" "$work/"
cd "$work"
git init -q -b main
git config user.email "sarah@example.com"
git config user.name "Sarah"
dvj -q init
git add -A && git commit -qm "Penguins project: pipeline and params"
mkdir data

step "awk 'NR % 3' penguins.csv > data/penguins.csv   # version 1: the raw export, two penguins in three"
awk 'NR % 3' "$data" > data/penguins.csv
step "dvj add data/penguins.csv -m \"Raw export: two penguins in three\""
dvj add data/penguins.csv -m "Raw export: two penguins in three"
step dvj repro
dvj repro
git add -A && git commit -qm "Raw data, first model" && git tag data-v1

step "awk '!/NA/' ... > data/penguins.csv   # version 2: the same penguins, cleaned"
awk 'NR % 3 && !/NA/' "$data" > data/penguins.csv
dvj add data/penguins.csv -m "Cleaned: penguins with unknown measurements or sex removed"
step dvj status "(exit 1: the pipeline is stale)"
set +e; dvj status; code=$?; set -e
check "$([ "$code" -eq 1 ] && echo ok)" "dvj status should exit 1 when a stage would run"
step dvj repro
dvj repro
git add -A && git commit -qm "Cleaned data" && git tag data-v2

step "awk '!/NA/' penguins.csv > data/penguins.csv   # version 3: a later month, every penguin, cleaned"
awk '!/NA/' "$data" > data/penguins.csv
dvj add data/penguins.csv -m "Month 2: every penguin, cleaned"
dvj repro
git add -A && git commit -qm "Month 2 data" && git tag data-v3

step "sed -i 's/lr: 0.05/lr: 0.5/' params.yaml   # an experiment: a larger learning rate"
sed -i 's/lr: 0.05/lr: 0.5/' params.yaml
step dvj repro
dvj repro
step dvj params diff
dvj params diff
step dvj metrics diff
dvj metrics diff
git add -A && git commit -qm "Learning rate 0.5"

step dvj log data/penguins.csv
dvj log data/penguins.csv
step dvj metrics show --all-commits --sort-by accuracy
dvj metrics show --all-commits --sort-by accuracy
step dvj lineage metrics.json
dvj lineage metrics.json
step dvj dag
dvj dag

step "sed -i 's/lr: 0.5/lr: 0.05/' params.yaml && dvj repro   # back to the old rate: the run-cache answers"
sed -i 's/lr: 0.5/lr: 0.05/' params.yaml
out=$(dvj repro)
echo "$out"
case "$out" in *"restored its outputs from the run-cache"*) ;; *) check "" "train was not restored from the run-cache" ;; esac
step "git checkout params.yaml && dvj repro   # and forward again"
git checkout -q params.yaml
dvj repro

git commit -qm "Learning rate 0.5 again: outputs restored from the run-cache"
before=$(git status --porcelain; git rev-parse HEAD; cat params.yaml)
step "dvj exp run -n grid -S train.lr=0.05,0.5 -S train.epochs=50,200 -S features.seed=7,11 -j 2   # 8 experiments, 2 at a time"
dvj -q exp run -n grid -S train.lr=0.05,0.5 -S train.epochs=50,200 -S features.seed=7,11 -j 2
step dvj exp show --sort-by accuracy --only-changed
dvj exp show --sort-by accuracy --only-changed
check "$([ "$before" = "$(git status --porcelain; git rev-parse HEAD; cat params.yaml)" ] && echo ok)" "exp run must leave the branch and its files as they were"
best=$(dvj exp show --csv --sort-by accuracy | sed -n 3p | cut -d, -f1)
step "dvj exp apply $best && dvj commit -m \"Best of the grid\"   # the best experiment, onto the branch"
dvj exp apply "$best"
dvj commit -m "Best of the grid"
step dvj metrics show
dvj metrics show

accuracy=$(sed 's/.*"accuracy": \([0-9.]*\).*/\1/' metrics.json)
check "$(awk -v a="$accuracy" 'BEGIN { print (a >= 0.9) ? "ok" : "" }')" "accuracy $accuracy is below 0.9"
printf '\nWalkthrough finished: every step succeeded (accuracy %s).\n' "$accuracy"
