"""The frozen Linux bundle (build.spec) and its .deb: built once, self-tested, sizes printed.

Slow (one PyInstaller build, ~1–2 min): marked `frozen`; skip locally with `-m "not frozen"`.
Reuses dist/shuangsuiji when it is newer than every source file (APP_FROZEN_REBUILD=1 forces).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.frozen,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle and .deb"),
]

REPO = Path(__file__).resolve().parents[2]
BUNDLE = REPO / "dist" / "shuangsuiji"
EXE = BUNDLE / "shuangsuiji"
VERSION = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def _newest_source() -> float:
    sources = [REPO / "build.spec", REPO / "pyproject.toml"]
    for folder in ("app", "resources"):
        sources += [
            p for p in (REPO / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts
        ]
    return max(p.stat().st_mtime for p in sources)


def _env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONPATH", None)  # the bundle must not lean on the source tree
    return env


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.fixture(scope="module")
def bundle() -> Path:
    fresh = EXE.exists() and EXE.stat().st_mtime > _newest_source()
    if fresh and not os.environ.get("APP_FROZEN_REBUILD"):
        return BUNDLE
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("PyInstaller is not installed: scripts/dev.sh installs .[dev,package]")
        pytest.skip("PyInstaller not installed (pip install -e .[package])")
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "build.spec"],
        cwd=REPO, capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-5000:]
    return BUNDLE


def test_frozen_bundle_passes_its_self_test(
    bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = subprocess.run(
        [str(EXE), "--self-test"], cwd="/", env=_env(), capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{VERSION} (frozen" in result.stdout
    assert "self-test passed" in result.stdout
    with capsys.disabled():
        print(
            f"\nfrozen bundle {bundle}: {_size(bundle) / 2**20:.1f} MiB (goal ≤ 130 MB, measured as MiB like the 115 MiB QtWidgets baseline)"
        )
        print(result.stdout)


def test_bundle_leaves_out_qt_it_does_not_use_and_keeps_what_it_needs(bundle: Path) -> None:
    names = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*")}
    unwanted = [
        n for n in names if re.search(r"Qt6(Qml|Quick|Pdf|VirtualKeyboard|WebEngine|Lottie)", n)
    ]
    assert not unwanted, unwanted[:10]
    assert not [n for n in names if "/qml/" in n or n.endswith("/qml")]
    plugins = "_internal/PySide6/Qt/plugins"
    for needed in (
        "platforms/libqxcb.so",
        "platforms/libqoffscreen.so",
        "platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        "platforminputcontexts/libibusplatforminputcontextplugin.so",
    ):
        assert f"{plugins}/{needed}" in names, needed
    assert not [n for n in names if "virtualkeyboard" in n.lower()]
    migrations = "_internal/app/core/storage/migrations"
    assert f"{migrations}/script.py.mako" in names
    assert f"{migrations}/env.py" in names
    assert any(n.startswith(f"{migrations}/versions/") and n.endswith(".py") for n in names)
    assert "_internal/resources/fonts/wqy-microhei.ttc" in names
    broken = [p for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]
    assert not broken, broken
    unresolved = []
    for lib in bundle.rglob("*.so*"):
        if lib.is_file() and not lib.is_symlink():
            out = subprocess.run(["ldd", str(lib)], capture_output=True, text=True).stdout
            unresolved += [
                f"{lib.name}: {line.strip()}" for line in out.splitlines() if "not found" in line
            ]
    assert not unresolved, unresolved[:10]


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb")
def test_deb_installs_into_a_scratch_root_and_its_self_test_passes(
    bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = dict(_env(), DEB_COMPRESS="gzip")  # xz is for releases; gzip keeps CI quick
    result = subprocess.run(
        ["bash", "installer/linux/build_deb.sh", "--check"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "self-test passed" in result.stdout
    deb = REPO / "dist" / f"shuangsuiji_{VERSION}_amd64.deb"
    info = subprocess.run(["dpkg-deb", "--info", str(deb)], capture_output=True, text=True).stdout
    assert f"Version: {VERSION}" in info
    assert "libxcb-cursor0" in info and "libegl1" in info
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    desktop = (root / "usr/share/applications/shuangsuiji.desktop").read_text("utf-8")
    assert "Name=双随机抽查工作台" in desktop and "Icon=shuangsuiji" in desktop
    assert (root / "usr/share/icons/hicolor/256x256/apps/shuangsuiji.png").exists()
    wrapper = (root / "usr/bin/shuangsuiji").read_text("utf-8")
    assert "/opt/shuangsuiji/shuangsuiji" in wrapper
    with capsys.disabled():
        print(f"\n.deb {deb.name}: {deb.stat().st_size / 2**20:.1f} MiB (gzip)")
