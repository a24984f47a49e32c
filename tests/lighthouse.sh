#!/usr/bin/env bash
# Lighthouse in its default mobile mode (a mid-range phone on a throttled 4G connection) on the
# built site served on loopback; prints the four category scores of each page and what cost points.
# Not a CI test: scores move with the machine's load. Full reports go to tests/artifacts/.
#
# Usage: bash tests/lighthouse.sh [PAGE ...]      default: the overview (index) and the law page
# Needs: npm install (lighthouse 12, pinned in package.json; 13 needs node >= 22.19) and a Chromium:
#        $CHROME_PATH, else $CHROMIUM_PATH, else Debian's /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=python3
[ -x .venv/bin/python ] && PY=.venv/bin/python
[ -x node_modules/.bin/lighthouse ] || npm install --no-fund --no-audit --silent
export CHROME_PATH=${CHROME_PATH:-${CHROMIUM_PATH:-$(command -v chromium || echo /usr/bin/chromium)}}
[ -x "$CHROME_PATH" ] || { echo "no browser at $CHROME_PATH: install Debian's chromium or set CHROME_PATH" >&2; exit 1; }

WORK=$(mktemp -d)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

$PY build.py --out "$WORK/site" >/dev/null
PORT=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
$PY -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK/site" >/dev/null 2>&1 &
SERVER=$!
for _ in $(seq 50); do
  $PY -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 0.2).close()" 2>/dev/null && break
  sleep 0.1
done

mkdir -p tests/artifacts
[ $# -gt 0 ] || set -- "" "law/"
for page in "$@"; do
  name=$(echo "${page:-index}" | sed 's|/$||; s|\.html$||; s|/|-|g')
  node_modules/.bin/lighthouse "http://127.0.0.1:$PORT/$page" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" \
    --output=json --output=html --output-path="tests/artifacts/lighthouse-$name"
  $PY - "tests/artifacts/lighthouse-$name.report.json" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
scores = {c["title"]: round(c["score"] * 100) for c in report["categories"].values()}
print(f"{report['finalDisplayedUrl']}  ({report['configSettings']['formFactor']}, lighthouse {report['lighthouseVersion']})")
print("  " + "  ".join(f"{title} {score}" for title, score in scores.items()))
for category in report["categories"].values():
    for ref in category["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            print(f"  - {category['title']}: {audit['title']} ({audit.get('displayValue', audit['score'])})")
EOF
done
echo "full reports: tests/artifacts/lighthouse-*.report.html"
