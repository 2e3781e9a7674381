#!/usr/bin/env bash
# Topic sections: personalized messages per second on one core from a real issue (stock templates, 10 articles)
# with 5 topics of 3 articles each and readers with 0–3 of them, each section rendered once and spliced per
# reader, beside the same messages without topics. Targets from the issue: 20,000 messages/s per core, and
# within 10 % of the rate without topics. Prints Markdown rows.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=${BULLETIN_BIN:?}
bench_executable BulletinBench
messages=${TOPIC_MESSAGES:-50000}
"${one_core[@]}" "$bench" topics "$messages" | {
    read -r _ count seconds rate bytes
    read -r _ plain_count plain_seconds plain_rate plain_bytes
    ratio=$(python3 -c "import sys; print(f'{int(sys.argv[1]) / int(sys.argv[2]):.2f}×')" "$rate" "$plain_rate")
    target=$(python3 -c "import sys; print(f'{int(sys.argv[1]) / 20000:.2f}×')" "$rate")
    echo "| messages with topic sections (5 topics, readers with 0–3; ${bytes} B avg) | per CPU-second, one core | $(grouped "$rate")/s ($count in ${seconds} CPU-s) | target 20,000/s | $target |"
    echo "| the same without topics (${plain_bytes} B avg) | per CPU-second, one core | $(grouped "$plain_rate")/s ($plain_count in ${plain_seconds} CPU-s) | with topics: $(grouped "$rate")/s | $ratio (≥ 0.90×) |"
}
