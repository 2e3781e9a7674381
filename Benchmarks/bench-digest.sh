#!/usr/bin/env bash
# The digest: personalized HTML + text parts for DIGEST_SUBSCRIBERS (default 100,000) subscribers from an issue
# rendered once, on one core, beside rendering the whole issue with swift-mustache for each subscriber (measured
# over DIGEST_BASELINE subscribers, default 2,000). Target: 20,000 messages/s per core. Prints a Markdown row.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
(cd "$root" && swift build -c release --product BulletinBench >&2)
taskset -c 0 "$root/.build/release/BulletinBench" digest "${DIGEST_SUBSCRIBERS:-100000}" "${DIGEST_BASELINE:-2000}" \
    2>/dev/null
