"""`draw run` and `plan …` through the real entry point: a headless session whose record verifies."""

from __future__ import annotations

import json


def test_draw_run_writes_a_record_that_draw_verify_passes(app_cli, sample_db, tmp_path) -> None:
    record = tmp_path / "record.json"
    task = "五原市监抽查〔2026〕2号"
    run = app_cli(
        "--db",
        str(sample_db),
        "draw",
        "run",
        task,
        "--observer-input",
        "3 5 2 6 1",
        "--observer-input",
        "42 17",
        "--observer",
        "公证员",
        "--observer",
        "企业代表",
        "--date",
        "2026-05-06",
        "-o",
        str(record),
    )
    assert run.returncode == 0, run.stderr
    assert "status=ok" in run.stdout
    data = json.loads(record.read_text("utf-8"))
    assert data["manifest"]["session"]["task_no"] == task
    assert data["reveal"]["observer_inputs"] == ["3 5 2 6 1", "42 17"]
    verify = app_cli("draw", "verify", str(record))
    assert verify.returncode == 0 and verify.stdout.strip() == "PASS"

    data["reveal"]["observer_inputs"][1] = "42 18"  # a tampered input must fail
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert app_cli("draw", "verify", str(bad)).returncode == 1

    again = app_cli("--db", str(sample_db), "draw", "run", task, "--observer-input", "1")
    assert again.returncode == 1 and "备选递补" in again.stderr


def test_draw_run_refuses_unknown_tasks_and_a_missing_input(app_cli, sample_db) -> None:
    unknown = app_cli(
        "--db", str(sample_db), "draw", "run", "不存在抽查〔2026〕9号", "--observer-input", "1"
    )
    assert unknown.returncode == 1 and "没有编号" in unknown.stderr
    missing = app_cli("--db", str(sample_db), "draw", "run", "五原市监抽查〔2026〕2号")
    assert missing.returncode == 2


def test_plan_list_show_and_export(app_cli, sample_db, tmp_path) -> None:
    listed = app_cli("--db", str(sample_db), "plan", "list")
    assert (
        listed.returncode == 0 and "执行中" in listed.stdout
    )  # the sample plan was published and drawn
    shown = app_cli("--db", str(sample_db), "plan", "show", "1")
    assert "五原市监抽查〔2026〕1号" in shown.stdout and "已抽取" in shown.stdout
    out = app_cli(
        "--db",
        str(sample_db),
        "plan",
        "export",
        "1",
        "--xlsx",
        str(tmp_path / "p.xlsx"),
        "--pdf",
        str(tmp_path / "p.pdf"),
    )
    assert (
        out.returncode == 0
        and (tmp_path / "p.xlsx").stat().st_size
        and (tmp_path / "p.pdf").stat().st_size
    )
    back = app_cli("--db", str(sample_db), "plan", "state", "1", "草拟")
    assert back.returncode == 1
