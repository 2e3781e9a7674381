#!/usr/bin/env bash
# Subscriber import: a generated CSV (default 1,000,000 rows: email, name, topics, 5 attributes) into an empty
# store, then again (every row unchanged), beside the sqlite3 shell's .import of the same file into a plain
# table, in the same run. Prints Markdown table rows.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=${BULLETIN_BIN:?}
rows=${IMPORT_ROWS:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
csv="$here/data/subscribers-$rows.csv"
[ -f "$csv" ] || python3 "$here/generate-subscribers.py" "$rows" > "$csv"

"$bin" init --directory "$work/site" >/dev/null
read -r first_s first_kb < <(measure "$bin" subscribers import "$csv" --config "$work/site/bulletin.toml")
read -r again_s again_kb < <(measure "$bin" subscribers import "$csv" --config "$work/site/bulletin.toml")
cat > "$work/import.sql" <<SQL
.mode csv
.import $csv plain
SQL
read -r sqlite_s sqlite_kb < <(measure sqlite3 "$work/plain.sqlite" ".read $work/import.sql")

rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):,.0f} rows/s')" "$1" "$2"; }
echo "| import $rows rows, empty store | time | ${first_s} s ($(rate "$rows" "$first_s")) | sqlite3 .import ${sqlite_s} s | $(ratio "$first_s" "$sqlite_s") |"
echo "| import $rows rows, empty store | peak memory | $((first_kb / 1024)) MB | sqlite3 $((sqlite_kb / 1024)) MB | |"
echo "| re-import $rows rows, all unchanged | time | ${again_s} s ($(rate "$rows" "$again_s")) | sqlite3 .import ${sqlite_s} s | $(ratio "$again_s" "$sqlite_s") |"
echo "| re-import $rows rows, all unchanged | peak memory | $((again_kb / 1024)) MB | | |"
