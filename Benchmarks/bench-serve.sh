#!/usr/bin/env bash
# `bulletin serve`: RFC 8058 one-click unsubscribe requests per second and p99 latency, measured with wrk on
# 127.0.0.1 over SERVE_SUBSCRIBERS (default 50,000) signed tokens, each POST unsubscribing one person (a write
# and an event row); beside it, in the same run, GET /health on the same server (no database, no token) as the
# baseline. wrk: SERVE_THREADS threads (2), SERVE_CONNECTIONS connections (32), SERVE_SECONDS seconds (10) each.
# Prints Markdown table rows.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=${BULLETIN_BIN:?}
subscribers=${SERVE_SUBSCRIBERS:-50000}
threads=${SERVE_THREADS:-2}
connections=${SERVE_CONNECTIONS:-32}
seconds=${SERVE_SECONDS:-10}
command -v wrk >/dev/null || { echo "bench-serve: wrk is missing; run make bench-deps" >&2; exit 69; }
work=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

"$bin" init --directory "$work/site" >/dev/null
config="$work/site/bulletin.toml"
python3 - "$subscribers" > "$work/subscribers.csv" <<'PY'
import sys
print("email,name")
for n in range(int(sys.argv[1])):
    print(f"reader{n}@example.org,Reader {n}")
PY
"$bin" --quiet subscribers import "$work/subscribers.csv" --config "$config" >/dev/null
"$bin" links unsubscribe --all --token-only --issue 2026-W47 --config "$config" > "$work/tokens.txt"

port=$(free_port)
# The request log goes to a file, as it would to a journal.
"$bin" serve --port "$port" --config "$config" 2> "$work/serve.log" &
server=$!
wait_for_port "$port" "bulletin serve (see $work/serve.log)"

run_wrk() { # prints "requests/s p99-ms non-2xx requests"
    wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$@" > "$work/wrk.txt"
    python3 - "$work/wrk.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)\b", text).groups()
p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
total = re.search(r"(\d+) requests in", text).group(1)
print(f"{rps:.0f} {p99:.2f} {bad.group(1) if bad else 0} {total}")
PY
}
read -r click_rps click_p99 click_bad click_total < <(run_wrk -s "$here/oneclick.lua" "http://127.0.0.1:$port" -- "$work/tokens.txt" "$threads")
read -r health_rps health_p99 health_bad _ < <(run_wrk "http://127.0.0.1:$port/health")
kill -TERM "$server"
wait "$server"
server=""
unsubscribed=$("$bin" subscribers stats --json --config "$config" | python3 -c 'import json, sys; print(json.load(sys.stdin)["by_status"]["unsubscribed"])')
[ "$click_bad" = 0 ] && [ "$health_bad" = 0 ] || { echo "bench-serve: non-2xx answers: $click_bad one-click, $health_bad health" >&2; exit 1; }

label="serve: one-click unsubscribe POST, $connections connections"
echo "| $label | requests/s | $(grouped "$click_rps") ($(grouped "$click_total") requests, $(grouped "$unsubscribed") of $(grouped "$subscribers") unsubscribed) | GET /health: $(grouped "$health_rps") | $(ratio "$click_rps" "$health_rps") |"
echo "| $label | p99 latency | ${click_p99} ms | GET /health: ${health_p99} ms | $(ratio "$click_p99" "$health_p99") |"
