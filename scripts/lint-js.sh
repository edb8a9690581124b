#!/usr/bin/env bash
# Lints the JavaScript of verify.html (the observers' verification page) with ESLint from npm
# (versions pinned by package-lock.json), and prints its size. Each <script> block is written to
# a .js file with every other line of the page blanked, so reported line numbers are the page's.
#   bash scripts/lint-js.sh        — installs ESLint (npm ci) on first use, then lints
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
page=app/core/draw/verify.html
if [ ! -x node_modules/.bin/eslint ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
out=.lint-js  # inside the project (ESLint lints only files under it); in .gitignore
rm -rf "$out" && mkdir -p "$out"
python3 - "$page" "$out" <<'PY'
import re, sys
from pathlib import Path
page, out = Path(sys.argv[1]), Path(sys.argv[2])
text = page.read_text(encoding="utf-8")
total = 0
for m in re.finditer(r'<script id="(\w+)">\n(.*?)</script>', text, re.S):
    before = text[: m.start(2)].count("\n")
    (out / f"verify-{m.group(1)}.js").write_text("\n" * before + m.group(2), encoding="utf-8")
    total += m.group(2).count("\n")
if total == 0:
    sys.exit(f"{page}: no <script id=...> block found")
print(f"verify.html: {total} lines of JavaScript, {page.stat().st_size} bytes in all")
PY
node_modules/.bin/eslint --config eslint.config.mjs --max-warnings 0 "$out"/*.js
echo "eslint: verify.html clean"
