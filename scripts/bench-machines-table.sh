#!/usr/bin/env bash
# Benchmark: the machines table of the real window with N machines (default 5000), scrolled
# through about forty rows a frame for 240 frames under Xvfb. Prints the time spent building
# each frame's UI (median, 95th percentile, worst), the interval between frames, and memory.
#
#   scripts/bench-machines-table.sh [N]
#
# Needs (Debian/Ubuntu): xvfb xauth, and a Vulkan or OpenGL driver (mesa-vulkan-drivers).
set -euo pipefail
cd "$(dirname "$0")/.."
machines=${1:-5000}
command -v xvfb-run >/dev/null || { echo "missing xvfb-run: apt-get install xvfb xauth" >&2; exit 1; }
cargo build --release --quiet
patchdesk="${CARGO_TARGET_DIR:-target}/release/patchdesk"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -m 700 "$work/runtime"
"$patchdesk" demo generate --machines "$machines" --out "$work/inventory" >/dev/null
files=("$work"/inventory/*)
"$patchdesk" --db "$work/bench.db" import inventory "${files[@]}" >/dev/null
HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_RUNTIME_DIR="$work/runtime" \
    xvfb-run -a -s "-screen 0 1280x860x24" \
    "$patchdesk" --db "$work/bench.db" --bench machines-table 2>/dev/null | grep '^machines='
