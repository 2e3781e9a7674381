#!/usr/bin/env bash
# The whole `bulletin send` of a real issue (the example feed and page views, issue 2026-W47, about 23 KB per
# message) to 100,000 generated subscribers into Postfix's smtp-sink on 127.0.0.1 with 4 connections: messages per
# second and peak memory (GNU time's max RSS), beside Postfix's smtp-source blasting the same sink with as many
# sessions, messages and bytes per message, in the same run; the same send to 10,000 subscribers for memory. The
# same two sends again with every message signed twice (rsa-sha256 with a 2048-bit key and ed25519-sha256), beside
# the same unsigned smtp-source run. Then peak memory of `send --dry-run` (every message written to a file) at
# 10,000 and at 1,000,000 subscribers: it must not grow with the audience. Prints Markdown table rows.
# SEND_SIGNED=0 leaves out the signed sends.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=$(cd "$here/.." && pwd)
bin=${BULLETIN_BIN:?}
audience=${SEND_SUBSCRIBERS:-100000}
small=${SEND_SMALL:-10000}
large=${DRY_RUN_LARGE:-1000000}
connections=${SEND_CONNECTIONS:-4}
sink=${SMTP_SINK:-/usr/sbin/smtp-sink}
source_bin=${SMTP_SOURCE:-/usr/sbin/smtp-source}
work="$here/data/send-$$"
# Where the dry runs write their messages. On this machine's disk, small files go at a few hundred per second
# once the page cache has to be written back (and as slowly when removed): 1,000,000 of them would take most of
# an hour, so they go to tmpfs when there is one.
scratch=${DRY_RUN_DIR:-$([ -w /dev/shm ] && echo /dev/shm || echo "$here/data")}/bulletin-send-$$
sink_pid=
cleanup() {
    if [ -n "$sink_pid" ]; then kill "$sink_pid" 2>/dev/null || true; fi
    rm -rf "$work" "$scratch"
}
trap cleanup EXIT
mkdir -p "$work" "$scratch"
rows=$((large > audience ? large : audience))
csv="$here/data/subscribers-$rows.csv"
[ -f "$csv" ] || python3 "$here/generate-subscribers.py" "$rows" > "$csv"
export BULLETIN_NOW=2026-11-25T08:00:00Z

site() { # name rows: a site with the example articles and views, and the first `rows` subscribers of the CSV
    local folder="$work/$1"
    "$bin" init --directory "$folder" >/dev/null
    "$bin" articles import "$root/Examples/feed.xml" --config "$folder/bulletin.toml" >/dev/null
    zcat "$root/Examples/access.log.gz" | "$bin" views import - --config "$folder/bulletin.toml" >/dev/null
    head -n $(($2 + 1)) "$csv" > "$work/$1.csv"
    "$bin" subscribers import "$work/$1.csv" --config "$folder/bulletin.toml" >/dev/null
    rm "$work/$1.csv"
}
rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):,.0f}')" "$1" "$2"; }
mb() { echo $(($1 / 1024)); }
amount() { python3 -c "import sys; k = int(sys.argv[1]); print(f'{k / 1048576:.1f} GB' if k >= 10485760 else f'{k // 1024} MB')" "$1"; }

dry_run() { # name rows: prints "seconds peak-KiB messages KiB" of `send --dry-run`
    site "$1" "$2"
    local out="$scratch/$1-messages" took kb
    # A helper deletes the files a moment after the dry run wrote them, so that the 1,000,000 messages (about
    # 23 GB) never pile up; the dry run itself is unchanged.
    mkdir -p "$out"
    (while :; do find "$out" -name '*.eml' -delete; sleep 0.2; done) &
    local deleter=$!
    read -r took kb < <(measure "$bin" send --dry-run "$out" --config "$work/$1/bulletin.toml")
    kill "$deleter"
    wait "$deleter" 2>/dev/null || true
    rm -rf "$out" "$work/$1"
    local written
    written=$(sed -n 's/.*wrote \([0-9]*\) messages of .* (\([0-9]*\) KiB).*/\1 \2/p' "$work/stderr")
    echo "$took $kb $written"
}

