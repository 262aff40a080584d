#!/bin/sh
# The slides `teach --export html` writes, checked in a real browser with no network:
# html_check.py (self-contained, the first slide's title in the DOM, a screenshot that is
# not blank) and html_keys.mjs (keys and clicks) on two decks, and html_fit.mjs (every
# slide fits 1280x720, everything revealed) on every deck of examples/.
#
# Usage: tests/tools/teach_html.sh [BOUNDCHECK]   (default: target/debug/boundcheck)
# Needs: apt-get update && apt-get install -y chromium;
#        python3 -m pip install -r tests/tools/requirements-html.txt;
#        root (for unshare -n). html_keys.mjs runs `npm ci --prefix tests/tools/html` itself.
set -eu
bin=${1:-target/debug/boundcheck}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" teach examples --export html --out "$tmp/slides"
first=$(ls "$tmp"/slides/*.html | head -1)
longest=$(ls -S "$tmp"/slides/*.html | head -1)
status=0
for deck in "$first" "$longest"; do
  python3 tests/tools/html_check.py "$deck" "$tmp/check" || status=1
  node tests/tools/html_keys.mjs "$deck" || status=1
done
unshare -n node tests/tools/html_fit.mjs "$tmp"/slides/*.html || status=1
exit $status
