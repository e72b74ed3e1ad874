# Shared by the bench scripts: timing rows, the small-file data set, and the results table.
# Expects $runs (timings per row) and $work (scratch folder) to be set by the caller.

# Median of timings read from stdin. A failed run poisons the row: a benchmark must never report
# the time of a command that failed.
median() { sort -n | awk '/FAILED/ {bad=1} {a[NR]=$1} END {if (bad) print "FAILED"; else printf "%.2f\n", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# samples SETUP CMD...: one wall time per line for up to $runs runs of CMD (FAILED and its stderr if
# it fails); SETUP runs untimed before each, then sync, so earlier rows' writeback does not slow
# this one. A run longer than $long_run seconds (when set) is not repeated: one two-minute run of a
# slow peer says what is needed, three would stretch the whole harness past its budget.
samples() {
  local setup=$1; shift
  local t0 t1 t
  for _ in $(seq "$runs"); do
    eval "$setup"
    sync
    t0=$(date +%s.%N)
    if ! "$@" >/dev/null 2>"$work/last.err"; then echo "FAILED"; cat "$work/last.err" >&2; return; fi
    t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc)
    echo "$t"
    if [ -n "${long_run:-}" ] && [ "$(echo "$t > $long_run" | bc)" = 1 ]; then return; fi
  done
}

# time_runs SETUP CMD...: the median wall time of CMD over its samples.
time_runs() { samples "$@" | median; }

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

# new_repo DIR [CACHE_TYPE]: a fresh Git repository with dvj initialised (the old one set aside).
new_repo() {
  new_peer_repo "$1"
  (cd "$1" && "$dvj" -q init)
  if [ -n "${2:-}" ]; then printf 'cache:\n  type: %s\n' "$2" > "$1/.dvj/config.local.yaml"; fi
}

# new_peer_repo DIR: a fresh Git repository on branch main with a committer set.
new_peer_repo() {
  set_aside "$1"; mkdir -p "$1"; git -C "$1" init -q -b main
  git -C "$1" config user.email b@example.com; git -C "$1" config user.name bench
}

# start_s3proxy: starts S3Proxy on a random loopback port (filesystem backend under $work/s3,
# logging at WARN), from the project's own test dependencies; sets $s3_port and $s3proxy_pid,
# and exports the credentials for dvj (remote named s3) and rclone (remote s3p).
start_s3proxy() {
  (cd "$root" && mvn -B -q -DskipTests package dependency:build-classpath -pl remote-storage -am \
     -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt") >&2 || return 1
  s3_port=$((20000 + RANDOM % 20000))
  mkdir -p "$work/s3"
  cat > "$work/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret
jclouds.provider=filesystem
jclouds.identity=bench
jclouds.credential=bench-secret
jclouds.filesystem.basedir=$work/s3
CONF
  # S3Proxy logs through logback, at DEBUG unless told otherwise, which would slow every request.
  echo '<configuration><root level="WARN"/></configuration>' > "$work/logback.xml"
  java -Dlogback.configurationFile="$work/logback.xml" -cp "$(cat "$work/cp.txt")" org.gaul.s3proxy.Main \
    --properties "$work/s3proxy.conf" > "$work/s3proxy.log" 2>&1 &
  s3proxy_pid=$!
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$s3_port/" && break; sleep 0.2; done
  # Plain HTTP on loopback: a CA bundle from the environment only makes rclone refuse to start.
  unset AWS_CA_BUNDLE
  export RCLONE_CONFIG_S3P_TYPE=s3 RCLONE_CONFIG_S3P_PROVIDER=Other RCLONE_CONFIG_S3P_ENDPOINT="http://127.0.0.1:$s3_port" \
    RCLONE_CONFIG_S3P_ACCESS_KEY_ID=bench RCLONE_CONFIG_S3P_SECRET_ACCESS_KEY=bench-secret RCLONE_CONFIG_S3P_REGION=us-east-1 \
    RCLONE_CONFIG_S3P_FORCE_PATH_STYLE=true
  export DVJ_REMOTE_S3_ACCESS_KEY_ID=bench DVJ_REMOTE_S3_SECRET_ACCESS_KEY=bench-secret
}

# s3proxy_version: the S3Proxy release on the classpath start_s3proxy used.
s3proxy_version() { basename "$(tr ':' '\n' < "$work/cp.txt" | grep s3proxy | head -1)" .jar; }

# bucket_reset NAME: an empty bucket. S3Proxy's filesystem backend keeps a bucket as a folder:
# setting it aside empties the bucket without a mass deletion (see set_aside).
bucket_reset() { set_aside "$work/s3/$1"; rclone mkdir "s3p:$1"; }

# warm_bucket NAME: reads every file of S3Proxy's copy of the bucket, so a download row is served
# from the page cache whichever tool pushed its bucket longer ago. The VM reclaims cold page-cache
# pages proactively (DAMON's kdamond), and a profile of S3Proxy caught it reading objects from the
# virtual disk mid-run: a cost the tool being measured does not choose, landing on whichever peer's
# data had been written earlier.
warm_bucket() { find "$work/s3/$1" -type f -print0 | xargs -0 -r cat > /dev/null; }

# ten_stage_pipeline DIR: a dvj.yaml of 10 chained stages, the first reading 1,000 small files.
ten_stage_pipeline() {
  small_files "$1/data" 1000
  printf 'scale: 2\n' > "$1/params.yaml"
  {
    echo "stages:"
    echo "  s1:"
    echo "    cmd: ls -R data | wc -l > out1.txt"
    echo "    deps: [data]"
    echo "    params: [scale]"
    echo "    outs: [out1.txt]"
    for i in $(seq 2 10); do
      echo "  s$i:"
      echo "    cmd: cat out$((i - 1)).txt out$((i - 1)).txt > out$i.txt"
      echo "    deps: [out$((i - 1)).txt]"
      echo "    outs: [out$i.txt]"
    done
  } > "$1/dvj.yaml"
}

# csv_file PATH MB: a CSV table of about MB megabytes (sensor readings: integers, floats,
# timestamps, categories, free text and some missing values), the same on every run.
csv_file() {
  python3 - "$1" "$2" <<'PY'
import random, sys
path, target = sys.argv[1], int(sys.argv[2]) * 1000 * 1000
rnd = random.Random(7)
sites = ["north", "south", "east", "west", "harbour", "airport"]
with open(path, "w") as f:
    f.write("id,time,site,sensor,temperature,humidity,pressure,status,comment\n")
    i = 0
    while f.tell() < target:
        rows = []
        for _ in range(10000):
            i += 1
            hum = "" if rnd.random() < 0.02 else "%.1f" % rnd.uniform(10, 100)
            rows.append("%d,2026-%02d-%02dT%02d:%02d:%02dZ,%s,%d,%.2f,%s,%.1f,%s,%s\n" % (
                i, rnd.randint(1, 12), rnd.randint(1, 28), rnd.randint(0, 23), rnd.randint(0, 59),
                rnd.randint(0, 59), rnd.choice(sites), rnd.randint(1, 500), rnd.gauss(12, 8), hum,
                rnd.gauss(1013, 9), rnd.choice(["ok", "ok", "ok", "drift", "fault"]),
                "" if rnd.random() < 0.7 else "reading %x" % rnd.getrandbits(32)))
        f.write("".join(rows))
PY
}
