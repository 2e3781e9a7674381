#!/usr/bin/env bash
# `make install` into a temporary DESTDIR, then `make uninstall`: every file in its place, and nothing left after.
# Run by `make test`, with the debug build (CONFIGURATION=debug) that the tests use.
set -euo pipefail
cd "$(dirname "$0")/.."
destdir=$(mktemp -d /tmp/bulletin-install-XXXXXX)
trap 'rm -rf "$destdir"' EXIT
prefix=/usr/local
root="$destdir$prefix"
fail() { echo "install test: FAILED: $*" >&2; exit 1; }

make --no-print-directory install DESTDIR="$destdir" PREFIX="$prefix" CONFIGURATION=debug > "$destdir.log" 2>&1 \
    || { cat "$destdir.log" >&2; fail "make install"; }
rm -f "$destdir.log"

expected=(
    bin/bulletin
    share/man/man1/bulletin.1
    share/bash-completion/completions/bulletin
    share/zsh/site-functions/_bulletin
    share/fish/vendor_completions.d/bulletin.fish
    share/bulletin/systemd/bulletin-serve.service
    share/bulletin/systemd/bulletin-send.service
    share/bulletin/systemd/bulletin-send.timer
)
while IFS= read -r template; do expected+=("share/bulletin/Templates/$template"); done \
    < <(cd Templates && find . -type f | sed 's|^\./||' | LC_ALL=C sort)

installed=$(cd "$root" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
wanted=$(printf '%s\n' "${expected[@]}" | LC_ALL=C sort)
[ "$installed" = "$wanted" ] || fail "installed files differ from the list: $(diff <(echo "$wanted") <(echo "$installed"))"
outside=$(cd "$destdir" && find . -type f -not -path "./${prefix#/}/*")
[ -z "$outside" ] || fail "files outside PREFIX: $outside"

[ "$(stat -c %a "$root/bin/bulletin")" = 755 ] || fail "bin/bulletin is not mode 755"
"$root/bin/bulletin" --version | grep -q '^bulletin ' || fail "the installed binary does not run"
grep -q '^\.Dt BULLETIN 1' "$root/share/man/man1/bulletin.1" || fail "the man page has no .Dt header"
grep -q 'doctor' "$root/share/man/man1/bulletin.1" || fail "the man page does not describe doctor"
grep -q '_bulletin' "$root/share/bash-completion/completions/bulletin" || fail "no bash completion function"
grep -q '#compdef bulletin' "$root/share/zsh/site-functions/_bulletin" || fail "no zsh completion"
grep -q "complete -c 'bulletin'" "$root/share/fish/vendor_completions.d/bulletin.fish" || fail "no fish completion"
cmp -s Templates/digest.html.mustache "$root/share/bulletin/Templates/digest.html.mustache" \
    || fail "the installed template differs"
grep -q '^ProtectSystem=strict' "$root/share/bulletin/systemd/bulletin-serve.service" || fail "unit not sandboxed"
if command -v bash > /dev/null; then
    bash -c "source '$root/share/bash-completion/completions/bulletin'" || fail "the bash completion does not load"
fi
count=${#expected[@]}

make --no-print-directory uninstall DESTDIR="$destdir" PREFIX="$prefix" > /dev/null \
    || fail "make uninstall"
left=$(cd "$destdir" && find . \( -type f -o -type l \) | sed 's|^\./||')
[ -z "$left" ] || fail "uninstall left files: $left"
[ ! -e "$root/share/bulletin" ] || fail "uninstall left share/bulletin"
echo "install test: make install put $count files under DESTDIR$prefix; make uninstall removed them all"
