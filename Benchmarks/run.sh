#!/usr/bin/env bash
# Runs every Benchmarks/bench-*.sh with the release binary, then prints their results as one table.
# Each benchmark prints Markdown table rows ("| benchmark | measure | value | baseline | ratio |") on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: run.sh path/to/release/bulletin}
export BULLETIN_BIN=$bin
mkdir -p "$here/results" "$here/data"
out="$here/results/$(date -u +%Y-%m-%dT%H%M%SZ).md"
{
    echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $(swift --version 2>/dev/null | head -1)"
    echo "Date: $(date -u +%Y-%m-%d)"
    echo
    echo "| benchmark | measure | Bulletin | baseline | ratio |"
    echo "|---|---|---|---|---|"
} > "$out"
for bench in "$here"/bench-*.sh; do
    [ -n "${BENCH_ONLY:-}" ] && [[ "$(basename "$bench")" != *"$BENCH_ONLY"* ]] && continue
    echo "running $(basename "$bench") …" >&2
    bash "$bench" >> "$out"
done
cat "$out"
echo >&2
echo "results written to $out" >&2
