#!/usr/bin/env bash
# Messages built (and signed) per second on one core: the real MessageTemplate over a digest-sized issue
# (≈21 KB: 20 articles in HTML and text, personal name and links), unsigned, ed25519-sha256, rsa-sha256 with a
# 2048-bit key, and double-signed. The baseline column is the target from the issue. Prints Markdown rows.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=${BULLETIN_BIN:?}
bench_executable BulletinBench
messages=${MESSAGES:-50000}
"${one_core[@]}" "$bench" messages "$messages" | while read -r mode count seconds rate bytes; do
    case "$mode" in
        unsigned) target=20000 ;;
        ed25519-sha256) target=10000 ;;
        *) target="" ;;
    esac
    if [ -n "$target" ]; then
        ratio=$(python3 -c "import sys; print(f'{int(sys.argv[1]) / int(sys.argv[2]):.2f}×')" "$rate" "$target")
        echo "| messages, $mode (${bytes} B each) | per CPU-second, one core | $(grouped "$rate")/s ($count in ${seconds} CPU-s) | target $(grouped "$target")/s | $ratio |"
    else
        echo "| messages, $mode (${bytes} B each) | per CPU-second, one core | $(grouped "$rate")/s ($count in ${seconds} CPU-s) | | |"
    fi
done
