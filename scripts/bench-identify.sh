#!/usr/bin/env bash
# Benchmark of phase 2 (Identify) with the release binary, on a fresh temporary database:
#   - catalog import speed in MB/s of MSRC CVRF XML (the bundled real documents; goal ≥ 20)
#   - full matching of N generated machines against those catalogs (goal < 2 s for 5,000)
#   - one machine's incremental rematch (goal < 20 ms)
#
#   scripts/bench-identify.sh [N]          (default 5000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
"${CARGO_TARGET_DIR:-target}/release/patchdesk" bench identify --machines "${1:-5000}"
