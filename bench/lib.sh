# Shared by the bench scripts: timing rows, the small-file data set, and the results table.
# Expects $runs (timings per row) and $work (scratch folder) to be set by the caller.

# Median of timings read from stdin. A failed run poisons the row: a benchmark must never report
# the time of a command that failed.
median() { sort -n | awk '/FAILED/ {bad=1} {a[NR]=$1} END {if (bad) print "FAILED"; else printf "%.2f\n", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# time_runs SETUP CMD...: the median wall time of CMD over $runs runs; SETUP runs untimed before
# each, then sync, so earlier rows' writeback does not slow this one. A failure prints its stderr.
time_runs() {
  local setup=$1; shift
  for _ in $(seq "$runs"); do
    eval "$setup"
    sync
    local t0 t1
    t0=$(date +%s.%N)
    if ! "$@" >/dev/null 2>"$work/last.err"; then echo "FAILED"; cat "$work/last.err" >&2; return; fi
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc
  done | median
}

# set_aside DIR: moves DIR out of the way (under $work/trash, deleted at the end) instead of
# deleting it. On this VM's ext4, creating files within about 30 s of deleting thousands is up to
# twice as slow (the inode allocator skips recently freed inodes: ext4's recently_deleted), so an
# 'rm -rf' in a run's setup would slow whichever tool runs next, by how much it had just deleted.
set_aside() {
  [ -e "$1" ] || return 0
  mkdir -p "$work/trash"
  mv "$1" "$(mktemp -d "$work/trash/XXXXXX")/"
}

rows=()
# row NAME SECONDS NOTE: one line of the results table, echoed to stderr as it is measured.
row() { rows+=("| $1 | $2 | $3 |"); echo "$1: $2 s" >&2; }

# write_table FILE TITLE: prints the table and saves it.
write_table() {
  mkdir -p "$(dirname "$1")"
  {
    echo "# $2"
    echo
    echo "| operation | seconds | note |"
    echo "|---|---|---|"
    printf '%s\n' "${rows[@]}"
  } | tee "$1"
}

# small_files DIR N: N files of 1-8 KiB of random bytes in 100 folders, the same on every run.
small_files() {
  python3 - "$1" "$2" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
for i in range(n):
    d = os.path.join(root, "d%03d" % (i % 100))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%05d.bin" % i), "wb") as f:
        f.write(rnd.randbytes(rnd.randint(1024, 8192)))
PY
}
