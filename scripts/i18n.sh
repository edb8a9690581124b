#!/usr/bin/env bash
# Qt translations of the UI (source text Chinese, target English).
#   update   extract tr()/translate() strings from app/ui (and app/selftest.py) into resources/i18n/app_en.ts
#   release  compile resources/i18n/app_en.ts into resources/i18n/app_en.qm (the file the app loads)
# Translate in app_en.ts (Qt Linguist: .venv/bin/pyside6-linguist resources/i18n/app_en.ts), then release.
set -euo pipefail
cd "$(dirname "$0")/.."
ts=resources/i18n/app_en.ts
qm=resources/i18n/app_en.qm

sources() {
    find app/ui -name '*.py' | LC_ALL=C sort
    if [ -f app/selftest.py ] && grep -qE '\btr\(|translate\(' app/selftest.py; then
        echo app/selftest.py
    fi
}

case "${1:-}" in
    update)
        mapfile -t files < <(sources)
        .venv/bin/pyside6-lupdate -source-language zh_CN -target-language en -no-obsolete \
            "${files[@]}" -ts "$ts"
        ;;
    release)
        .venv/bin/pyside6-lrelease "$ts" -qm "$qm"
        ;;
    *)
        echo "usage: $0 update|release" >&2
        exit 2
        ;;
esac
