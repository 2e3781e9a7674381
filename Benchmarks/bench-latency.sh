#!/usr/bin/env bash
# The whole `bulletin send` of the example issue (2026-W47, about 23 KB a message) to a relay 20 ms away: the
# aiosmtpd test server (Tests/BulletinTestSupport/smtp_test_server.py --latency 20) answers MAIL FROM, RCPT TO and
# the end of the data each 20 ms late, so one session's ideal is 1 ÷ 60 ms ≈ 16.7 messages/s and N sessions' is
# N times that. Messages per second with 1, 8 and 32 connections (`[smtp] connections`), each run a `send --limit`
# of the same issue (frozen by a first run of 5), beside the ideal and beside 1 connection, in the same run.
# Targets: 8 connections ≥ 5× one connection and ≥ 60 % of the ideal; 32 connections ≥ 50 % of the ideal.
#
# The relay is LATENCY_SERVERS (default 2) server processes sharing the port (SO_REUSEPORT): one Python process
# parses a 23 KB message in about 1 ms of CPU, so at 533 messages/s one alone would need most of a core. The table
# gives the relay's CPU use, and how many sessions were waiting for the reply to their data at the same moment
# (the highest count each server process saw, summed): N overlapping sessions bring it near N.
# Prints Markdown table rows.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=$(cd "$here/.." && pwd)
bin=${BULLETIN_BIN:?}
latency=${LATENCY_MS:-20}
servers=${LATENCY_SERVERS:-2}
seconds=${LATENCY_SECONDS:-8}
work="$here/data/latency-$$"
relay_pids=()
cleanup() {
    for pid in "${relay_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work"
export BULLETIN_NOW=2026-11-25T08:00:00Z

# Messages per run: about `seconds` at the ideal rate (at least 100).
ideal() { python3 -c "import sys; print(f'{int(sys.argv[1]) * 1000 / (3 * float(sys.argv[2])):.1f}')" "$1" "$latency"; }
count() { python3 -c "import sys; print(max(100, int(float(sys.argv[1]) * float(sys.argv[2]))))" "$(ideal "$1")" "$seconds"; }
total=5
for connections in 1 8 32; do total=$((total + $(count "$connections"))); done

csv="$here/data/subscribers-$total.csv"
[ -f "$csv" ] || python3 "$here/generate-subscribers.py" "$total" > "$csv"
site="$work/site"
"$bin" init --directory "$site" >/dev/null
"$bin" articles import "$root/Examples/feed.xml" --config "$site/bulletin.toml" >/dev/null
zcat "$root/Examples/access.log.gz" | "$bin" views import - --config "$site/bulletin.toml" >/dev/null
"$bin" subscribers import "$csv" --config "$site/bulletin.toml" >/dev/null

# The relay: `servers` processes on one port, each answering "stats" on its stdin.
port=$(free_port)
for index in $(seq "$servers"); do
    mkfifo "$work/relay-$index.in"
    python3 "$root/Tests/BulletinTestSupport/smtp_test_server.py" --latency "$latency" --quiet-stats \
        --port "$port" --shared-port --cert-dir "$work" < "$work/relay-$index.in" > "$work/relay-$index.out" &
    relay_pids+=($!)
    exec {fd}> "$work/relay-$index.in"
    eval "relay_in_$index=$fd"
done
wait_for_port "$port" "the aiosmtpd relay"

# Prints "accepted cpu-seconds max-data-waits" summed over the relay's processes ("+"-joined waits).
relay_stats() {
    local index fd lines=()
    for index in $(seq "$servers"); do
        fd=relay_in_$index
        echo stats >&"${!fd}"
    done
    sleep 0.3
    for index in $(seq "$servers"); do lines+=("$(tail -n 1 "$work/relay-$index.out")"); done
    python3 - "${lines[@]}" <<'PY'
import json, sys
stats = [json.loads(line) for line in sys.argv[1:]]
print(sum(s["accepted"] for s in stats), f'{sum(s["cpu_seconds"] for s in stats):.2f}',
      "+".join(str(s["max_data_waits"]) for s in stats), sum(s["max_data_waits"] for s in stats))
PY
}

config="$site/bulletin.toml"
sed -i "s|^\[smtp\]$|[smtp]\nurl = \"smtp://127.0.0.1:$port\"\ntls = \"none\"\nconnections = 1|" "$config"
"$bin" send --yes --quiet --limit 5 --config "$config" >/dev/null 2>&1 || { echo "bench-latency: the first send failed" >&2; exit 1; }

declare -A rate
for connections in 1 8 32; do
    sed -i "s|^connections = .*|connections = $connections|" "$config"
    messages=$(count "$connections")
    read -r before_accepted before_cpu _ _ < <(relay_stats)
    read -r took _ < <(measure "$bin" send --yes --quiet --limit "$messages" --config "$config")
    read -r after_accepted after_cpu waits waits_sum < <(relay_stats)
    accepted=$((after_accepted - before_accepted))
    if [ "$accepted" -ne "$messages" ]; then
        echo "bench-latency: the relay accepted $accepted of $messages messages" >&2
        exit 1
    fi
    rate[$connections]=$(python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):.1f}')" "$messages" "$took")
    busy=$(python3 -c "import sys; print(f'{(float(sys.argv[2]) - float(sys.argv[1])) / float(sys.argv[3]) * 100:.0f}')" "$before_cpu" "$after_cpu" "$took")
    what="${rate[$connections]} ($messages in ${took} s; relay CPU ${busy} % of one core, $waits_sum sessions waiting at once: $waits)"
    echo "| send to a relay ${latency} ms away, $connections connection(s) | messages/s | $what | ideal $(ideal "$connections") | $(ratio "${rate[$connections]}" "$(ideal "$connections")") |"
    if [ "$connections" -gt 1 ]; then
        echo "| send to a relay ${latency} ms away, $connections connections | messages/s | ${rate[$connections]} | 1 connection: ${rate[1]} | $(ratio "${rate[$connections]}" "${rate[1]}") |"
    fi
done
