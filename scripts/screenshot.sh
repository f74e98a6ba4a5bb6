#!/usr/bin/env bash
# Starts the real release binary in a virtual X display and saves a screenshot of its window.
#
#   scripts/screenshot.sh OUT.png [--lang ja|en] [--db PATH] [--keys "ctrl+1 F1 ..."] [--click X,Y ...]
#
# --keys are sent with xdotool after the window appears (e.g. "ctrl+1" opens 1 Assess), --click
# clicks at window coordinates; both may be repeated and run in the order given.
# Needs (Debian/Ubuntu): xvfb xauth imagemagick xdotool, and a Vulkan or OpenGL driver
# (mesa-vulkan-drivers works headless). The app's remembered settings go to a temporary
# home folder, so screenshots never depend on, or change, your own.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--inside-display" ]; then
    shift
    out=$1; shift
    bin="${CARGO_TARGET_DIR:-target}/release/patchdesk"
    args=()
    actions=()
    while [ $# -gt 0 ]; do
        case $1 in
            --lang) args+=(--lang "$2"); shift 2 ;;
            --db) args+=(--db "$2"); shift 2 ;;
            --keys) actions+=("keys:$2"); shift 2 ;;
            --click) actions+=("click:$2"); shift 2 ;;
            *) echo "unknown option $1" >&2; exit 2 ;;
        esac
    done
    "$bin" "${args[@]}" &
    app=$!
    trap 'kill $app 2>/dev/null || true' EXIT
    wid=$(xdotool search --sync --onlyvisible --name '^PatchDesk$' | head -n 1)
    xdotool windowfocus --sync "$wid" || true
    sleep 2 # first frames, the database job and font atlas
    for action in "${actions[@]+"${actions[@]}"}"; do
        case $action in
            keys:*) for key in ${action#keys:}; do xdotool key --clearmodifiers "$key"; sleep 0.4; done ;;
            click:*) xy=${action#click:}; xdotool mousemove --window "$wid" "${xy%,*}" "${xy#*,}" click 1; sleep 0.6 ;;
        esac
    done
    sleep 1
    import -window "$wid" "$out"
    echo "wrote $out"
    exit 0
fi

[ $# -ge 1 ] || { sed -n '2,11p' "$0"; exit 2; }
out=$(realpath -m "$1"); shift
for tool in xvfb-run import xdotool; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install xvfb xauth imagemagick xdotool" >&2; exit 1; }
done
[ -x "${CARGO_TARGET_DIR:-target}/release/patchdesk" ] || cargo build --release

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/runtime"
HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
XDG_RUNTIME_DIR="$scratch/runtime" \
    xvfb-run -a -s "-screen 0 1280x860x24" "$0" --inside-display "$out" "$@"
