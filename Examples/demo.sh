#!/usr/bin/env bash
# `make demo`: the main job end to end on the bundled example data, in a scratch folder (./demo, made anew).
set -euo pipefail
bin=${1:?usage: demo.sh path/to/bulletin}
root=$(cd "$(dirname "$0")/.." && pwd)
demo="$root/demo"
rm -rf "$demo"

if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s$ %s%s\n' "$bold" "$*" "$plain"; }

step bulletin init --directory demo
"$bin" init --directory "$demo" --name "Eurasia Weekly" \
    --from "Eurasia Weekly <newsletter@eurasia.example.org>" --site-url "https://eurasia.example.org"
export BULLETIN_CONFIG="$demo/bulletin.toml"

step bulletin subscribers import Subscribers/example.csv
"$bin" subscribers import "$root/Subscribers/example.csv"

step bulletin subscribers list --status active --limit 5
"$bin" subscribers list --status active --limit 5

step bulletin subscribers stats
"$bin" subscribers stats

# The example site's feed and four weeks of its access log (Examples/generate-example-data.py made them); the
# clock is fixed so that the last complete week is 2026-W47, the one the log covers last.
export BULLETIN_NOW=2026-11-25T08:00:00Z

step bulletin articles import Examples/feed.xml
"$bin" articles import "$root/Examples/feed.xml"

step "zcat Examples/access.log.gz | bulletin views import -"
zcat "$root/Examples/access.log.gz" | "$bin" views import -

step bulletin digest show
"$bin" digest show

step bulletin preview
"$bin" preview

step bulletin preview --format html --output demo/preview.html
"$bin" preview --format html --output "$demo/preview.html"

# A local mail relay for the demo: aiosmtpd, storing every message it accepts in the Maildir demo/mail.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$demo/mail/tmp" "$demo/mail/new" "$demo/mail/cur"
python3 -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$demo/mail" 2>"$demo/relay.log" &
relay=$!
trap 'kill "$relay" 2>/dev/null || true' EXIT
python3 - "$port" <<'PY'
import socket, sys, time
for _ in range(200):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit("the demo relay did not start; see demo/relay.log")
PY
sed -i "/^\[smtp\]/a url = \"smtp://127.0.0.1:$port\"\ntls = \"none\"" "$BULLETIN_CONFIG"
printf '\n(a local aiosmtpd relay listens on 127.0.0.1:%s; [smtp] url points at it)\n' "$port"

step bulletin send --dry-run demo/outbox
"$bin" send --dry-run "$demo/outbox"

step bulletin send --yes
"$bin" send --yes

step bulletin send --yes "  # again: nothing is sent twice"
"$bin" send --yes

step bulletin status
"$bin" status

step bulletin report
"$bin" report

step bulletin report --format html --output demo/report.html
"$bin" report --format html --output "$demo/report.html"

step bulletin schedule
"$bin" schedule

printf '\n%s messages are in %s (one file each).\n' "$(ls "$demo/mail/new" | wc -l)" "$demo/mail/new"
printf 'The demo site is in %s (BULLETIN_CONFIG=%s).\n' "$demo" "$BULLETIN_CONFIG"
