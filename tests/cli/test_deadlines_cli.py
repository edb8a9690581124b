"""`python -m app deadline`: the official 2026 arrangement, years without data, user years."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli.main import run

# (start, working days, due) on the State Council's 2026 arrangement (国办发明电〔2025〕7号).
CASES_2026 = [
    ("2025-12-31", 1, "2026-01-04"),  # 元旦 01-01..03 off, Sunday 01-04 is a 调休 working day
    ("2026-01-02", 1, "2026-01-04"),
    ("2026-02-13", 1, "2026-02-14"),  # 春节: Saturday 02-14 works
    ("2026-02-14", 1, "2026-02-24"),  # 春节 02-15..23 off
    ("2026-02-13", 2, "2026-02-24"),
    ("2026-02-27", 1, "2026-02-28"),  # the second Saturday of 春节 that works
    ("2026-02-28", 1, "2026-03-02"),
    ("2026-04-03", 1, "2026-04-07"),  # 清明 04-04..06
    ("2026-04-30", 1, "2026-05-06"),  # 劳动节 05-01..05
    ("2026-05-08", 1, "2026-05-09"),  # Saturday 05-09 works
    ("2026-06-18", 1, "2026-06-22"),  # 端午 06-19..21
    ("2026-05-25", 20, "2026-06-23"),  # publication limit across 端午 (scenarios.md 5.3)
    ("2026-09-18", 1, "2026-09-20"),  # Sunday 09-20 works (中秋/国庆 调休)
    ("2026-09-24", 1, "2026-09-28"),  # 中秋 09-25..27
    ("2026-09-30", 1, "2026-10-08"),  # 国庆 10-01..07
    ("2026-10-09", 1, "2026-10-10"),  # Saturday 10-10 works
    ("2026-09-30", 5, "2026-10-13"),  # dispatch limit across 国庆 and Saturday 10-10
    ("2026-06-01", 0, "2026-06-01"),
]


@pytest.mark.parametrize(("start", "days", "due"), CASES_2026)
def test_due_dates_on_the_official_2026_calendar(capsys, start: str, days: int, due: str) -> None:
    assert run(["deadline", start, "--working-days", str(days)]) == 0
    assert capsys.readouterr().out == f"{due}\n"


def test_the_contract_through_the_entry_point(app_cli) -> None:
    r = app_cli("deadline", "2026-05-25", "--working-days", "20")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "2026-06-23\n"


@pytest.mark.parametrize(
    ("start", "days", "year"), [("2026-12-20", 20, "2027"), ("2031-03-02", 1, "2031")]
)
def test_a_year_without_data_exits_1_naming_it(app_cli, start: str, days: int, year: str) -> None:
    r = app_cli("deadline", start, "--working-days", str(days))
    assert r.returncode == 1
    assert r.stdout == ""
    assert f"没有{year}年" in r.stderr and "Traceback" not in r.stderr


def test_bad_arguments_are_usage_errors(capsys) -> None:
    with pytest.raises(SystemExit) as bad_date:
        run(["deadline", "2026-02-30", "--working-days", "1"])
    assert bad_date.value.code == 2
    with pytest.raises(SystemExit) as negative:
        run(["deadline", "2026-02-03", "--working-days", "-1"])
    assert negative.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_rule_uses_the_configured_limit(capsys) -> None:
    assert run(["deadline", "2026-05-25", "--rule", "publication"]) == 0
    assert capsys.readouterr().out == "2026-06-23\n"


USER_2027 = """\
来源：测试用2027年安排（非官方）
2027-01-01~2027-01-03 休 元旦
2027-02-06~2027-02-12 休 春节
2027-02-14 班
"""


def test_a_user_year_in_the_database_extends_deadline_with_db(app_cli, tmp_path: Path) -> None:
    db = tmp_path / "cal.db"
    holiday_file = tmp_path / "cn-2027.txt"
    holiday_file.write_text(USER_2027, encoding="utf-8")
    imported = app_cli("--db", str(db), "calendar", "import", str(holiday_file))
    assert imported.returncode == 0, imported.stderr
    assert "2027" in imported.stdout
    with_db = app_cli("--db", str(db), "deadline", "2026-12-25", "--working-days", "5")
    assert with_db.returncode == 0, with_db.stderr
    # 12-28..31 are 4 days; 2027-01-01..03 off; Monday 01-04 is the 5th.
    assert with_db.stdout == "2027-01-04\n"
    shipped_only = app_cli("deadline", "2026-12-25", "--working-days", "5")
    assert shipped_only.returncode == 1
    listed = app_cli("--db", str(db), "calendar", "show")
    assert "2027\t用户添加" in listed.stdout and "2026\t随软件提供" in listed.stdout


def test_a_bad_holiday_file_names_the_line_and_adds_nothing(app_cli, tmp_path: Path) -> None:
    db = tmp_path / "cal.db"
    bad = tmp_path / "bad.txt"
    bad.write_text("来源：x\n2027-01-01 休 元旦\n2027-02-09 班\n", encoding="utf-8")  # a Tuesday
    r = app_cli("--db", str(db), "calendar", "import", str(bad))
    assert r.returncode == 1
    assert "第3行" in r.stderr
    assert app_cli("--db", str(db), "deadline", "2026-12-30", "--working-days", "2").returncode == 1
