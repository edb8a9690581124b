#!/usr/bin/env bash
# Builds dist/shuangsuiji_<version>_amd64.deb from the PyInstaller folder dist/shuangsuiji/
# (build it first: `.venv/bin/pyinstaller --noconfirm build.spec`, or use scripts/package.sh).
#   bash installer/linux/build_deb.sh          — build the .deb
#   bash installer/linux/build_deb.sh --check  — build it, then `dpkg-deb --info`, unpack it into
#                                                a scratch root and run the installed self-test
# Layout: /opt/shuangsuiji (the bundle), /usr/bin/shuangsuiji (wrapper), a desktop entry and
# hicolor icons. Needs dpkg-deb (and fakeroot when not root). Writes only under dist/ and a temp dir.
# DEB_COMPRESS=gzip builds faster (tests); the default xz makes the smallest package.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
check=0
[ "${1:-}" = "--check" ] && check=1

name=shuangsuiji
bundle="dist/$name"
[ -x "$bundle/$name" ] || { echo "no frozen app at $bundle: run pyinstaller build.spec first" >&2; exit 1; }
version="$(.venv/bin/python -c 'import tomllib;print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])' 2>/dev/null \
  || python3 -c 'import tomllib;print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')"
arch="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
deb="dist/${name}_${version}_${arch}.deb"

# System libraries the bundle takes from the system (build.spec SYSTEM_LIBS); keep in step.
depends=(
  "libc6 (>= 2.34)" libstdc++6 libgcc-s1 zlib1g libbz2-1.0 liblzma5 libzstd1 libffi8 libexpat1
  libuuid1 libssl3 libsqlite3-0 libpq5
  libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6 libpng16-16 libcups2
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0
  libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0
  libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0
  libxcb-xkb1
)

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/doc/$name"
cp -a "$bundle" "$root/opt/$name"

cat > "$root/usr/bin/$name" <<'EOF'
#!/bin/sh
# 双随机抽查工作台 — starts the bundled app; arguments pass through (e.g. --self-test, --db FILE).
exec /opt/shuangsuiji/shuangsuiji "$@"
EOF
chmod 0755 "$root/usr/bin/$name"

for size in 256 48; do
  dir="$root/usr/share/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  install -m 0644 "resources/icons/$name-$size.png" "$dir/$name.png"
done
mkdir -p "$root/usr/share/icons/hicolor/scalable/apps"
install -m 0644 "resources/icons/$name.svg" "$root/usr/share/icons/hicolor/scalable/apps/$name.svg"

cat > "$root/usr/share/applications/$name.desktop" <<EOF
[Desktop Entry]
Type=Application
Version=1.0
Name=双随机抽查工作台
Name[zh_CN]=双随机抽查工作台
Name[en]=Random Inspection Desk
GenericName=双随机、一公开 抽查
GenericName[en]=Random market-supervision inspections
Comment=双随机、一公开：名录库、抽查计划、公开抽取、检查表与结果公示
Comment[en]=Registries, plans, the public draw, field checklists and published results
Exec=$name %f
Icon=$name
Terminal=false
Categories=Office;
Keywords=双随机;抽查;市场监管;inspection;
StartupWMClass=$name
EOF

cat > "$root/usr/share/doc/$name/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: $name
License: Apache-2.0
Comment: Bundles Qt (LGPL-3.0), PySide6 (LGPL-3.0), Python (PSF) and the WenQuanYi Micro Hei
 font (Apache-2.0 / GPL-3.0 with font exception).
EOF

size_kb="$(du -sk "$root" | cut -f1)"
cat > "$root/DEBIAN/control" <<EOF
Package: $name
Version: $version
Architecture: $arch
Maintainer: 双随机抽查工作台 <noreply@example.invalid>
Installed-Size: $size_kb
Depends: $(IFS=,; echo "${depends[*]}" | sed 's/,/, /g')
Section: misc
Priority: optional
Homepage: https://example.invalid/shuangsuiji
Description: 双随机、一公开 random inspection desk for county market supervision
 Keeps the inspection-item list and the target, inspector and expert registries, plans the
 year's inspections, runs the publicly verifiable draw (DRAW-v1), fills field checklists with
 signatures offline, and publishes the results. Works on a local SQLite file or a shared
 PostgreSQL server. Run "shuangsuiji --self-test" to check an installation.
EOF
cat > "$root/DEBIAN/postinst" <<'EOF'
#!/bin/sh
set -e
if [ "$1" = "configure" ]; then
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
exit 0
EOF
cp "$root/DEBIAN/postinst" "$root/DEBIAN/postrm"
chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/postrm"
# User data (~/.local/share/shuangsuiji) is never touched by install, upgrade or removal.

find "$root" -type d -exec chmod 0755 {} +
fakeroot_cmd=""
[ "$(id -u)" -eq 0 ] || fakeroot_cmd="fakeroot"
rm -f "$deb"
$fakeroot_cmd dpkg-deb --root-owner-group "-Z${DEB_COMPRESS:-xz}" --build "$root" "$deb" >/dev/null
echo "built $deb ($(du -h "$deb" | cut -f1))"

[ "$check" -eq 1 ] || exit 0

echo "== dpkg-deb --info $deb"
dpkg-deb --info "$deb"
scratch="$(mktemp -d)"
trap 'rm -rf "$stage" "$scratch"' EXIT
dpkg-deb -x "$deb" "$scratch"
for f in opt/$name/$name usr/bin/$name usr/share/applications/$name.desktop \
         usr/share/icons/hicolor/256x256/apps/$name.png usr/share/icons/hicolor/48x48/apps/$name.png; do
  [ -e "$scratch/$f" ] || { echo "missing in the package: /$f" >&2; exit 1; }
done
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$scratch/usr/share/applications/$name.desktop"
fi
missing_deps=()
for dep in "${depends[@]}"; do
  pkg="${dep%% *}"
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing_deps+=("$pkg")
done
[ ${#missing_deps[@]} -eq 0 ] || echo "note: not installed on this machine: ${missing_deps[*]}" >&2
echo "== installed self-test (scratch root $scratch)"
# The wrapper points at /opt; in a scratch root run the unpacked bundle it would exec.
QT_QPA_PLATFORM=offscreen "$scratch/opt/$name/$name" --self-test
