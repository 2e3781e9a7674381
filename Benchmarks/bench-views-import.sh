#!/usr/bin/env bash
# Page-view import: a generated combined-format access log (default 2,000,000 lines over 14 days: ~60 % assets,
# ~15 % robots, ~25 % views of 300 articles) into an empty store, beside an awk pass that counts GET 200 per path
# over the same file, in the same run. The same traffic over half the time (half the lines, 7 days) shows that
# memory stays flat as the log grows.
# Prints Markdown table rows.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=${BULLETIN_BIN:?}
lines=${VIEW_LINES:-2000000}
half=$((lines / 2))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$here/data"
log="$here/data/access-$lines-14d.log"
small="$here/data/access-$half-7d.log"
[ -f "$log" ] || python3 "$here/generate-access-log.py" "$lines" 14 > "$log"
[ -f "$small" ] || python3 "$here/generate-access-log.py" "$half" 7 > "$small"

"$bin" init --directory "$work/site" >/dev/null
config=(--config "$work/site/bulletin.toml")
read -r small_s small_kb < <(measure "$bin" views import "$small" "${config[@]}")
read -r full_s full_kb < <(measure "$bin" views import "$log" "${config[@]}")
read -r again_s again_kb < <(measure "$bin" views import "$log" "${config[@]}")
read -r awk_s awk_kb < <(measure awk '$6 == "\"GET" && $9 == 200 { n[$7]++ } END { for (p in n) print p, n[p] }' "$log")

ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / max(float(sys.argv[2]), 0.01):.2f}×')" "$1" "$2"; }
rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / max(float(sys.argv[2]), 0.01):,.0f} lines/s')" "$1" "$2"; }
echo "| views import $lines log lines, 14 days | time | ${full_s} s ($(rate "$lines" "$full_s")) | awk GET-200 count ${awk_s} s ($(rate "$lines" "$awk_s")) | $(ratio "$full_s" "$awk_s") |"
echo "| views import $lines log lines, 14 days | peak memory | $((full_kb / 1024)) MB | awk $((awk_kb / 1024)) MB | |"
echo "| views import $half log lines, 7 days | time | ${small_s} s ($(rate "$half" "$small_s")) | | |"
echo "| views import $half log lines, 7 days | peak memory | $((small_kb / 1024)) MB | | $(ratio "$full_kb" "$small_kb") of it at 2× the lines |"
echo "| views re-import $lines lines (replaces) | time | ${again_s} s ($(rate "$lines" "$again_s")) | | |"
