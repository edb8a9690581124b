"""The command line under malformed input and a closed pipe: a message and an exit code,
never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    return env


def test_output_into_a_closed_pipe_stops_quietly(sample_db: Path) -> None:
    args = [sys.executable, "-m", "app", "--db", str(sample_db), "registry", "search", "有限"]
    args += ["--limit", "100000"]
    full = subprocess.run(args, env=_env(), capture_output=True, timeout=300)
    assert full.returncode == 0, full.stderr
    assert len(full.stdout) > 4 * 4096  # more than the 4 KiB pipe and a reader buffer hold
    # `python -m app ... | head -1`: the reader takes one line and goes away
    proc = subprocess.Popen(
        args, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, pipesize=4096
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    code = proc.wait(timeout=300)
    assert first and full.stdout.startswith(first)
    assert err == b"", err.decode(errors="replace")
    assert code == 141  # as a process stopped by SIGPIPE, not 1 with a traceback


@pytest.fixture
def junk(tmp_path: Path) -> Path:
    (tmp_path / "adir").mkdir()
    (tmp_path / "garbage.bin").write_bytes(b"\x00\xff not a database, not a zip, not JSON")
    (tmp_path / "deep.json").write_text('{"year":' * 50_000 + "1" + "}" * 50_000)
    return tmp_path


CASES = [
    (["plan", "import", "{d}/adir"], "Is a directory"),
    (["keys", "trust", "{d}/adir", "--role", "laptop"], "Is a directory"),
    (["audit", "export", "{d}/missing/dir/x.xlsx"], "No such file or directory"),
    (["bundle", "import", "{d}/garbage.bin"], "不是完整的数据包"),
    (["bundle", "verify", "{d}/adir"], "错误"),
    (["draw", "verify", "{d}/garbage.bin"], "错误"),
    (["registry", "import", "targets", "{d}/garbage.bin"], "错误"),
    (["backup", "restore", "{d}/garbage.bin"], "错误"),
    (["calendar", "import", "{d}/garbage.bin"], "错误"),
    (["plan", "import", "{d}/deep.json"], "嵌套超过 32 层"),
    (["calendar", "import", "{d}/deep.json"], "嵌套超过 32 层"),
    (["keys", "trust", "{d}/deep.json", "--role", "laptop"], "过大"),
    (["draw", "replay", "{d}/deep.json", "-o", "{d}/out.json"], "nested deeper than 64"),
    (["--db", "{d}/adir", "info"], "无法使用数据库"),
    (["--db", "{d}/garbage.bin", "info"], "无法使用数据库"),
    (["--db", "postgresql://nobody@127.0.0.1:1/x", "info"], "无法使用数据库"),
]


@pytest.mark.parametrize(("argv", "message"), CASES, ids=[" ".join(c[0][:2]) for c in CASES])
def test_malformed_input_gets_a_message_and_exit_1(
    app_cli, junk: Path, argv: list[str], message: str
) -> None:
    args = [a.format(d=junk) for a in argv]
    if "--db" not in args:
        args = ["--db", str(junk / "county.db"), *args]
    r = app_cli(*args)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr, r.stderr
    assert message in r.stderr, r.stderr
