#!/usr/bin/env bash
# SMTP delivery: 20,000 messages of about 25 KB to Postfix's smtp-sink on 127.0.0.1 through Bulletin's libcurl
# transport (BulletinBench smtp) with 1, 4 and 16 connections, beside Postfix's smtp-source blasting the same
# sink with the same number of sessions (the practical limit of the machine) and a Python smtplib loop over one
# connection, in the same run. Prints Markdown table rows.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=${BULLETIN_BIN:?}
bench=${SMTP_BENCH_BIN:-$(dirname "$bin")/BulletinBench}
messages=${SMTP_MESSAGES:-20000}
size=${SMTP_MESSAGE_SIZE:-25000}
sink=${SMTP_SINK:-/usr/sbin/smtp-sink}
source_bin=${SMTP_SOURCE:-/usr/sbin/smtp-source}
[ -x "$bench" ] || (cd "$here/.." && swift build -c release --product BulletinBench >&2)
port=$(free_port)
trap 'kill "${sink_pid:-}" 2>/dev/null || true' EXIT
start_sink "$port"

rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):,.0f}')" "$1" "$2"; }

smtp_source_rate() { # sessions → messages per second; -d keeps each session for many messages
    local start end
    start=$(seconds)
    "$source_bin" -d -s "$1" -l "$size" -m "$messages" -f bounces@example.org -t reader@example.net \
        127.0.0.1:"$port" >/dev/null
    end=$(seconds)
    rate "$messages" "$(python3 -c "print($end - $start)")"
}

smtplib_rate=$(python3 - "$port" "$messages" "$size" <<'PY'
import smtplib, sys, time
port, count, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
body = "From: news@example.org\r\nTo: reader@example.net\r\nSubject: Benchmark\r\n\r\n"
while len(body) < size:
    body += "The quick brown fox jumps over the lazy dog; 0123456789 abcdefghij.\r\n"
data = body.encode()
start = time.monotonic()
with smtplib.SMTP("127.0.0.1", port) as client:
    client.ehlo("bench.example.org")
    for i in range(count):
        client.sendmail("bounces@example.org", [f"reader{i}@example.net"], data)
print(f"{count / (time.monotonic() - start):.0f}")
PY
)

for connections in 1 4 16; do
    read -r took accepted other < <("$bench" smtp "$port" "$messages" "$connections" "$size")
    if [ "$accepted" -ne "$messages" ]; then
        echo "bench-smtp: only $accepted of $messages accepted ($other other outcomes)" >&2
        exit 1
    fi
    ours=$(rate "$messages" "$took")
    theirs=$(smtp_source_rate "$connections")
    echo "| SMTP $messages × $((size / 1000)) KB, $connections connection(s) | messages/s | ${ours} (${took} s) | smtp-source -s $connections: ${theirs} | $(ratio "${ours//,/}" "${theirs//,/}") |"
    if [ "$connections" -eq 1 ]; then
        echo "| SMTP $messages × $((size / 1000)) KB, 1 connection | messages/s | ${ours} | Python smtplib loop: ${smtplib_rate} | $(ratio "${ours//,/}" "$smtplib_rate") |"
    fi
done
