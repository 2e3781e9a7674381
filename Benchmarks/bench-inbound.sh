#!/usr/bin/env bash
# `bulletin inbound` over a generated Maildir of reports (default 20,000: Postfix, Exim and Gmail hard bounces,
# Outlook mailbox-full soft bounces, ARF complaints, vacation notices, strangers' mail, see generate-bounces.py)
# about a store of 20,000 subscribers to whom an issue was sent (its ledger rows written with the sqlite3 shell),
# so each report is classified, identified by its address, recorded, and changes a status where it should. Beside
# it, in the same run, `cat` and `grep -c` over the same files.
# Prints Markdown table rows.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=${BULLETIN_BIN:?}
count=${INBOUND_MESSAGES:-20000}
subscribers=${INBOUND_SUBSCRIBERS:-20000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" init --directory "$work/site" --from "Weekly <news@example.org>" >/dev/null
config=(--config "$work/site/bulletin.toml")
python3 -c "
import sys
print('email,name')
for i in range(1, $subscribers + 1): print(f'sub{i}@example.org,Reader {i}')
" > "$work/subscribers.csv"
"$bin" subscribers import "$work/subscribers.csv" "${config[@]}" >/dev/null
sqlite3 "$work/site/Subscribers/bulletin.sqlite" <<'SQL'
INSERT INTO issues (week, number, subject, text_part, html_part, created_at)
    VALUES ('2026-W47', 1, 'Weekly', '', '', 1795000000);
INSERT INTO deliveries (week, subscriber_id, state, updated_at)
    SELECT '2026-W47', id, 'sent', 1795000000 FROM subscribers;
SQL
python3 "$here/generate-bounces.py" "$work/Maildir" "$count" "$subscribers"
bytes=$(du -sb "$work/Maildir/new" | cut -f1)

start=$(seconds)
find "$work/Maildir/new" -type f -exec cat {} + >/dev/null
cat_s=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$start" "$(seconds)")
start=$(seconds)
find "$work/Maildir/new" -type f -exec grep -c -i '^status:' {} + >/dev/null || true
grep_s=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$start" "$(seconds)")
read -r inbound_s inbound_kb < <(measure "$bin" inbound "$work/Maildir" "${config[@]}")
moved=$(find "$work/Maildir/cur" -type f | wc -l)
[ "$moved" -eq "$count" ] || { echo "bench: only $moved of $count messages reached cur/" >&2; exit 70; }

rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / max(float(sys.argv[2]), 0.01):,.0f} messages/s')" "$1" "$2"; }
echo "| inbound $(grouped "$count") reports from a Maildir ($((bytes / 1048576)) MB) | time | ${inbound_s} s ($(rate "$count" "$inbound_s")) | cat ${cat_s} s ($(rate "$count" "$cat_s")); grep -c ${grep_s} s ($(rate "$count" "$grep_s")) | $(ratio "$inbound_s" "$grep_s") of grep |"
echo "| inbound $(grouped "$count") reports from a Maildir | peak memory | $((inbound_kb / 1024)) MB | | |"
