"""Times people read are Beijing time whatever the machine's TZ says (stored UTC, shown local).

The stored instants sit just before midnight UTC on 2026-12-04, so Beijing time is already
2026-12-05: a display that forgot to convert shows the wrong hour *and* the wrong date.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.core.domain import localtime
from app.core.domain.localtime import fmt_time, fmt_time_cn, to_utc, zone_label

REPO = Path(__file__).resolve().parents[3]
LATE_UTC = "2026-12-04 17:30:00.000000"  # → 2026-12-05 01:30 北京时间
LOCK_UTC = "2026-12-04 16:45:07.000000"  # → 2026-12-05 00:45:07
DONE_UTC = "2026-12-04 16:46:09.000000"


def _run(code: str, tz: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "APP_TIME_ZONE"}
    env.update(PYTHONPATH=str(REPO), TZ=tz)
    return subprocess.run(
        [sys.executable, *(["-c", code] if code else []), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def late_db(sample_db: Path) -> Path:
    """The sample county with a login and a draw stamped late on a UTC day."""
    from app.core.services.kernel import users
    from app.core.services.kernel.workspace import open_workspace

    ws = open_workspace(sample_db, backup=False)
    users.create_user(
        ws, username="admin", display_name="管理员", role="admin", password="Correct-Horse-9"
    )
    ws.db.dispose()
    con = sqlite3.connect(sample_db)
    with con:
        con.execute("UPDATE users SET last_login_at = ? WHERE username = 'admin'", (LATE_UTC,))
        sid = con.execute(
            "SELECT id FROM draw_sessions WHERE status = 'ok' ORDER BY id LIMIT 1"
        ).fetchone()[0]
        con.execute(
            "UPDATE draw_sessions SET locked_at = ?, finished_at = ? WHERE id = ?",
            (LOCK_UTC, DONE_UTC, sid),
        )
    con.close()
    return sample_db


@pytest.mark.parametrize("tz", ["UTC", "Asia/Shanghai", "America/New_York"])
def test_cli_and_draw_notice_show_beijing_time_whatever_the_machine_zone(
    late_db: Path, tmp_path: Path, tz: str
) -> None:
    users = _run("", tz, "-m", "app", "--db", str(late_db), "user", "list")
    assert users.returncode == 0, users.stderr
    admin = next(line for line in users.stdout.splitlines() if line.startswith("admin"))
    assert "last login 2026-12-05 01:30" in admin

    pdf = tmp_path / f"notice-{tz.replace('/', '_')}.pdf"
    code = textwrap.dedent(
        f"""
        import sqlite3
        from app.core.services.draw import draw_results
        from app.core.services.kernel.workspace import open_workspace
        sid = sqlite3.connect({str(late_db)!r}).execute(
            "SELECT id FROM draw_sessions WHERE status = 'ok' ORDER BY id LIMIT 1").fetchone()[0]
        ws = open_workspace({str(late_db)!r}, backup=False)
        draw_results.export_draw_notice_pdf(ws, session_id=sid, path={str(pdf)!r})
        """
    )
    made = _run(code, tz)
    assert made.returncode == 0, made.stderr
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "锁定时间（北京时间）" in text and "2026-12-05 00:45:07" in text
    assert "完成时间（北京时间）" in text and "2026-12-05 00:46:09" in text
    assert "UTC" not in text.replace("UTC+", "")
    assert "2026-12-04 16:45" not in text


def test_audit_list_prints_beijing_time_under_a_utc_machine(sample_db: Path) -> None:
    con = sqlite3.connect(sample_db)
    with con:
        last = con.execute("SELECT id, at FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()
    con.close()
    from datetime import datetime

    expected = fmt_time(datetime.fromisoformat(last[1]), seconds=True)
    shown = _run("", "UTC", "-m", "app", "--db", str(sample_db), "audit", "list", "--limit", "1")
    assert shown.returncode == 0, shown.stderr
    assert f"#{last[0]}  {expected}" in shown.stdout
    assert expected != datetime.fromisoformat(last[1]).strftime("%Y-%m-%d %H:%M:%S")


def test_formatting_helper_is_the_office_zone_not_the_machine_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time
    from datetime import datetime

    late = datetime(2026, 12, 4, 17, 30)
    for tz in ("UTC", "Asia/Shanghai", "Pacific/Honolulu"):
        monkeypatch.setenv("TZ", tz)
        time.tzset()
        assert fmt_time(late) == "2026-12-05 01:30"
        assert fmt_time(late, seconds=True, zone=True) == "2026-12-05 01:30:00（北京时间）"
        assert fmt_time_cn(late, zone=True) == "2026年12月5日 01:30（北京时间）"
        assert fmt_time("2026-12-04T17:30:00Z") == "2026-12-05 01:30"
        assert to_utc(datetime(2026, 12, 5, 1, 30)) == late
        assert fmt_time(None, empty="—") == "—"
    monkeypatch.delenv("TZ")
    time.tzset()


def test_the_office_zone_is_a_setting(sample_workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import datetime

    from app.core.domain.errors import ValidationError
    from app.core.services.kernel import office

    monkeypatch.setattr(localtime, "_zone", localtime._zone)
    monkeypatch.setattr(localtime, "_zone_name", localtime._zone_name)
    with pytest.raises(ValidationError, match="时区"):
        office.set_office(
            sample_workspace,
            name="五原县市场监督管理局",
            short_name="五原市监",
            time_zone="Mars/Base",
        )
    office.set_office(
        sample_workspace,
        name="五原县市场监督管理局",
        short_name="五原市监",
        time_zone="Asia/Urumqi",
    )
    assert fmt_time(datetime(2026, 12, 4, 17, 30)) == "2026-12-04 23:30"
    assert zone_label() == "UTC+06:00"
    localtime.set_office_zone(None)
    assert zone_label() == "北京时间"


def test_printed_sheet_names_the_zone_and_dates_signatures_on_the_office_calendar(
    sample_db: Path, tmp_path: Path
) -> None:
    con = sqlite3.connect(sample_db)
    with con:
        insp = con.execute(
            "SELECT id FROM inspections WHERE status = 'completed' ORDER BY id"
        ).fetchone()[0]
        con.execute(  # signed at 01:00 Beijing time on the 12th: still the 11th in UTC
            "UPDATE signatures SET signed_at = '2026-05-11 17:00:00.000000' WHERE inspection_id = ? AND role = 'party'",
            (insp,),
        )
        others = {
            r[0]
            for r in con.execute(
                "SELECT signed_at FROM signatures WHERE inspection_id = ? AND role = 'inspector'",
                (insp,),
            )
        }
    con.close()
    assert all(o.startswith("2026-05-11 0") for o in others), others  # 上午 in Beijing, stored UTC
    out = tmp_path / "sheet.pdf"
    made = _run(
        "", "UTC", "-m", "app", "--db", str(sample_db), "print", "sheet", str(insp), str(out)
    )
    assert made.returncode == 0, made.stderr
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    assert "（北京时间）" in flat  # 检查时间 … 至 …（北京时间）
    assert "2026年5月12日" in flat  # the party's signature date, on the office's calendar
    assert "2026年5月11日" in flat
