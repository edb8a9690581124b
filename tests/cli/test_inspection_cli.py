"""The CLI contract for checklists: `inspection list`, `print sheet|task|notice`, checked in the PDFs
with pdffonts, pdftotext and zbarimg like an outside check would."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

TASK = "五原市监抽查〔2026〕1号"


def _lines(app_cli, db: Path, *args: str) -> list[list[str]]:
    r = app_cli("--db", str(db), "inspection", "list", *args)
    assert r.returncode == 0, r.stderr
    return [line.split("\t") for line in r.stdout.splitlines() if line.strip()]


def test_inspection_list_one_line_per_visit(app_cli, sample_db: Path) -> None:
    rows = _lines(app_cli, sample_db)
    with sqlite3.connect(sample_db) as conn:
        visits = conn.execute("select count(*) from visits where not is_cancelled").fetchone()[0]
    assert len(rows) == visits
    done = [r for r in rows if r[4] == "已完成" and r[0] != "-"]
    assert len(done) >= 3
    assert all(len(r) == 6 and r[5].startswith("visit=") for r in rows)
    only = _lines(app_cli, sample_db, "--task", TASK)
    assert only and all(r[1] == TASK for r in only)
    assert _lines(app_cli, sample_db, "--task", "没有这个任务") == []


def test_print_sheet_embeds_font_text_and_qr_with_the_content_hash(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    rows = [r for r in _lines(app_cli, sample_db) if r[4] == "已完成" and r[0] != "-"]
    form_id, _task, name, _code, _status, _visit = rows[0]
    out = tmp_path / "sheet.pdf"
    r = app_cli("--db", str(sample_db), "print", "sheet", form_id, str(out))
    assert r.returncode == 0, r.stderr
    fonts = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True
    ).stdout
    cjk = [line for line in fonts.splitlines() if "WenQuanYi" in line]
    assert cjk and all(line.split()[-5:-3] == ["yes", "yes"] for line in cjk)  # emb yes, sub yes
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert name in text and "检查人员" in text
    assert "本次检查结果：" in text
    with sqlite3.connect(sample_db) as conn:
        stored = conn.execute(
            "select content_hash from inspections where id=?", (int(form_id),)
        ).fetchone()[0]
        data = json.loads(
            conn.execute("select data from inspections where id=?", (int(form_id),)).fetchone()[0]
        )
        result_texts = dict(
            conn.execute(
                "select code, text from code_entries where \"table\"='result' and is_active"
                " order by sort_order"
            ).fetchall()
        )
    assert stored and len(stored) == 64
    # The result line names exactly the results stored with the form, in the code table's order
    # (the sheet also prints every result as a box, so finding a phrase anywhere proves nothing).
    chosen = [t for c, t in result_texts.items() if c in (data.get("result_codes") or [])]
    assert chosen, data
    shown = next(line for line in text.splitlines() if "本次检查结果：" in line)
    assert shown.split("本次检查结果：", 1)[1].strip() == "、".join(chosen)
    # A human form number (the task's, then the visit's place in it), not the database id,
    # and the short check code the inspector saw on screen, not the hash.
    with sqlite3.connect(sample_db) as conn:
        task_id, visit_id = conn.execute(
            "select v.task_id, v.id from inspections i join visits v on v.id = i.visit_id"
            " where i.id=?",
            (int(form_id),),
        ).fetchone()
        place = conn.execute(
            "select count(*) from visits where task_id=? and id<=?", (task_id, visit_id)
        ).fetchone()[0]
    flat = "".join(text.split())
    assert f"表单编号：{_task}-{place:03d}" in flat
    assert f"表单编号：{form_id}版本" not in flat
    assert f"核对码：{stored[:4].upper()}-{stored[4:8].upper()}" in flat and stored[:16] not in flat
    subprocess.run(
        ["pdftoppm", "-r", "200", "-f", "1", "-l", "1", "-png", str(out), str(tmp_path / "p")],
        check=True,
    )
    page = next(tmp_path.glob("p*.png"))
    decoded = subprocess.run(
        ["zbarimg", "-q", "--raw", str(page)], capture_output=True, text=True
    ).stdout.strip()
    assert decoded == f"SSJ:{form_id}:{stored}"


def test_print_task_puts_every_completed_sheet_in_one_pdf(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "task.pdf"
    r = app_cli("--db", str(sample_db), "print", "task", TASK, str(out))
    assert r.returncode == 0, r.stderr
    done = [
        r for r in _lines(app_cli, sample_db, "--task", TASK) if r[4] == "已完成" and r[0] != "-"
    ]
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.count("市场监管领域随机抽查情况记录表") == len(done)
    for row in done:
        assert row[2] in text
    assert "拒绝签字" in text and "见证人" in text


def test_print_notice_and_errors(app_cli, sample_db: Path, tmp_path: Path) -> None:
    row = _lines(app_cli, sample_db, "--task", TASK)[0]
    visit_id = row[5].split("=")[1]
    out = tmp_path / "notice.pdf"
    r = app_cli("--db", str(sample_db), "print", "notice", visit_id, str(out))
    assert r.returncode == 0, r.stderr
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "随机抽查通知书" in text and row[2] in text and TASK in text and "需要准备的资料" in text
    bad = app_cli("--db", str(sample_db), "print", "sheet", "999999", str(tmp_path / "x.pdf"))
    assert bad.returncode == 1 and "999999" in bad.stderr
    bad_task = app_cli(
        "--db", str(sample_db), "print", "task", "没有〔2026〕9号", str(tmp_path / "y.pdf")
    )
    assert bad_task.returncode == 1
    usage = app_cli("--db", str(sample_db), "print", "sheet")
    assert usage.returncode == 2
