"""A year in a county office (shared/docs/scenarios.md 1–6), walked end to end on real files.

One test per scenario, in order, sharing one office database, one laptop database and the
files a user would hand around; mostly through `python -m app …`, the services where the CLI
has no command. A failure names the scenario; later scenarios need the earlier ones.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from app.core.domain.codes import make_id_number, make_regno, make_uscc

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
REGION = "150821"
OFFICE = "五原县市场监督管理局"
TOWNS = ["隆兴昌镇", "天吉泰镇", "胜丰镇", "复兴镇"]
FOOD_TOWNS = TOWNS[:3]
FOOD_INDUSTRIES = ["6210", "6220", "5212"]
OTHER_INDUSTRIES = ["5281", "8040", "3311"]
N_TARGETS = 300
DICE_1 = "3 5 2 6 1 4 4 2 6 1"
DICE_2 = "2 5 3 1 6 4 2 2"


@dataclass
class Year:
    """What the office keeps between the scenarios: files, ids, numbers."""

    root: Path
    data_dir: Path
    office: Path
    laptop: Path
    admin: Any = None
    food_task: str = ""
    health_task: str = ""
    plans: dict[str, int] = field(default_factory=dict)
    problem_codes: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    record: Path | None = None
    cert: str = ""
    forms: list[int] = field(default_factory=list)
    draft_visit: int = 0
    completed_on: date | None = None


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Year:
    root = tmp_path_factory.mktemp("year")
    return Year(
        root=root, data_dir=root / "appdata", office=root / "office.db", laptop=root / "laptop.db"
    )


@pytest.fixture(autouse=True)
def _same_data_folder(
    year: Year, _isolated_data_dir: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The office PC keeps its keys in one data folder all year (conftest gives each test a new one)."""
    year.data_dir.mkdir(exist_ok=True)
    monkeypatch.setenv("APP_DATA_DIR", str(year.data_dir))


def cli(
    *args: str | Path, db: Path | None = None, ok: int | None = 0
) -> subprocess.CompletedProcess[str]:
    """`python -m app [--db DB] ARGS` as a user types it; checks the exit code unless ok is None."""
    from tests.conftest import run_app

    full = [*(["--db", str(db)] if db else []), *map(str, args)]
    done = run_app(*full)
    if ok is not None:
        assert done.returncode == ok, f"{full}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    return done


def open_ws(path: Path, actor: Any = None):  # type: ignore[no-untyped-def]
    from app.core.services.kernel.workspace import open_workspace

    ws = open_workspace(path)
    return ws.as_actor(actor) if actor is not None else ws


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def fill_template(template: Path, out: Path, rows: list[list[Any]]) -> None:
    """Types rows under the template's header and hint rows (the title row stays merged)."""
    wb = openpyxl.load_workbook(template)
    sheet = wb["导入数据"]
    assert sheet.merged_cells.ranges, "the template keeps its merged title row"
    for r, row in enumerate(rows, start=4):
        for c, value in enumerate(row, start=1):
            sheet.cell(row=r, column=c, value=value)
    wb.save(out)


