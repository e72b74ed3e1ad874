#!/usr/bin/env bash
# Checks the data versions of the dvj project in the current folder: for a CI job, or as a Git
# pre-push hook. Fails, with one line saying what to do, when
#   - a data version the commit names is not on the remote  (someone forgot 'dvj push'),
#   - tracked data differs from its pointer                  (modified but not recorded),
#   - the pipeline is stale: dvj.lock does not match dvj.yaml, the deps or the params
#                                                            (someone forgot 'dvj repro'),
#   - a table with a schema committed beside it (PATH.schema.yaml, from 'dvj schema infer')
#     does not fit it                                        (dvj validate),
#   - with --drift REV: a table with a schema drifted from its version at REV (dvj drift).
# Usage: check-data.sh [--pull] [-r REMOTE] [--drift REV [--threshold D]]
#   --pull   first fetch the data and check it out (CI, on a fresh clone); without it, the
#            workspace is checked as it is (a developer's machine, a pre-push hook).
# Exit codes: 0 all good; 10 not pushed; 11 data modified; 12 pipeline stale; 13 a table does
# not fit its schema; 14 a table drifted; others: dvj's own
# (docs/cli.md#exit-codes: 2 invalid input, 4 data missing or corrupt, 5 remote unreachable or
# credentials refused). Set DVJ to the dvj command if it is not on the PATH.
set -uo pipefail
dvj=${DVJ:-dvj}
pull=0
remote=()
drift_rev=""
threshold=0.1
while [ $# -gt 0 ]; do
  case "$1" in
    --pull) pull=1 ;;
    -r) remote=(-r "$2"); shift ;;
    --drift) drift_rev=$2; shift ;;
    --threshold) threshold=$2; shift ;;
    *) echo "usage: $0 [--pull] [-r REMOTE] [--drift REV [--threshold D]]" >&2; exit 2 ;;
  esac
  shift
done

# Pretty JSON from dvj has one '"key" : value' per line: enough for grep, no jq needed.
states() { grep -o '"state" : "[a-z-]*"' | cut -d'"' -f4 | sort | uniq -c | tr -s ' ' | paste -sd, -; }

# 1. Everything the commit names is on the remote. A fresh clone has nothing local, so only
#    objects on neither side count; locally, objects that only the cache holds count too.
cloud=$("$dvj" status -c "${remote[@]}" --json); code=$?
if [ "$code" -gt 1 ]; then echo "check-data: dvj status -c failed (exit $code)" >&2; exit "$code"; fi
if [ "$code" -eq 1 ]; then
  echo "check-data: data is not on the remote ($(echo "$cloud" | states)): run 'dvj push'" >&2
  exit 10
fi

if [ "$pull" -eq 1 ]; then
  "$dvj" pull -q "${remote[@]}" || { code=$?; echo "check-data: dvj pull failed (exit $code)" >&2; exit "$code"; }
fi

# 2 and 3. Data matches its pointers, and no pipeline stage would run.
local_status=$("$dvj" status --json); code=$?
if [ "$code" -gt 1 ]; then echo "check-data: dvj status failed (exit $code)" >&2; exit "$code"; fi
changed=$(echo "$local_status" | grep -o '"state" : "[a-z-]*"' | grep -v '"unchanged"' | cut -d'"' -f4 | sort -u | paste -sd, -)
if [ -n "$changed" ]; then
  echo "check-data: tracked data differs from its pointers ($changed): record it with 'dvj commit' or restore it with 'dvj checkout'" >&2
  exit 11
fi
if [ "$code" -eq 1 ]; then
  stages=$(echo "$local_status" | grep -o '"stage" : "[^"]*"' | cut -d'"' -f4 | paste -sd, -)
  echo "check-data: the pipeline is stale (stages that would run: $stages): run 'dvj repro' and commit dvj.lock" >&2
  exit 12
fi
# 4 and 5. Each table with a schema beside it fits it, and (with --drift) has not drifted.
for schema in $(git ls-files '*.schema.yaml'); do
  table=${schema%.schema.yaml}
  report=$("$dvj" validate "$table" --json); code=$?
  if [ "$code" -gt 1 ]; then echo "check-data: dvj validate $table failed (exit $code)" >&2; exit "$code"; fi
  if [ "$code" -eq 1 ]; then
    kinds=$(echo "$report" | grep -o '"kind" : "[a-z-]*"' | cut -d'"' -f4 | sort | uniq -c | awk '{print $1 " " $2}' | paste -sd, -)
    echo "check-data: $table does not fit $schema ($kinds): see 'dvj validate $table'; fix the data, or the schema if it is too strict" >&2
    exit 13
  fi
  if [ -n "$drift_rev" ]; then
    report=$("$dvj" drift "$table" "$drift_rev" --threshold "$threshold" --json); code=$?
    if [ "$code" -gt 1 ]; then echo "check-data: dvj drift $table failed (exit $code)" >&2; exit "$code"; fi
    if [ "$code" -eq 1 ]; then
      columns=$(echo "$report" | grep -B6 '"drifted" : true' | grep -o '"column" : "[^"]*"' | cut -d'"' -f4 | paste -sd, -)
      echo "check-data: $table drifted from $drift_rev (columns: $columns): see 'dvj drift $table $drift_rev'" >&2
      exit 14
    fi
  fi
done
echo "check-data: data versions are pushed, match their pointers, fit their schemas, and the pipeline is up to date"
