"""Shared fixtures: real SQLite files in tmp dirs, a small sample county, Qt offscreen.

The sample county is built once per test session and copied per test (a real file each time).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault(
    "QT_QPA_FONTDIR", str(Path(__file__).resolve().parents[1] / "resources" / "fonts")
)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SMALL_COUNTY_TARGETS = 600


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keeps every test away from the real user data folder and Qt settings."""
    data = tmp_path_factory.mktemp("appdata")
    monkeypatch.setenv("APP_DATA_DIR", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(data / "config"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "county.db"


@pytest.fixture
def workspace(db_path: Path) -> Iterator[object]:
    from app.core.services.kernel.workspace import open_workspace

    ws = open_workspace(db_path)
    yield ws
    ws.db.dispose()


@pytest.fixture(scope="session")
def _sample_county_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from app.core.demo.county import create_sample_county

    path = tmp_path_factory.mktemp("sample") / "sample.db"
    # The installation's private key lives in the data folder, not in the database: made in
    # the template's own folder (never the real one), copied with every copy of the database
    # so each can sign (bundles, sealed forms) like the original.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("APP_DATA_DIR", str(path.parent / "appdata"))
        create_sample_county(path, targets=SMALL_COUNTY_TARGETS)
    return path


@pytest.fixture
def sample_db(_sample_county_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the small sample county (600 targets, 60 inspectors, 20 items)."""
    target = tmp_path / "sample.db"
    shutil.copyfile(_sample_county_template, target)
    keys = _sample_county_template.parent / "appdata" / "keys"
    if keys.is_dir():
        shutil.copytree(keys, Path(os.environ["APP_DATA_DIR"]) / "keys", dirs_exist_ok=True)
    return target


@pytest.fixture
def sample_workspace(sample_db: Path) -> Iterator[object]:
    from app.core.services.kernel.workspace import open_workspace

    ws = open_workspace(sample_db)
    yield ws
    ws.db.dispose()


def run_app(
    *args: str, cwd: Path | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    """Runs `python -m app ARGS` in a subprocess, as a user would."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=cwd or REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def app_cli():
    return run_app


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the server scripts/pg.sh started; dropped afterwards.

    Skipped on a developer machine without the server; in CI (CI=true) a missing server fails.
    """
    import uuid

    base = os.environ.get("APP_TEST_PG_URL")
    if not base:
        if os.environ.get("CI"):
            pytest.fail(
                "APP_TEST_PG_URL is not set: scripts/dev.sh test should have started PostgreSQL"
            )
        pytest.skip("PostgreSQL not started (run through scripts/dev.sh test)")
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield base.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Runs a storage/service test once on a SQLite file and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "county.db")
    return request.getfixturevalue("pg_url")