# Dry runs first: the small one also gives the size of a message for smtp-source.
read -r small_s small_kb small_files small_kib < <(dry_run dry-small "$small")
read -r large_s large_kb large_files large_kib < <(dry_run dry-large "$large")
for pair in "$small:$small_files" "$large:$large_files"; do
    if [ "${pair%%:*}" != "${pair##*:}" ]; then
        echo "bench-send: the dry run wrote ${pair##*:} messages for ${pair%%:*} subscribers" >&2
        exit 1
    fi
done
size=$((small_kib * 1024 / small_files))

port=$(free_port)
start_sink "$port"

send() { # name rows [signed]: prints "seconds peak-KiB" of the whole `send --yes --quiet`, after checking all were sent
    site "$1" "$2"
    local config="$work/$1/bulletin.toml"
    sed -i "s|^\[smtp\]$|[smtp]\nurl = \"smtp://127.0.0.1:$port\"\ntls = \"none\"\nconnections = $connections|" "$config"
    if [ "${3:-}" = signed ]; then
        "$bin" dkim keygen --selector rsa1 --output "$work/$1/dkim/rsa1.pem" --config "$config" >/dev/null
        "$bin" dkim keygen --selector ed1 --algorithm ed25519-sha256 --output "$work/$1/dkim/ed1.pem" \
            --config "$config" >/dev/null
        sed -i "s|^\[dkim\]$|[dkim]\nselector = \"rsa1\"\nprivate_key = \"dkim/rsa1.pem\"\nsecond_selector = \"ed1\"\nsecond_private_key = \"dkim/ed1.pem\"|" "$config"
    fi
    local result
    result=$(measure "$bin" send --yes --quiet --config "$config")
    local sent
    sent=$("$bin" status --json --config "$config" | python3 -c 'import json, sys; print(json.load(sys.stdin)["counts"]["sent"])')
    if [ "$sent" -ne "$2" ]; then
        echo "bench-send: only $sent of $2 messages were sent" >&2
        exit 1
    fi
    rm -rf "$work/$1"
    echo "$result"
}
read -r send_s send_kb < <(send send-audience "$audience")
start=$(seconds)
"$source_bin" -d -s "$connections" -l "$size" -m "$audience" -f bounces@example.org -t reader@example.net \
    127.0.0.1:"$port" >/dev/null
end=$(seconds)
source_rate=$(rate "$audience" "$(python3 -c "print($end - $start)")")
read -r send_small_s send_small_kb < <(send send-small "$small")
if [ "${SEND_SIGNED:-1}" != 0 ]; then
    read -r signed_s signed_kb < <(send signed-audience "$audience" signed)
    read -r signed_small_s signed_small_kb < <(send signed-small "$small" signed)
fi

ours=$(rate "$audience" "$send_s")
kb=$((size / 1000))
echo "| send $audience × $kb KB to smtp-sink, $connections connections (the whole command) | messages/s | ${ours} (${send_s} s) | smtp-source -s $connections: ${source_rate} | $(ratio "${ours//,/}" "${source_rate//,/}") |"
echo "| send $audience × $kb KB to smtp-sink | peak memory | $(mb "$send_kb") MB | send to $small: $(mb "$send_small_kb") MB (${send_small_s} s) | $(ratio "$send_kb" "$send_small_kb") |"
if [ "${SEND_SIGNED:-1}" != 0 ]; then
    signed=$(rate "$audience" "$signed_s")
    echo "| send $audience × $kb KB signed rsa-sha256 + ed25519-sha256, $connections connections (the whole command) | messages/s | ${signed} (${signed_s} s) | unsigned smtp-source -s $connections: ${source_rate} | $(ratio "${signed//,/}" "${source_rate//,/}") |"
    echo "| send $audience × $kb KB signed rsa-sha256 + ed25519-sha256 | peak memory | $(mb "$signed_kb") MB | signed send to $small: $(mb "$signed_small_kb") MB (${signed_small_s} s) | $(ratio "$signed_kb" "$signed_small_kb") |"
fi
echo "| send --dry-run, $small subscribers | peak memory | $(mb "$small_kb") MB (${small_s} s, $(amount "$small_kib") written) | | |"
echo "| send --dry-run, $large subscribers | peak memory | $(mb "$large_kb") MB (${large_s} s, $(amount "$large_kib") written) | $small subscribers: $(mb "$small_kb") MB | $(ratio "$large_kb" "$small_kb") |"
