#!/usr/bin/env bash
# Benchmark: import N generated inventory files (mixed formats and encodings, one machine
# each) into a new database in ONE `patchdesk import inventory` call, with the release binary.
#
#   scripts/bench-import.sh [N]          (default 5000)
#
# Prints machines, elapsed seconds, machines per second, peak resident memory and the size of
# the database. Goal: at least 2,000 machines/s on 2 cores.
# Needs GNU time (Debian/Ubuntu package `time`: /usr/bin/time -v).
set -euo pipefail
cd "$(dirname "$0")/.."
machines=${1:-5000}
goal=2000

if ! [ -x /usr/bin/time ] || ! /usr/bin/time -v true >/dev/null 2>&1; then
    echo "missing GNU time (/usr/bin/time -v): apt-get install time" >&2
    exit 1
fi

cargo build --release --quiet
patchdesk="${CARGO_TARGET_DIR:-target}/release/patchdesk"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$patchdesk" demo generate --machines "$machines" --out "$work/inventory"

# One argument list for all files: N file names fit (5000 × ~40 bytes is far below ARG_MAX).
files=("$work"/inventory/*)
/usr/bin/time -v -o "$work/time.txt" \
    "$patchdesk" --db "$work/bench.db" import inventory "${files[@]}" >/dev/null

elapsed=$(sed -nE 's/.*Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (.*)/\1/p' "$work/time.txt")
seconds=$(awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.3f", s }' <<<"$elapsed")
peak_kib=$(sed -nE 's/.*Maximum resident set size \(kbytes\): ([0-9]+).*/\1/p' "$work/time.txt")
user=$(sed -nE 's/.*User time \(seconds\): (.*)/\1/p' "$work/time.txt")
system=$(sed -nE 's/.*System time \(seconds\): (.*)/\1/p' "$work/time.txt")
db_bytes=$(stat -c %s "$work/bench.db")
wal_bytes=$(stat -c %s "$work/bench.db-wal" 2>/dev/null || echo 0)
rate=$(awk -v n="$machines" -v s="$seconds" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')

printf 'machines:          %d (%d files)\n' "$machines" "${#files[@]}"
printf 'elapsed:           %s s (user %s s, system %s s)\n' "$seconds" "$user" "$system"
printf 'machines/s:        %s (goal %d on 2 cores)\n' "$rate" "$goal"
printf 'peak RSS:          %d MiB\n' $((peak_kib / 1024))
printf 'database:          %.1f MiB (+ %.1f MiB WAL)\n' \
    "$(awk -v b="$db_bytes" 'BEGIN { print b / 1048576 }')" \
    "$(awk -v b="$wal_bytes" 'BEGIN { print b / 1048576 }')"
if [ "$rate" -lt "$goal" ]; then
    echo "below the goal of $goal machines/s"
fi
