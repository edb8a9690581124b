#!/usr/bin/env bash
# One command for the Linux packages: build the frozen folder, run its self-test, print its sizes
# (folder, .tar.xz, .zip), build the .deb and check it (dpkg-deb --info, scratch-root self-test).
#   bash scripts/package.sh            — everything (xz compression takes a minute or two)
#   SKIP_ARCHIVES=1 bash scripts/package.sh   — no tar.xz/zip
# Outputs in dist/: shuangsuiji/ (the folder), shuangsuiji-<version>-linux-<arch>.tar.xz, .zip,
# shuangsuiji_<version>_<arch>.deb. Windows: see installer/windows/README.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

if ! .venv/bin/python -c "import PyInstaller" 2>/dev/null; then
  .venv/bin/python -m pip install -q -e ".[package]"
fi
version="$(.venv/bin/python -c 'import tomllib;print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')"
arch="$(dpkg --print-architecture 2>/dev/null || uname -m)"

echo "== building dist/shuangsuiji ($version)"
start=$(date +%s)
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN build.spec
echo "built in $(( $(date +%s) - start )) s"

echo "== self-test of the frozen folder"
QT_QPA_PLATFORM=offscreen dist/shuangsuiji/shuangsuiji --self-test

echo "== sizes"
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1048576 }'; }
folder_bytes=$(du -sb dist/shuangsuiji | cut -f1)
echo "folder            $(mb "$folder_bytes")   (goal ≤ 130 MB)"
if [ -z "${SKIP_ARCHIVES:-}" ]; then
  base="shuangsuiji-$version-linux-$arch"
  rm -f "dist/$base.tar.xz" "dist/$base.zip"
  tar -C dist -cf - shuangsuiji | xz -T0 -6 > "dist/$base.tar.xz"
  (cd dist && zip -qr -9 -y "$base.zip" shuangsuiji)
  echo "tar.xz            $(mb "$(stat -c %s "dist/$base.tar.xz")")   (goal ≤ 55 MB)"
  echo "zip               $(mb "$(stat -c %s "dist/$base.zip")")"
fi

echo "== .deb"
bash installer/linux/build_deb.sh --check
deb="dist/shuangsuiji_${version}_${arch}.deb"
echo "deb               $(mb "$(stat -c %s "$deb")")"
echo "done: dist/shuangsuiji/, $deb"
