#!/usr/bin/env bash
# Benchmark: time from exec to the first rendered frame of the release binary under Xvfb, and
# its resident memory at that moment. Each run starts as a first run (new home folder, new
# database), the slowest case a user meets.
#
#   scripts/bench-startup.sh [RUNS]      (default 7; prints each run, then the median)
#
# Needs (Debian/Ubuntu): xvfb xauth, and a Vulkan or OpenGL driver (mesa-vulkan-drivers).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}

if [ "${1:-}" = "--inside-display" ]; then
    runs=$2
    results=()
    for i in $(seq 1 "$runs"); do
        home=$(mktemp -d)
        start=$(date +%s%N)
        line=$(HOME="$home" XDG_DATA_HOME="$home/data" "${CARGO_TARGET_DIR:-target}/release/patchdesk" \
            --db "$home/patchdesk.db" --bench first-frame 2>/dev/null | grep first_frame_unix_ns)
        rm -rf "$home"
        frame=$(sed -E 's/.*first_frame_unix_ns=([0-9]+).*/\1/' <<<"$line")
        rss=$(sed -E 's/.*rss_kib=([0-9]+).*/\1/' <<<"$line")
        peak=$(sed -E 's/.*peak_rss_kib=([0-9]+).*/\1/' <<<"$line")
        ms=$(( (frame - start) / 1000000 ))
        printf 'run %d: first frame after %d ms, resident %d MiB (peak %d MiB)\n' \
            "$i" "$ms" $((rss / 1024)) $((peak / 1024))
        results+=("$ms $rss $peak")
    done
    printf '%s\n' "${results[@]}" | sort -n | awk -v n="$runs" '
        NR == int((n + 1) / 2) { printf "median of %d runs: first frame after %d ms, resident %d MiB (peak %d MiB)\n", n, $1, $2 / 1024, $3 / 1024 }'
    exit 0
fi

command -v xvfb-run >/dev/null || { echo "missing xvfb-run: apt-get install xvfb xauth" >&2; exit 1; }
cargo build --release --quiet
runtime=$(mktemp -d)
chmod 700 "$runtime"
trap 'rm -rf "$runtime"' EXIT
XDG_RUNTIME_DIR="$runtime" xvfb-run -a -s "-screen 0 1280x860x24" "$0" --inside-display "$runs"
