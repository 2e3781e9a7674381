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

printf '\nThe demo site is in %s (BULLETIN_CONFIG=%s).\n' "$demo" "$BULLETIN_CONFIG"
