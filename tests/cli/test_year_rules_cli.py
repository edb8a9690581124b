"""Issue 16, through the CLI on real files: the seeds' hard rules across the whole year.

Each test is one "Done when" bullet: a count stratum above a 一般 cap refused at save (plan
import) and at `draw run`; a mandatory target without a credit grade not lost; a check outside
the draw (`check record`) keeping a business out of a 12-month pool; a re-import with an empty
上次检查日期 column changing nothing; the plan-adjustment deadline; `plan import` → `plan
publish` → `draw run` → `draw verify`.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

from tests.helpers.registry_files import TARGET_HEADER, target_row, uscc, write_rows

DRAW_DAY = "2026-04-08"
INPUTS = ["--observer-input", "人大代表 4471", "--observer-input", "媒体 9023"]


def plan_json(
    path: Path,
    *,
    count: int | None = None,
    ratio: int | None = None,
    name: str = "2026年度登记事项抽查（导入）",
    **task_over: Any,
) -> Path:
    stratum: dict[str, Any] = {
        "code": "全部",
        "label": "信用A-D级",
        "credit_grades": ["A", "B", "C", "D"],
    }
    if count is not None:
        stratum["count"] = count
    else:
        stratum["ratio_permille"] = ratio if ratio is not None else 30
    task = {
        "name": name,
        "items": [{"code": "A08"}],
        "target_kinds": ["企业", "个体工商户"],
        "pool_filter": {"statuses": ["存续"]},
        "strata": [stratum],
        "mandatory_tags": ["问题对象"],
        "inspected_within_months": 12,
        "inspectors_per_target": 2,
        "participating_departments": ["市场监管"],
        "start_on": "2026-04-01",
        "end_on": "2026-06-30",
        "method": "现场检查",
    }
    task.update(task_over)
    plan = {
        "year": 2026,
        "name": "五原县市场监管局2026年度登记事项抽查计划",
        "department": "五原市监",
        "kind": "annual",
        "tasks": [task],
    }
    path.write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def count(db: Path, sql: str, *args: Any) -> Any:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchone()[0]
    finally:
        con.close()


def ok(done: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def imported(app_cli, db: Path, file: Path) -> tuple[int, list[str]]:
    done = ok(app_cli("--db", str(db), "plan", "import", str(file)))
    numbers = done.stdout.split()
    plan_id = int(done.stderr.rsplit("plan_id=", 1)[1].split()[0])
    return plan_id, numbers


def test_a_count_stratum_above_the_cap_is_refused_at_save_and_at_draw_run(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    db = str(sample_db)
    plans_before = count(sample_db, "select count(*) from plans")
    # 500 of ~530 eligible businesses for A08 (一般, 50‰): refused at save, nothing written.
    refused = app_cli(
        "--db", db, "plan", "import", str(plan_json(tmp_path / "over.json", count=500))
    )
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "2026年度登记事项抽查（导入）" in refused.stderr and "A08" in refused.stderr
    assert (
        "上限 50‰" in refused.stderr
        and "（500 户）" in refused.stderr
        and "上限允许" in refused.stderr
    )
    assert "Traceback" not in refused.stderr and refused.stdout == ""
    assert count(sample_db, "select count(*) from plans") == plans_before
    assert count(sample_db, "select count(*) from tasks where name like '%导入%'") == 0

    # Within the cap it is saved; a task saved before this rule (here: its strata changed in the
    # file by an older version) is refused again at the lock, naming item, cap and figure.
    plan_id, (task_no,) = imported(app_cli, sample_db, plan_json(tmp_path / "fine.json", count=5))
    ok(app_cli("--db", db, "plan", "publish", str(plan_id)))
    con = sqlite3.connect(sample_db)
    con.execute(
        "update tasks set strata = ? where task_no = ?",
        (
            json.dumps(
                [
                    {
                        "code": "全部",
                        "label": "全部",
                        "credit_grades": ["A", "B", "C", "D"],
                        "count": 500,
                    }
                ]
            ),
            task_no,
        ),
    )
    con.commit()
    con.close()
    drawn = app_cli("--db", db, "draw", "run", task_no, *INPUTS, "--date", DRAW_DAY)
    assert drawn.returncode == 1, drawn.stdout + drawn.stderr
    assert "A08" in drawn.stderr and "上限 50‰" in drawn.stderr and "（500 户）" in drawn.stderr
    assert (
        count(
            sample_db,
            "select count(*) from draw_sessions d join tasks t on t.id = d.task_id where t.task_no = ?",
            task_no,
        )
        == 0
    )


def test_a_mandatory_target_without_a_credit_grade_is_drawn_in_the_catch_all_stratum(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    db = str(sample_db)
    # A complaint target the registry file gives no credit grade: it fits no stratum of the task.
    header = [*TARGET_HEADER, "标签"]
    row = [
        *target_row(91001, "五原县无评级投诉对象商贸有限公司", credit=None),
        "问题对象（投诉举报）",
    ]
    ok(
        app_cli(
            "--db",
            db,
            "registry",
            "import",
            "targets",
            str(write_rows(tmp_path / "t.xlsx", [header, row])),
        )
    )
    code = uscc(91001)
    plan_id, (task_no,) = imported(app_cli, sample_db, plan_json(tmp_path / "p.json", ratio=30))
    ok(app_cli("--db", db, "plan", "publish", str(plan_id)))
    record = tmp_path / "record.json"
    ok(app_cli("--db", db, "draw", "run", task_no, *INPUTS, "--date", DRAW_DAY, "-o", str(record)))
    data = json.loads(record.read_text(encoding="utf-8"))
    catch_all = next(e for e in data["selection"] if e["stratum"] == "必查兜底")
    assert code in catch_all["selected"] and code in catch_all["mandatory"]
    # every 问题对象 of the pool was drawn, none silently dropped
    con = sqlite3.connect(sample_db)
    tagged = {
        r[0]
        for r in con.execute(
            "select coalesce(t.uscc, t.reg_no, t.uid) from targets t join target_tags g on g.target_id = t.id "
            "where g.tag = '问题对象' and t.status = '存续' and t.kind in ('企业', '个体工商户')"
        )
    }
    con.close()
    selected = {t for e in data["selection"] for t in e["selected"]}
    assert tagged and tagged <= selected
    assert ok(app_cli("draw", "verify", str(record))).stdout.strip() == "PASS"


def test_a_check_recorded_outside_the_draw_keeps_the_business_out_of_a_12_month_pool(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    db = str(sample_db)
    con = sqlite3.connect(sample_db)
    code = con.execute(
        "select uscc from targets where uscc is not null and status = '存续' and kind = '企业' "
        "and credit_grade = 'A' and last_inspected_on is null and id not in (select target_id from target_tags) "
        "order by uscc limit 1"
    ).fetchone()[0]
    con.close()
    done = ok(
        app_cli(
            "--db",
            db,
            "check",
            "record",
            "--target",
            code,
            "--department",
            "市场监管",
            "--date",
            "2026-03-02",
            "--kind",
            "投诉举报",
            "--ref",
            "12315-2026-0301",
        )
    )
    assert "已登记" in done.stdout and "投诉举报" in done.stdout
    listed = ok(app_cli("--db", db, "check", "list", "--target", code)).stdout
    assert "2026-03-02\t投诉举报" in listed and "12315-2026-0301" in listed
    # the registry's 上次检查日期 follows the ledger
    assert (
        count(sample_db, "select last_inspected_on from targets where uscc = ?", code)
        == "2026-03-02"
    )

    plan_id, (task_no,) = imported(
        app_cli, sample_db, plan_json(tmp_path / "p.json", ratio=1000, items=[{"code": "B07"}])
    )
    ok(app_cli("--db", db, "plan", "publish", str(plan_id)))
    record = tmp_path / "record.json"
    ok(app_cli("--db", db, "draw", "run", task_no, *INPUTS, "--date", DRAW_DAY, "-o", str(record)))
    data = json.loads(record.read_text(encoding="utf-8"))
    selected = {t for e in data["selection"] for t in e["selected"]}
    excluded = {t for s in data["manifest"]["strata"] for t in s["excluded"]}
    assert code in excluded and code not in selected
    assert len(selected) > 100  # everyone else eligible was drawn (1000‰ of a 重点 item)

    # bad input: nothing written, a clear message
    bad = app_cli(
        "--db",
        db,
        "check",
        "record",
        "--target",
        "91150821MA0000000X",
        "--department",
        "市场监管",
        "--date",
        "2026-03-02",
        "--kind",
        "日常检查",
    )
    assert bad.returncode == 1 and "没有代码" in bad.stderr and "Traceback" not in bad.stderr
    bad = app_cli(
        "--db",
        db,
        "check",
        "record",
        "--target",
        code,
        "--department",
        "市场监管",
        "--date",
        "2026-13-40",
        "--kind",
        "日常检查",
    )
    assert bad.returncode == 1 and "不是 YYYY-MM-DD" in bad.stderr
    assert count(sample_db, "select count(*) from check_records") == 1
    ok(app_cli("--db", db, "audit", "verify"))  # every write above went through the sealed trail


def test_drawn_but_not_visited_businesses_count_for_the_next_pool_and_the_yearly_ceiling(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    db = str(sample_db)
    first_id, (first,) = imported(app_cli, sample_db, plan_json(tmp_path / "a.json", ratio=30))
    ok(app_cli("--db", db, "plan", "publish", str(first_id)))
    rec_a = tmp_path / "a-record.json"
    ok(app_cli("--db", db, "draw", "run", first, *INPUTS, "--date", DRAW_DAY, "-o", str(rec_a)))
    drawn_a = {
        t for e in json.loads(rec_a.read_text(encoding="utf-8"))["selection"] for t in e["selected"]
    }

    # A ceiling of one check per business per year, across departments.
    ok(app_cli("--db", db, "check", "ceiling", "1"))
    second = plan_json(
        tmp_path / "b.json",
        ratio=1000,
        name="2026年度食品经营者复查（导入）",
        items=[{"code": "B07"}],
        inspected_within_months=0,
        mandatory_tags=[],
    )
    data = json.loads(second.read_text(encoding="utf-8"))
    data["name"] = "五原县市场监管局2026年度食品复查计划"
    second.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    second_id, (task_b,) = imported(app_cli, sample_db, second)
    ok(app_cli("--db", db, "plan", "publish", str(second_id)))
    rec_b = tmp_path / "b-record.json"
    ok(app_cli("--db", db, "draw", "run", task_b, *INPUTS, "--date", DRAW_DAY, "-o", str(rec_b)))
    b = json.loads(rec_b.read_text(encoding="utf-8"))
    excluded_b = {t for s in b["manifest"]["strata"] for t in s["excluded"]}
    assert drawn_a and drawn_a <= excluded_b  # drawn in task 1, not visited yet: at the ceiling
    assert not drawn_a & {t for e in b["selection"] for t in e["selected"]}
    assert ok(app_cli("draw", "verify", str(rec_b))).stdout.strip() == "PASS"


def test_a_reimport_with_an_empty_last_inspected_column_changes_nothing(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    db = str(sample_db)
    header = [*TARGET_HEADER, "上次检查日期"]
    first = [*target_row(92001, "五原县复导测试商贸有限公司"), "2026-05-12"]
    ok(
        app_cli(
            "--db",
            db,
            "registry",
            "import",
            "targets",
            str(write_rows(tmp_path / "1.xlsx", [header, first])),
        )
    )
    code = uscc(92001)
    assert (
        count(sample_db, "select last_inspected_on from targets where uscc = ?", code)
        == "2026-05-12"
    )
    again = [*target_row(92001, "五原县复导测试商贸有限公司"), None]
    ok(
        app_cli(
            "--db",
            db,
            "registry",
            "import",
            "targets",
            str(write_rows(tmp_path / "2.xlsx", [header, again])),
        )
    )
    assert (
        count(sample_db, "select last_inspected_on from targets where uscc = ?", code)
        == "2026-05-12"
    )
    earlier = [*target_row(92001, "五原县复导测试商贸有限公司"), "2025-01-01"]
    ok(
        app_cli(
            "--db",
            db,
            "registry",
            "import",
            "targets",
            str(write_rows(tmp_path / "3.xlsx", [header, earlier])),
        )
    )
    assert (
        count(sample_db, "select last_inspected_on from targets where uscc = ?", code)
        == "2026-05-12"
    )
    # …and the business stays out of a 12-month pool drawn after that date
    plan_id, (task_no,) = imported(
        app_cli, sample_db, plan_json(tmp_path / "p.json", ratio=1000, items=[{"code": "B07"}])
    )
    ok(app_cli("--db", db, "plan", "publish", str(plan_id)))
    record = tmp_path / "r.json"
    ok(
        app_cli(
            "--db", db, "draw", "run", task_no, *INPUTS, "--date", "2026-06-01", "-o", str(record)
        )
    )
    data = json.loads(record.read_text(encoding="utf-8"))
    assert code in {t for s in data["manifest"]["strata"] for t in s["excluded"]}


def test_plan_import_publish_draw_run_gives_a_verifiable_record(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    db = str(sample_db)
    plan_id, numbers = imported(app_cli, sample_db, plan_json(tmp_path / "p.json", ratio=50))
    assert numbers == ["五原市监抽查〔2026〕3号"]  # the sample plan holds 1号 and 2号
    assert count(sample_db, "select status from plans where id = ?", plan_id) == "草拟"
    ok(app_cli("--db", db, "plan", "publish", str(plan_id)))
    record = tmp_path / "record.json"
    out = ok(
        app_cli(
            "--db", db, "draw", "run", numbers[0], *INPUTS, "--date", DRAW_DAY, "-o", str(record)
        )
    ).stdout
    assert "status=ok" in out
    assert ok(app_cli("draw", "verify", str(record))).stdout.strip() == "PASS"


def test_plan_import_refuses_bad_files_naming_the_task_and_the_rule(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    db = str(sample_db)
    kinds = plan_json(tmp_path / "kinds.json", items=[{"code": "A07"}])  # A07: 企业/农专社 only
    done = app_cli("--db", db, "plan", "import", str(kinds))
    assert (
        done.returncode == 1
        and "A07" in done.stderr
        and "只适用于企业、农民专业合作社" in done.stderr
    )
    assert "个体工商户" in done.stderr and "2026年度登记事项抽查（导入）" in done.stderr
    broken = tmp_path / "broken.json"
    broken.write_text('{"year": 2026, "name": "x", ', encoding="utf-8")
    done = app_cli("--db", db, "plan", "import", str(broken))
    assert done.returncode == 1 and "JSON 格式错误" in done.stderr
    odd = plan_json(
        tmp_path / "odd.json", start_on="2026-02-30", colour="red", pool_filter={"statuses": "存续"}
    )
    done = app_cli("--db", db, "plan", "import", str(odd))
    assert done.returncode == 1 and "colour" in done.stderr and "2026-02-30" in done.stderr
    assert "pool_filter.statuses：须为文字列表" in done.stderr
    zero = plan_json(tmp_path / "zero.json", inspectors_per_target=0)
    done = app_cli("--db", db, "plan", "import", str(zero))
    assert done.returncode == 1 and "至少 2 人" in done.stderr
    assert count(sample_db, "select count(*) from plans") == 1


def test_the_plan_adjustment_deadline_appears_after_an_adjustment_and_ends_when_published(
    sample_workspace,
) -> None:
    from app.core.domain.localtime import local_today
    from app.core.services.plan import plans, task_views, tasks
    from app.core.services.results import deadlines

    ws = sample_workspace
    plan = plans.list_plans(ws)[0]
    assert plan.status in ("公示", "执行中") and plan.revision == 0
    assert not [
        i
        for i in deadlines.list_deadlines(ws, today=local_today()).items
        if i.rule == "plan_adjustment"
    ]
    detail = next(
        d
        for d in (task_views.get_task(ws, t.id) for t in task_views.list_tasks(ws, plan_id=plan.id))
        if not d.frozen
    )
    task = detail
    changed = detail.draft.__class__(**{**detail.draft.__dict__, "end_on": date(2026, 10, 31)})
    tasks.update_task(ws, task.id, changed, reason="检查期限延长一个月")
    found = [
        i
        for i in deadlines.list_deadlines(ws, today=local_today()).items
        if i.rule == "plan_adjustment"
    ]
    assert (
        len(found) == 1
        and "第1次调整" in found[0].subject
        and found[0].note == "检查期限延长一个月"
    )
    assert found[0].due is not None and found[0].due > found[0].start
    plans.publish_plan(ws, plan.id)  # publishing the adjustment ends its deadline
    assert not [
        i
        for i in deadlines.list_deadlines(ws, today=local_today()).items
        if i.rule == "plan_adjustment"
    ]
    assert plans.get_plan(ws, plan.id).revisions[0].published_on == local_today()


def test_the_years_timetable_shows_seed_milestones_closed_by_published_plans(
    app_cli, sample_db: Path
) -> None:
    db = str(sample_db)
    shown = ok(
        app_cli("--db", db, "timetable", "show", "--year", "2026", "--today", "2026-02-15")
    ).stdout.splitlines()
    # 五原 第十三、十四条 by default: 抽查重点 (Dec before), department plans (Jan), joint plan (Mar)
    assert [line.split("\t")[0] for line in shown] == ["2025-12-31", "2026-01-31", "2026-03-31"]
    assert shown[2].split("\t")[1] == "未到期" and "五原 第十三条" in shown[2]
    assert shown[0].split("\t")[1] == "已逾期"  # nobody closed 抽查重点 yet
    ok(app_cli("--db", db, "timetable", "done", "focus", "--year", "2026"))
    ok(app_cli("--db", db, "timetable", "preset", "贵阳"))
    shown = ok(
        app_cli("--db", db, "timetable", "show", "--year", "2027", "--today", "2026-10-20")
    ).stdout
    assert "2026-10-31\t即将到期\t抽查事项清单和抽查计划" in shown and "2027-12-05" in shown
    ok(app_cli("--db", db, "timetable", "set", "summary", "--month", "12", "--day", "20"))
    assert "2027-12-20" in ok(app_cli("--db", db, "timetable", "show", "--year", "2027")).stdout
    bad = app_cli("--db", db, "timetable", "set", "summary", "--month", "2", "--day", "30")
    assert bad.returncode == 1 and "不是有效日期" in bad.stderr


def test_an_item_list_adjustment_has_its_deadline_until_the_list_is_published(
    sample_workspace,
) -> None:
    from app.core.domain.localtime import local_today
    from app.core.services.plan import timetable
    from app.core.services.registry import items
    from app.core.services.results import deadlines

    ws = sample_workspace
    timetable.publish_item_list(ws)
    assert not [i for i in deadlines.list_deadlines(ws).items if i.rule == "item_list_adjustment"]
    a08 = next(i for i in items.current_items(ws) if i.values["code"] == "A08")
    values = {
        **a08.values,
        "department": "市场监管",
        "ratio_cap_permille": "3%",
        "change_reason": "上级清单调整：比例下调",
    }
    values["target_kinds"] = "，".join(values["target_kinds"] or [])
    items.save_item(ws, item_id=a08.id, values=values)
    found = [i for i in deadlines.list_deadlines(ws).items if i.rule == "item_list_adjustment"]
    assert len(found) == 1 and found[0].subject.startswith("A08") and found[0].due > found[0].start
    timetable.publish_item_list(ws)
    assert not [i for i in deadlines.list_deadlines(ws).items if i.rule == "item_list_adjustment"]
    with ws.db.read_session() as s:
        assert timetable.item_list_published(s)[0] == local_today()


def test_staff_without_a_certificate_are_registered_as_daily_supervision_and_never_drawn(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    db = str(sample_db)
    rows = [
        ["执法证号", "姓名", "所属部门", "执法证有效期至", "执法资格", "人员状态"],
        ["工号-0417", "周日常", "五原市监", None, "食品", "日常监管人员"],
        ["NM-15082099", "吴执法", "五原市监", "长期", "食品", "在岗"],
    ]
    ok(
        app_cli(
            "--db",
            db,
            "registry",
            "import",
            "inspectors",
            str(write_rows(tmp_path / "i.xlsx", rows, title=None)),
        )
    )
    assert (
        count(sample_db, "select status from inspectors where cert_no = '工号-0417'") == "日常监管"
    )
    plan_id, (task_no,) = imported(app_cli, sample_db, plan_json(tmp_path / "p.json", ratio=50))
    ok(app_cli("--db", db, "plan", "publish", str(plan_id)))
    record = tmp_path / "r.json"
    ok(app_cli("--db", db, "draw", "run", task_no, *INPUTS, "--date", DRAW_DAY, "-o", str(record)))
    data = json.loads(record.read_text(encoding="utf-8"))
    people = {p["id"] for p in data["population"]["inspectors"]}
    members = {m for a in data["assignment"] or [] for m in a["team"]}
    assert "NM-15082099" in people  # a certified officer of the same department is drawable
    assert "工号-0417" not in people | members


def test_a_no_business_activity_result_proposes_the_registry_status_to_a_supervisor(
    app_cli, sample_db: Path
) -> None:
    db = str(sample_db)
    listed = ok(app_cli("--db", db, "proposal", "list")).stdout.splitlines()
    assert listed, "the sample county has results coded F"
    first = listed[0].split("\t")
    result_id, code = first[0], first[2]
    assert "F 未发现开展本次抽查涉及的经营活动" in listed[0] and first[-1].endswith("→ 无经营迹象")
    ok(app_cli("--db", db, "proposal", "apply", result_id))
    assert (
        count(sample_db, "select status from targets where coalesce(uscc, reg_no, uid) = ?", code)
        == "无经营迹象"
    )
    assert (
        count(
            sample_db,
            "select count(*) from audit_events where action = 'target.status_from_result'",
        )
        == 1
    )
    assert (
        count(sample_db, "select count(*) from registry_changes where note like '检查结果 F%'") == 1
    )
    after = ok(app_cli("--db", db, "proposal", "list")).stdout.splitlines()
    assert len(after) == len(listed) - 1 and all(
        not line.startswith(result_id + "\t") for line in after
    )
    again = app_cli("--db", db, "proposal", "apply", result_id)
    assert again.returncode == 1 and "没有待处理" in again.stderr
    if after:
        other = after[0].split("\t")[0]
        refused = app_cli("--db", db, "proposal", "dismiss", other, "--reason", " ")
        assert refused.returncode == 1 and "理由" in refused.stderr
        ok(
            app_cli(
                "--db",
                db,
                "proposal",
                "dismiss",
                other,
                "--reason",
                "经营者已在县内另址经营，登记地址待变更",
            )
        )
        assert (
            len(ok(app_cli("--db", db, "proposal", "list")).stdout.splitlines()) == len(after) - 1
        )


def test_the_years_total_per_item_stays_within_the_configured_ratio(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    db = str(sample_db)
    ok(app_cli("--db", db, "rules", "year-ratio", "--item", "A08", "20"))
    assert "事项\tA08\t20‰" in ok(app_cli("--db", db, "rules", "show")).stdout
    # 30‰ of the pool is within A08's own cap (50‰) but above the year's 20‰ of the registry
    refused = app_cli("--db", db, "plan", "import", str(plan_json(tmp_path / "a.json", ratio=30)))
    assert (
        refused.returncode == 1 and "A08" in refused.stderr and "年度抽查比例 20‰" in refused.stderr
    )
    plan_id, (first,) = imported(app_cli, sample_db, plan_json(tmp_path / "b.json", ratio=15))
    ok(app_cli("--db", db, "plan", "publish", str(plan_id)))
    ok(app_cli("--db", db, "draw", "run", first, *INPUTS, "--date", DRAW_DAY))
    # a second task the same year: the businesses already drawn count
    second = plan_json(tmp_path / "c.json", ratio=15, name="2026年度登记事项第二次抽查（导入）")
    data = json.loads(second.read_text(encoding="utf-8"))
    data["name"] = "五原县市场监管局2026年度登记事项补充计划"
    second.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    refused = app_cli("--db", db, "plan", "import", str(second))
    assert (
        refused.returncode == 1
        and "全年已抽" in refused.stderr
        and "年度抽查比例 20‰" in refused.stderr
    )
    usage = app_cli("--db", db, "rules", "year-ratio", "--item", "A08")
    assert usage.returncode == 2


def test_plan_template_filled_in_a_spreadsheet_imports_publishes_and_draws(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    db = str(sample_db)
    template = tmp_path / "计划模板.xlsx"
    ok(app_cli("plan", "template", str(template)))
    wb = load_workbook(template)
    meta = wb["计划"]
    meta["B3"] = "五原县市场监管局2026年度登记事项抽查计划（表格）"
    meta["B4"] = "五原市监"
    wb["任务"]["E2"] = "52、62"  # 行业代码前缀
    wb["任务"]["K2"] = "2026/04/01"  # a date typed as text, the way WPS users do
    wb["分层"]["G3"] = 400  # CD: a count as well as a ratio → refused, named by row
    wb.save(template)
    refused = app_cli("--db", db, "plan", "import", str(template))
    assert (
        refused.returncode == 1
        and "分层第2行" in refused.stderr
        and "比例（‰）和户数须且只能填一项" in refused.stderr
    )
    wb["分层"]["G3"] = None
    wb.save(template)
    plan_id, numbers = imported(app_cli, sample_db, template)
    assert numbers == ["五原市监抽查〔2026〕3号"]
    shown = ok(app_cli("--db", db, "plan", "show", str(plan_id))).stdout
    assert "2026年度登记事项随机抽查" in shown and "A08" in shown
    ok(app_cli("--db", db, "plan", "publish", str(plan_id)))
    record = tmp_path / "r.json"
    ok(
        app_cli(
            "--db", db, "draw", "run", numbers[0], *INPUTS, "--date", DRAW_DAY, "-o", str(record)
        )
    )
    assert ok(app_cli("draw", "verify", str(record))).stdout.strip() == "PASS"


def test_the_item_list_is_published_with_its_notice_and_the_unsuited_items(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    db = str(sample_db)
    refused = app_cli("--db", db, "itemlist", "unsuited-add", "特种设备事故调查", "--reason", " ")
    assert refused.returncode == 1 and "理由" in refused.stderr
    ok(
        app_cli(
            "--db",
            db,
            "itemlist",
            "unsuited-add",
            "特种设备事故调查",
            "--department",
            "市场监管",
            "--reason",
            "依事故报告立即开展，不适宜随机抽取",
        )
    )
    assert "依事故报告立即开展" in ok(app_cli("--db", db, "itemlist", "unsuited")).stdout
    pdf = tmp_path / "清单公告.pdf"
    ok(app_cli("--db", db, "itemlist", "publish", str(pdf), "--date", "2026-01-20"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    assert "公示日期：2026-01-20" in flat and "企业公示信息抽查" in flat and "50‰" in flat
    assert "不适宜随机抽查的检查事项及理由" in flat and "依事故报告立即开展" in flat
    shown = count(sample_db, "select value from settings where key = 'items.published_on'")
    assert '"on": "2026-01-20"' in shown


def test_a_key_items_visits_are_split_into_random_batches_anyone_can_recompute(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    import hashlib
    import hmac

    db = str(sample_db)
    plan_id, (task_no,) = imported(
        app_cli, sample_db, plan_json(tmp_path / "p.json", ratio=300, items=[{"code": "B07"}])
    )
    bad = app_cli("--db", db, "plan", "batches", task_no, "0")
    assert bad.returncode == 1 and "批次数" in bad.stderr
    ok(app_cli("--db", db, "plan", "batches", task_no, "3"))
    ok(app_cli("--db", db, "plan", "publish", str(plan_id)))
    record = tmp_path / "r.json"
    ok(app_cli("--db", db, "draw", "run", task_no, *INPUTS, "--date", DRAW_DAY, "-o", str(record)))
    late = app_cli("--db", db, "plan", "batches", task_no, "4")
    assert late.returncode == 1 and "抽取前确定" in late.stderr
    lines = [
        line.split("\t")
        for line in ok(app_cli("--db", db, "plan", "batches", task_no)).stdout.splitlines()
    ]
    data = json.loads(record.read_text(encoding="utf-8"))
    drawn = [t for e in data["selection"] for t in e["selected"]]
    assert sorted(code for _b, code, _n, _s in lines) == sorted(drawn)
    sizes = [sum(1 for b, *_ in lines if b == str(n)) for n in (1, 2, 3)]
    assert max(sizes) - min(sizes) <= 1 and sum(sizes) == len(drawn)
    # the order is the record's own: HMAC-SHA256(seed, cj(["batch", code])), ascending
    seed = bytes.fromhex(data["seed"])

    def tkt(code: str) -> str:
        msg = json.dumps(["batch", code], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return hmac.new(seed, msg, hashlib.sha256).hexdigest()

    assert [code for _b, code, _n, _s in lines] == sorted(drawn, key=tkt)


def test_the_plan_adjustment_deadline_through_the_cli(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    """Import a plan, publish it, add a task to it (an adjustment, with its reason), then
    `results deadlines --all` lists the 10-working-day deadline until `plan publish` again."""
    from app.core.services.kernel.workspace import open_workspace
    from app.core.services.plan import task_views, tasks

    db = str(sample_db)
    plan_id, _numbers = imported(app_cli, sample_db, plan_json(tmp_path / "p.json", ratio=30))
    ok(app_cli("--db", db, "plan", "publish", str(plan_id)))
    assert "抽查计划调整公示" not in ok(app_cli("--db", db, "results", "deadlines", "--all")).stdout
    ws = open_workspace(sample_db)
    try:
        detail = task_views.get_task(ws, _numbers[0])
        extra = detail.draft.__class__(
            **{**detail.draft.__dict__, "name": "2026年度登记事项补充抽查", "plan_id": plan_id}
        )
        tasks.create_task(ws, extra, reason="新增补充抽查任务")
    finally:
        ws.db.dispose()
    listed = ok(app_cli("--db", db, "results", "deadlines", "--all")).stdout
    line = next(x for x in listed.splitlines() if "抽查计划调整公示" in x)
    assert "第1次调整" in line and "新增补充抽查任务" in line
    assert "待公示" in ok(app_cli("--db", db, "plan", "show", str(plan_id))).stdout
    assert "已公示第1次调整" in ok(app_cli("--db", db, "plan", "publish", str(plan_id))).stdout
    assert "抽查计划调整公示" not in ok(app_cli("--db", db, "results", "deadlines", "--all")).stdout
    again = app_cli("--db", db, "plan", "publish", str(plan_id))
    assert again.returncode == 1 and "没有待公示的调整" in again.stderr
