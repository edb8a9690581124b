#!/usr/bin/env bash
# One entry point for a fresh machine: installs what the app and its tests need, then
#   scripts/dev.sh run   — creates the sample county (once) and opens the app on it
#   scripts/dev.sh test  — runs the whole test suite (starting PostgreSQL for its tests)
#   scripts/dev.sh setup — installs only
# Idempotent: a second run installs nothing new.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
cmd="${1:-run}"; shift || true

SYSTEM_PACKAGES=(
  # Qt offscreen and under X (docs/toolchain.md)
  libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3
  xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1
  # Chinese text on screen
  fonts-wqy-microhei
  # reading back what we write: PDFs, QR codes
  poppler-utils zbar-tools
  # the frozen bundle (PyInstaller reads and strips binaries) and its .deb (tests/packaging)
  binutils fakeroot
  # the publication workbook opened by LibreOffice in a test (headless xlsx → csv)
  libreoffice-calc-nogui
  # the office-server tests
  postgresql
  # verify.html, the observers' verification page, tested in a real browser (headless)
  chromium
)

install_system() {
  command -v dpkg >/dev/null || return 0          # not Debian: see README for other systems
  local missing=()
  for p in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

install_python() {
  local py="${PYTHON:-python3}"
  [ -x .venv/bin/python ] || "$py" -m venv .venv
  local stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
  if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[dev,package]"
    touch "$stamp"
  fi
}

install_system
install_python

case "$cmd" in
  setup) ;;
  run)
    db="${DB:-$here/sample-county.db}"
    [ -f "$db" ] || .venv/bin/python -m app demo --db "$db"
    exec .venv/bin/python -m app --db "$db" "$@"
    ;;
  test)
    # PostgreSQL for the office-server tests: a private cluster on 127.0.0.1 (scripts/pg.sh)
    if [ -z "${APP_TEST_PG_URL:-}" ] && [ -x scripts/pg.sh ]; then
      APP_TEST_PG_URL="$(bash scripts/pg.sh start)" && export APP_TEST_PG_URL || echo "PostgreSQL not started; its tests will be skipped" >&2
    fi
    exec .venv/bin/python -m pytest "$@"
    ;;
  *) echo "usage: scripts/dev.sh {run|test|setup} [args]" >&2; exit 2 ;;
esac