def fullwidth(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def target_rows() -> tuple[list[list[Any]], dict[str, list[int]]]:
    """~300 businesses the way a registration-system export looks, with its usual problems.

    Returns the rows and, by kind of problem, their 0-based indexes.
    """
    grades = "AAABBBBCCD"
    rows: list[list[Any]] = []
    marks: dict[str, list[int]] = {
        "bad_check": [],
        "malformed": [],
        "regno_int": [],
        "problem_tag": [],
    }
    for i in range(N_TARGETS):
        town = TOWNS[i % len(TOWNS)]
        food = i % 3 != 2
        industry = (FOOD_INDUSTRIES if food else OTHER_INDUSTRIES)[
            i % 3 if not food else (i // 4) % 3
        ]
        kind = "企业" if i % 2 else "个体工商户"
        body = f"{i:08d}"
        code: Any = make_uscc(
            dept_category="92" if kind == "个体工商户" else "91", region6=REGION, org_body8=body
        )
        word = {
            "6210": "饭店",
            "6220": "快餐店",
            "5212": "超市",
            "5281": "五金店",
            "8040": "美发店",
            "3311": "钢结构厂",
        }[industry]
        name = f"五原县{town[:-1]}{'王李张刘陈杨'[i % 6]}{i:03d}{word}" + (
            "有限公司" if kind == "企业" else ""
        )
        tags = ""
        last = None
        if i % 10 == 5:  # stored as a number: an old 15-digit 注册号 in a numeric cell
            code = int(make_regno(f"150821600{i:05d}"))
            marks["regno_int"].append(i)
        elif i % 17 == 3:
            code = code.lower()
        elif i % 19 == 4:
            code = fullwidth(code)
            name = name.replace("有限公司", "（有限公司）")
        if i in (30, 60, 90, 120, 150):  # right format, wrong check character
            code = make_uscc(dept_category="91", region6=REGION, org_body8=f"{i:08d}")
            code = code[:-1] + ("0" if code[-1] != "0" else "1")
            marks["bad_check"].append(i)
        if i in (40, 80, 130, 170):  # typed wrongly: too short / letters not in the alphabet
            code = {
                40: "9115082100",
                80: "91150821OOOOOOOOOO",
                130: "ABC",
                170: "91150821000001701",
            }[i]
            marks["malformed"].append(i)
        if food and town in FOOD_TOWNS and len(marks["problem_tag"]) < 6 and i % 7 == 1:
            tags = "问题对象（投诉举报）"
            marks["problem_tag"].append(i)
        if food and i % 23 == 0:
            last = date(2025, 11, 3)  # inspected in the last 12 months: 无事不扰
        rows.append(
            [
                code,
                None,
                name,
                kind,
                f"法人{i}",
                f"1380478{i:04d}",
                f"五原县{town}胜利路{i}号",
                town,
                f"{town[:-1]}市场监管所",
                OFFICE,
                industry,
                grades[i % 10],
                "低",
                "存续",
                date(2015, 1, 1),
                last,
                tags,
                None,
            ]
        )
    return rows, marks


def good_code(i: int) -> str:
    kind = "企业" if i % 2 else "个体工商户"
    return make_uscc(
        dept_category="92" if kind == "个体工商户" else "91", region6=REGION, org_body8=f"{i:08d}"
    )


# ---------------------------------------------------------------------------------------------
# 1. Setting up (an office administrator, January)
# ---------------------------------------------------------------------------------------------


def test_1_setting_up(year: Year) -> None:
    from app.core.services.kernel import users
    from app.core.services.kernel.reference import set_setting
    from app.core.services.registry import conflicts
    from app.core.storage.models import Department

    cli("info", db=year.office)  # the first start creates the database
    ws = open_ws(year.office)
    try:
        assert users.needs_first_admin(ws)
        year.admin = users.create_first_admin(
            ws, username="admin", display_name="张明", password="Wuyuan#2026"
        )
        assert not users.needs_first_admin(ws)
        ws = ws.as_actor(year.admin)
        # GAP: no service / CLI names the office or adds departments (the first-start dialog has none
        # either); written here the way the sample county does it.
        with ws.db.session() as s:
            set_setting(s, "office.name", OFFICE)
            set_setting(s, "office.short_name", "五原市监")
            for n, (code, name, short) in enumerate(
                [
                    ("市场监管", OFFICE, "五原市监"),
                    ("卫生健康", "五原县卫生健康委员会", "五原卫健"),
                    ("应急管理", "五原县应急管理局", "五原应急"),
                    ("税务", "国家税务总局五原县税务局", "五原税务"),
                ]
            ):
                s.add(Department(code=code, name=name, short_name=short, sort_order=n))
    finally:
        ws.db.dispose()
    info = cli("info", db=year.office).stdout
    assert "五原县市场监督管理局" in info and "五原市监" in info

    # The target registry: template → filled from the registration system's export → import.
    tpl = year.root / "targets-template.xlsx"
    cli("registry", "template", "targets", tpl, db=year.office)
    rows, marks = target_rows()
    filled = year.root / "targets.xlsx"
    fill_template(tpl, filled, rows)
    report = year.root / "targets-report.xlsx"
    done = cli(
        "registry",
        "import",
        "targets",
        filled,
        "--dry-run",
        "--report",
        report,
        db=year.office,
        ok=1,
    )
    assert "未写入" in done.stderr
    wb = openpyxl.load_workbook(report)
    flagged: dict[int, set[str]] = {}
    for row in wb["校验结果"].iter_rows(values_only=True):
        if row and isinstance(row[0], int):
            flagged.setdefault(row[0], set()).add(str(row[4]))
    expect_errors = {4 + i for i in marks["malformed"]}
    expect_warnings = {4 + i for i in marks["bad_check"]}
    assert set(flagged) == expect_errors | expect_warnings, flagged
    assert all(flagged[r] == {"错误"} for r in expect_errors)
    assert all(flagged[r] == {"警告"} for r in expect_warnings)
    from app.core.services.registry.targets import count_targets

    ws = open_ws(year.office, year.admin)
    try:
        assert count_targets(ws) == 0  # a dry run writes nothing
    finally:
        ws.db.dispose()

    # Fixes the malformed codes in Excel; the wrong check digits are checked against the certificates.
    for i in marks["malformed"]:
        rows[i][0] = good_code(i)
    fill_template(tpl, filled, rows)
    done = cli("registry", "import", "targets", filled, db=year.office, ok=1)
    assert "--accept-warnings" in done.stderr
    done = cli("registry", "import", "targets", filled, "--accept-warnings", db=year.office)
    assert f"新增 inserted {N_TARGETS}" in done.stdout, done.stdout
    again = cli("registry", "import", "targets", filled, "--accept-warnings", db=year.office)
    assert "新增 inserted 0" in again.stdout, again.stdout

    ws = open_ws(year.office, year.admin)
    try:
        assert count_targets(ws) == N_TARGETS
    finally:
        ws.db.dispose()
    # What came in normalised: the lower-case, full-width and numeric codes are found by their text.
    lower = next(
        i for i in range(N_TARGETS) if i % 17 == 3 and i % 10 != 5 and i not in marks["bad_check"]
    )
    hit = cli("registry", "search", good_code(lower)[-8:], db=year.office).stdout
    assert good_code(lower) in hit
    regno_i = marks["regno_int"][1]
    hit = cli("registry", "search", make_regno(f"150821600{regno_i:05d}"), db=year.office).stdout
    assert make_regno(f"150821600{regno_i:05d}") in hit
    year.problem_codes = [
        good_code(i) if i not in marks["regno_int"] else make_regno(f"150821600{i:05d}")
        for i in marks["problem_tag"]
    ]

    # Inspectors, experts and the item list through their templates.
    people = []
    for n in range(12):
        dept, quals = (
            ("市场监管", "食品，产品质量")
            if n < 8
            else (("卫生健康", "卫生") if n < 11 else ("应急管理", "安全生产"))
        )
        expires = date(2025, 12, 31) if n == 7 else date(2028, 6, 30)  # one lapsed certificate
        people.append(
            [
                f"15082{n + 1:06d}",
                f"检查员{'甲乙丙丁戊己庚辛壬癸子丑'[n]}",
                None,
                make_id_number(region6=REGION, birth=date(1980, 1, 1 + n), seq3=100 + n),
                dept,
                "五原县",
                "科员",
                f"1394780{n:04d}",
                expires,
                "五原县人民政府",
                quals,
                None,
                "否",
                "是" if n in (0, 8) else "否",
                "在岗",
            ]
        )
    experts = [
        [f"ZJ{n:03d}", name, "内蒙古农业大学", "食品，食品安全", "食品", None, None, "在岗"]
        for n, name in enumerate(["钱丽华", "孙明"], start=1)
    ]
    basis = (
        "《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》（国发〔2019〕5号）"
    )
    items = [
        [
            "市场监管",
            "食品安全",
            "B07",
            "食品经营者监督检查",
            None,
            "企业，个体工商户",
            "重点",
            None,
            "每年1次",
            "现场检查",
            basis,
            None,
            None,
            "T-SPJY",
            date(2026, 1, 1),
            None,
        ],
        [
            "市场监管",
            "信息公示",
            "A07",
            "企业公示信息抽查",
            None,
            "企业，个体工商户",
            "一般",
            "5%",
            "每年1次",
            "书面检查",
            basis,
            None,
            None,
            "T-GSXX",
            date(2026, 1, 1),
            None,
        ],
        [
            "卫生健康",
            "公共卫生",
            "H01",
            "公共场所卫生监督检查",
            None,
            "企业，个体工商户",
            "一般",
            "5%",
            "每年1次",
            "现场检查",
            basis,
            None,
            None,
            None,
            date(2026, 1, 1),
            None,
        ],
    ]
    for kind, data in (("inspectors", people), ("experts", experts), ("items", items)):
        t = year.root / f"{kind}-template.xlsx"
        cli("registry", "template", kind, t, db=year.office)
        f = year.root / f"{kind}.xlsx"
        fill_template(t, f, data)
        done = cli("registry", "import", kind, f, db=year.office)
        assert f"新增 inserted {len(data)}" in done.stdout, (kind, done.stdout, done.stderr)
    exported = year.root / "inspectors-export.xlsx"
    cli("registry", "export", "inspectors", exported, db=year.office)
    text = " ".join(
        str(c)
        for r in openpyxl.load_workbook(exported).worksheets[0].iter_rows(values_only=True)
        for c in r
        if c
    )
    assert "2028-06-30" in text and "食品" in text
    year.cert = people[0][0]

    # Two declared conflicts of interest, on businesses the draw must take (问题对象).
    ws = open_ws(year.office, year.admin)
    try:
        for cert, code, why in [
            (people[1][0], year.problem_codes[0], "检查人员的兄弟经营该餐馆"),
            (people[2][0], year.problem_codes[1], "检查人员的配偶在该企业任职"),
        ]:
            conflicts.declare_conflict(
                ws,
                inspector_cert_no=cert,
                target_code=code,
                reason=why,
                declared_on=date(2026, 1, 10),
            )
            year.conflicts.append((cert, code))
        assert len(conflicts.list_conflicts(ws)) == 2
    finally:
        ws.db.dispose()


# ---------------------------------------------------------------------------------------------
# 2. Planning (a supervisor, February–March)
# ---------------------------------------------------------------------------------------------


def test_2_planning(year: Year) -> None:
    from app.core.services.draw import joint
    from app.core.services.plan import plans, task_views, tasks
    from app.core.services.plan.task_rules import StratumRule, TaskDraft, TaskItemRule

    ws = open_ws(year.office, year.admin)
    try:
        food_plan = plans.create_plan(
            ws,
            year=2026,
            name="五原县市场监督管理局2026年度双随机抽查工作计划",
            department_code="市场监管",
        )
        health_plan = plans.create_plan(
            ws,
            year=2026,
            name="五原县卫生健康委员会2026年度双随机抽查工作计划",
            department_code="卫生健康",
        )
        grades = [("A", 30), ("B", 50), ("C", 100), ("D", 1000)]
        food = tasks.create_task(
            ws,
            TaskDraft(
                name="2026年度食品经营者随机抽查",
                initiating_department="市场监管",
                plan_id=food_plan.id,
                participating_departments=("市场监管",),
                target_kinds=("企业", "个体工商户"),
                pool_filter={
                    "townships": FOOD_TOWNS,
                    "industry_prefixes": FOOD_INDUSTRIES,
                    "statuses": ["存续"],
                },
                strata=tuple(
                    StratumRule(
                        code=g,
                        label=f"信用{g}级",
                        credit_grades=(g,),
                        ratio_permille=r,
                        qualification="食品",
                    )
                    for g, r in grades
                ),
                mandatory_tags=("问题对象",),
                inspected_within_months=12,
                items=(TaskItemRule("B07"),),  # 重点 only: the C/D strata exceed any 一般 cap
                start_on=date(2026, 4, 1),
                end_on=date(2026, 6, 30),
            ),
        )
        assert food.task_no == "五原市监抽查〔2026〕1号"
        health = tasks.create_task(
            ws,
            TaskDraft(
                name="2026年度公共场所卫生随机抽查",
                initiating_department="卫生健康",
                plan_id=health_plan.id,
                participating_departments=("卫生健康",),
                target_kinds=("企业", "个体工商户"),
                pool_filter={
                    "townships": FOOD_TOWNS,
                    "industry_prefixes": ["6210"],
                    "statuses": ["存续"],
                },
                strata=(
                    StratumRule(
                        code="全部",
                        label="全部",
                        credit_grades=("A", "B", "C", "D"),
                        ratio_permille=50,
                    ),
                ),
                items=(TaskItemRule("H01", 50),),
                start_on=date(2026, 4, 1),
                end_on=date(2026, 6, 30),
            ),
        )
        assert health.task_no == "五原卫健抽查〔2026〕1号"
        year.food_task, year.health_task = food.task_no, health.task_no

        preview = task_views.preview_pool(
            ws, task_views.get_task(ws, food.task_no).draft, on=date(2026, 4, 8)
        )
        sizes = {s.code: s for s in preview.strata}
        assert set(sizes) == {"A", "B", "C", "D"} and preview.total > 100
        # The six repeated-complaint businesses are mandatory; inspected last November are out.
        assert preview.inspectors >= 2

        county = plans.create_joint_plan(
            ws,
            year=2026,
            name="五原县2026年度部门联合双随机抽查工作计划",
            member_plan_ids=[food_plan.id, health_plan.id],
        )
        overlap = joint.pool_overlap(ws, plan_id=county.id, on=date(2026, 4, 8))
        assert overlap.targets > 0, "restaurants are in both departments' pools"
        assert any({a, b} == {food.task_no, health.task_no} for a, b, _n in overlap.pairs)
        for plan in (food_plan, health_plan, county):
            plans.publish_plan(ws, plan.id, on=date(2026, 3, 20))
        year.plans = {"food": food_plan.id, "health": health_plan.id, "county": county.id}
        assert {p.status for p in plans.list_plans(ws, year=2026)} == {"公示"}
    finally:
        ws.db.dispose()

    xlsx, pdf = year.root / "plan.xlsx", year.root / "plan.pdf"
    cli("plan", "export", str(year.plans["county"]), "--xlsx", xlsx, "--pdf", pdf, db=year.office)
    cells = [
        str(c)
        for r in openpyxl.load_workbook(xlsx).worksheets[0].iter_rows(values_only=True)
        for c in r
        if c
    ]
    assert any(year.food_task in c for c in cells) and any(year.health_task in c for c in cells)
    assert any("2026年度食品经营者随机抽查" in c for c in cells)
    text = pdf_text(pdf)
    assert "2026年度食品经营者随机抽查" in text.replace(" ", "") and "公示" in text


# ---------------------------------------------------------------------------------------------
# 3. The public draw (a supervisor and observers, April)
# ---------------------------------------------------------------------------------------------


def test_3_the_draw(year: Year) -> None:
    from app.core.services.checklist import visit_list
    from app.core.services.draw import draw_views, draws
    from app.core.services.kernel import audit_trail

    record = year.root / "record.json"
    cli(
        "draw",
        "run",
        year.food_task,
        "--observer-input",
        DICE_1,
        "--observer-input",
        DICE_2,
        "--observer",
        "公证员 王平",
        "--observer",
        "企业代表 李娜",
        "--date",
        "2026-04-08",
        "-o",
        record,
        db=year.office,
    )
    cli(
        "draw",
        "run",
        year.health_task,
        "--observer-input",
        "6 6 1 2 3 4 5 6 1 2",
        "--date",
        "2026-04-08",
        "-o",
        year.root / "record-health.json",
        db=year.office,
    )
    year.record = record
    assert "PASS" in cli("draw", "verify", record).stdout

    # The journalist at home: the published verifier alone, standard library only, isolated mode.
    home = year.root / "journalist"
    home.mkdir()
    shutil.copy(REPO / "app" / "core" / "draw" / "verifier.py", home / "verifier.py")
    shutil.copy(record, home / "record.json")
    done = subprocess.run(
        [sys.executable, "-I", "verifier.py", "record.json"],
        cwd=home,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and "PASS" in done.stdout, done.stdout + done.stderr
    tampered = json.loads(record.read_text(encoding="utf-8"))
    assert tampered["reveal"]["observer_inputs"] == [DICE_1, DICE_2]
    tampered["reveal"]["observer_inputs"][0] = "1 1 1 1 1 1 1 1 1 1"
    (home / "tampered.json").write_text(json.dumps(tampered, ensure_ascii=False), encoding="utf-8")
    bad = subprocess.run(
        [sys.executable, "-I", "verifier.py", "tampered.json"],
        cwd=home,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode != 0 and "PASS" not in bad.stdout

    ws = open_ws(year.office, year.admin)
    try:
        session = draw_views.list_draw_sessions(ws, task_ref=year.food_task)[-1]
        outcome = draw_views.get_draw(ws, session.id)
        drawn = {t.id: t for t in outcome.targets}
        assert set(year.problem_codes) <= set(drawn), "the six 问题对象 are drawn as mandatory"
        assert all(drawn[c].mandatory for c in year.problem_codes)
        barred = set(year.conflicts)
        for t in outcome.targets:
            assert len(t.team) >= 2, t
            assert not {(m.id, t.id) for m in t.team} & barred, (
                f"a declared conflict in the team of {t.name}"
            )
        assert all(m.id != "15082000008" for t in outcome.targets for m in t.team), (
            "lapsed certificate"
        )

        # A month later one drawn business turns out to be deregistered: the first reserve replaces it.
        visits = visit_list.list_visits(ws, task_no=year.food_task)
        gone = next(v for v in visits if v.business_code not in year.problem_codes)
        rep = draws.replace_drawn_target(
            ws, visit_id=gone.visit_id, reason="该户已于2026年4月注销登记"
        )
        assert rep.old_name == gone.business_name and rep.new_name != gone.business_name
        after = {v.business_name for v in visit_list.list_visits(ws, task_no=year.food_task)}
        assert rep.new_name in after and gone.business_name not in after
        events = audit_trail.list_events(ws, audit_trail.AuditFilter(action="draw."))
        actions = [e.action for e in events]
        assert "draw.replace" in actions and any(a.startswith("draw.lock") for a in actions)
        replaced = next(e for e in events if e.action == "draw.replace")
        assert gone.business_name in (replaced.summary or "") and rep.new_name in (
            replaced.summary or ""
        )
    finally:
        ws.db.dispose()
    trail = cli("audit", "list", "--action", "draw.replace", db=year.office).stdout
    assert "注销" in trail and rep.new_name in trail


# ---------------------------------------------------------------------------------------------
# 4. A day in the field (an inspector, May)
# ---------------------------------------------------------------------------------------------

BATTERY_DIES = """
import os, sys
from app.core.services.checklist import inspections, visit_list
from app.core.services.kernel.workspace import open_workspace
ws = open_workspace(sys.argv[1])
inspections.save_draft(ws, int(sys.argv[2]), data={"answers": {sys.argv[3]: {sys.argv[4]: "no"}},
                       "findings": "冷藏柜温度计缺失"})
os._exit(0)  # the battery dies: no dispose, no goodbye
"""


def test_4_a_day_in_the_field(year: Year) -> None:
    from app.core.services.checklist import inspections, visit_list
    from tests.helpers.inspection_helpers import fill_all, sign_all

    office_pub, laptop_pub = year.root / "office.pub", year.root / "laptop.pub"
    cli("info", db=year.laptop)
    cli("keys", "export", office_pub, db=year.office)
    cli("keys", "export", laptop_pub, db=year.laptop)
    cli("keys", "trust", office_pub, "--role", "office", db=year.laptop)
    # The office issues the laptop's key for 王芳: its results may carry only her forms.
    cli(
        "keys",
        "trust",
        laptop_pub,
        "--role",
        "laptop",
        "--name",
        "王芳的笔记本",
        "--inspector",
        year.cert,
        db=year.office,
    )

    stick = year.root / "usb"
    stick.mkdir()
    bundle = stick / "王芳-assignments.zip"
    out = cli(
        "bundle", "export", "assignments", bundle, "--inspector", year.cert, db=year.office
    ).stdout
    assert "written" in out
    done = cli("bundle", "import", bundle, db=year.laptop)
    assert "added" in done.stdout

    ws = open_ws(year.laptop)
    try:
        visits = visit_list.list_visits(ws)
        assert len(visits) >= 3, visits
        assert all(year.cert in v.team or "检查员甲" in v.team for v in visits)
        first, second, third = visits[:3]
        # First business: the header is already filled; all rows answered; a problem corrected on site.
        form = inspections.start_inspection(
            ws, first.visit_id, started_at=datetime(2026, 5, 12, 9, 30)
        )
        assert form.header["business"]["name"] == first.business_name
        fill_all(ws, form)
        inspections.save_draft(
            ws,
            form.id,
            data={
                "result_codes": ["E"],
                "findings": "散装食品标识不全，已责令改正。",
                "disposals": ["3"],
            },
        )
        sign_all(ws, form)
        inspections.complete_inspection(ws, form.id, ended_at=datetime(2026, 5, 12, 10, 40))
        # Next business: the manager refuses to sign; a witness signs.
        form2 = inspections.start_inspection(
            ws, second.visit_id, started_at=datetime(2026, 5, 12, 14, 0)
        )
        fill_all(ws, form2)
        sign_all(ws, form2, refuse=True)
        inspections.complete_inspection(ws, form2.id, ended_at=datetime(2026, 5, 12, 15, 0))
        year.forms = [form.id, form2.id]
        # Third business: a draft, then the battery dies mid-form.
        form3 = inspections.start_inspection(
            ws, third.visit_id, started_at=datetime(2026, 5, 13, 9, 0)
        )
        sec = form3.sections[0]
        year.draft_visit = third.visit_id
    finally:
        ws.db.dispose()
    row = str(sec.rows[0]["no"])
    env_run = subprocess.run(
        [sys.executable, "-c", BATTERY_DIES, str(year.laptop), str(form3.id), sec.item_code, row],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert env_run.returncode == 0, env_run.stderr
    ws = open_ws(year.laptop)  # restarted
    try:
        again = inspections.current_form(ws, year.draft_visit)
        assert again is not None and again.status == "draft"
        assert again.data.answers == {sec.item_code: {row: "no"}}
        assert again.data.findings == "冷藏柜温度计缺失"
        done_forms = [inspections.get_form(ws, i) for i in year.forms]
        assert [f.status for f in done_forms] == ["completed", "completed"]
        assert all(inspections.verify_inspection(ws, i) for i in year.forms)
    finally:
        ws.db.dispose()

    for n, (form_id, visit) in enumerate(zip(year.forms, (first, second), strict=True)):
        pdf = stick / f"sheet-{n}.pdf"
        cli("print", "sheet", str(form_id), pdf, db=year.laptop)
        text = pdf_text(pdf).replace(" ", "")
        assert visit.business_name in text
        assert "密钥封记有效" in text  # sealed with the laptop's key
    assert "拒绝" in pdf_text(stick / "sheet-1.pdf")


# ---------------------------------------------------------------------------------------------
# 5. Back at the office (a supervisor, May–June)
# ---------------------------------------------------------------------------------------------


def _draft_at(ws: Any, visit_uid: str):  # type: ignore[no-untyped-def]
    from app.core.services.checklist import inspections
    from app.core.storage.models import Visit

    with ws.db.read_session() as s:
        visit_id = s.scalar(select(Visit.id).where(Visit.uid == visit_uid))
    return inspections.current_form(ws, visit_id)


def test_5_back_at_the_office(year: Year) -> None:
    from app.core.services.checklist import inspections
    from app.core.services.exchange import sync_conflicts
    from app.core.services.results import followups, results, reviews
    from app.core.storage.models import Visit

    stick = year.root / "usb"
    first = stick / "results-1.zip"
    cli("bundle", "export", "results", first, db=year.laptop)
    done = cli("bundle", "import", first, db=year.office)
    assert "added" in done.stdout and "conflict:" not in done.stdout, done.stdout
    again = cli("bundle", "import", first, db=year.office)
    assert "already imported" in again.stdout

    # The half-done form was also touched at the office: both sides edit the same draft.
    laptop = open_ws(year.laptop)
    try:
        with laptop.db.read_session() as s:
            draft_uid = s.scalar(select(Visit.uid).where(Visit.id == year.draft_visit))
        form = inspections.current_form(laptop, year.draft_visit)
        inspections.save_draft(laptop, form.id, data={"findings": "冷藏柜温度计缺失（现场补记）"})
    finally:
        laptop.db.dispose()
    ws = open_ws(year.office, year.admin)
    try:
        office_form = _draft_at(ws, draft_uid)
        assert office_form is not None and office_form.data.findings == "冷藏柜温度计缺失"
        inspections.save_draft(
            ws, office_form.id, data={"findings": "办公室补录：冷藏柜温度计缺失"}
        )
    finally:
        ws.db.dispose()
    second = stick / "results-2.zip"
    cli("bundle", "export", "results", second, db=year.laptop)
    done = cli("bundle", "import", second, db=year.office)
    assert "conflict:" in done.stdout, done.stdout
    listed = cli("bundle", "conflicts", db=year.office).stdout
    assert "现场补记" in listed and "办公室补录" in listed, listed

    ws = open_ws(year.office, year.admin)
    try:
        open_conflicts = sync_conflicts.list_conflicts(ws)
        assert len(open_conflicts) == 1
        sync_conflicts.resolve_conflict(ws, open_conflicts[0].id, keep="incoming")
        assert sync_conflicts.list_conflicts(ws) == []
        assert _draft_at(ws, draft_uid).data.findings == "冷藏柜温度计缺失（现场补记）"

        # Review: one goes back with a reason, the rest are approved.
        done_rows = results.list_results(ws, task_no=year.food_task, statuses=["已完成"])
        assert len(done_rows) == 2, done_rows
        reviews.submit_for_review(ws, [r.id for r in done_rows])
        back, ok = done_rows[1], done_rows[0]
        reviews.return_results(ws, [back.id], reason="拒签见证人身份证号需核对，请补充说明")
        reviews.approve_results(ws, [ok.id])
        rows = {r.id: r for r in results.list_results(ws, task_no=year.food_task)}
        assert rows[back.id].status == "退回" and "见证人" in (rows[back.id].review_note or "")
        assert rows[ok.id].status == "通过"
        completed_on, due = rows[ok.id].completed_on, rows[ok.id].publish_due_on
        assert completed_on == date(2026, 5, 12) and due is not None
        year.completed_on = completed_on
    finally:
        ws.db.dispose()
    printed = cli("deadline", completed_on.isoformat(), "--working-days", "20").stdout.strip()
    assert printed == due.isoformat()

    notice = year.root / "公告.xlsx"
    cli("results", "publish", year.food_task, notice, "--date", "2026-06-05", db=year.office)
    assert notice.with_suffix(".pdf").exists()
    sheet_rows = [
        r for r in openpyxl.load_workbook(notice).worksheets[0].iter_rows(values_only=True)
    ]
    text = "\n".join(" ".join(str(c) for c in r if c is not None) for r in sheet_rows)
    assert ok.target_name in text and back.target_name not in text
    assert ok.public_text and ok.public_text in text
    assert year.food_task in text

    ws = open_ws(year.office, year.admin)
    try:
        published = results.list_results(ws, task_no=year.food_task, statuses=["已公示"])
        assert [r.id for r in published] == [ok.id] and published[0].published_on == date(
            2026, 6, 5
        )
        fu = followups.add_follow_up(
            ws,
            ok.id,
            kind="移送",
            to_party="五原县卫生健康委员会",
            note="后厨卫生问题移送卫健部门处理",
        )
        assert [f.status for f in followups.list_follow_ups(ws, open_only=True)] == ["未完结"]
        followups.complete_follow_up(
            ws, fu, completed_on=date(2026, 6, 20), note="卫健部门已立案并责令整改"
        )
        closed = followups.list_follow_ups(ws)
        assert [(f.kind, f.status, f.completed_on) for f in closed] == [
            ("移送", "已完结", date(2026, 6, 20))
        ]
    finally:
        ws.db.dispose()


# ---------------------------------------------------------------------------------------------
# 6. The year's end (the joint-meeting office, December)
# ---------------------------------------------------------------------------------------------


def test_6_the_years_end(year: Year, qtbot) -> None:  # type: ignore[no-untyped-def]
    summary = year.root / "2026年度汇总.xlsx"
    cli("stats", summary, "--year", "2026", "--today", "2026-12-20", db=year.office)
    wb = openpyxl.load_workbook(summary)
    rows = list(wb["部门汇总"].iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "名称")
    food = dict(zip(header, next(r for r in rows if r and r[0] == OFFICE), strict=True))
    # Two sheets completed and entered, one published, the returned one past its deadline.
    # KNOWN GAP (not asserted): 抽取户数 counts result rows, which exist only once a form is
    # started, so it shows 3 instead of every visit the draw made; 卫健's drawn task is absent.
    assert (food["已检查"], food["已录入"], food["已公示"], food["逾期未公示"]) == (2, 2, 1, 1), (
        food
    )

    assert "PASS" in cli("audit", "verify", db=year.office).stdout
    made = cli("backup", "create", "--note", "2026年末", db=year.office).stdout
    assert cli("backup", "check", db=year.office).returncode == 0, made

    # Next year's holidays from the State Council notice.
    refused = cli("deadline", "2026-12-20", "--working-days", "20", db=year.office, ok=1)
    assert "2027" in refused.stdout + refused.stderr
    notice = year.root / "2027.txt"
    notice.write_text(
        "来源：国务院办公厅关于2027年部分节假日安排的通知（示例）\n"
        "2027-01-01~2027-01-03 休 元旦\n2027-02-05~2027-02-13 休 春节\n2027-04-05~2027-04-07 休 清明节\n"
        "2027-05-01~2027-05-05 休 劳动节\n2027-06-09~2027-06-11 休 端午节\n2027-09-15~2027-09-17 休 中秋节\n"
        "2027-10-01~2027-10-07 休 国庆节\n2027-02-14 班\n2027-09-26 班\n2027-10-09 班\n",
        encoding="utf-8",
    )
    cli("calendar", "import", notice, db=year.office)
    due = cli("deadline", "2026-12-20", "--working-days", "20", db=year.office).stdout.strip()
    assert date.fromisoformat(due) > date(2027, 1, 3)

    # The window on the year's database: the status bar carries the deadline warning.
    from app.core.services.results import deadlines
    from app.ui.context import UiContext
    from app.ui.main_window import MainWindow
    from app.ui.runner import TaskRunner

    ws = open_ws(year.office, year.admin)
    try:
        expected = deadlines.deadline_summary(ws)
        window = MainWindow(UiContext(ws, TaskRunner()))
        qtbot.addWidget(window)
        window.show()
        want = f"{expected.due_soon} 项即将到期 / {expected.overdue} 项已逾期"
        qtbot.waitUntil(lambda: window.deadline_status.text().startswith(want), timeout=10000)
        if date.today() > date(2026, 7, 31):  # the returned result's 20 working days are long gone
            assert expected.overdue >= 1
        window.close()
        qtbot.wait(50)
    finally:
        ws.db.dispose()
