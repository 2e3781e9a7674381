#!/usr/bin/env bash
# DKIM signatures per CPU-second on one core: RSA-2048 (rsa-sha256) and Ed25519 (ed25519-sha256) through the
# system's OpenSSL libcrypto (what `send` signs with) and through swift-crypto, by `BulletinBench signatures`,
# beside `openssl speed rsa2048 ed25519` on the same core in the same run (OpenSSL 3 also divides by CPU time, not
# wall time). Target: ≥ 0.8× `openssl speed`. Prints Markdown table rows.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=${BULLETIN_BIN:?}
bench_executable BulletinBench
seconds=${DKIM_SECONDS:-3}
speed=$("${one_core[@]}" openssl speed -seconds "$seconds" rsa2048 ed25519 2>/dev/null)
openssl_rsa=$(echo "$speed" | awk '/^rsa 2048 bits/ {print $6}')
openssl_ed=$(echo "$speed" | awk '/EdDSA \(Ed25519\)/ {print $(NF-1)}')
version=$(openssl version | awk '{print $1, $2}')
"${one_core[@]}" "$bench" signatures "$seconds" | while read -r library algorithm count spent rate; do
    case "$algorithm" in
        rsa-sha256) theirs=$openssl_rsa; what="RSA-2048" ;;
        *) theirs=$openssl_ed; what="Ed25519" ;;
    esac
    theirs=${theirs%.*}
    echo "| DKIM $algorithm signatures, $library | per CPU-second, one core | $(grouped "$rate")/s ($count in ${spent} CPU-s) | $version speed $what: $(grouped "$theirs")/s | $(ratio "$rate" "$theirs") |"
done
