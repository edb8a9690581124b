"""Sample registries of 五原县: departments, inspectors, experts, items, targets, one plan.

Names, codes and grades are made up but shaped like the real thing: valid check digits,
GB/T 4754 industry codes, a few expired certificates, a few tagged and closed businesses.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from app.core.domain import codes
from app.core.domain.numbering import format_task_no
from app.core.domain.states import PlanState
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.reference import set_setting
from app.core.storage.models import (
    Conflict,
    Department,
    Expert,
    InspectionItem,
    Inspector,
    Plan,
    Target,
    TargetTag,
    Task,
    TaskItem,
)
from app.core.storage.search import search_key

from .sample import SampleSummary

if TYPE_CHECKING:
    from app.core.services.kernel.workspace import Workspace

    from .sample import SampleSpec

REGION = "150821"  # 五原县 (GB/T 2260)
OFFICE = "五原县市场监督管理局"
TOWNSHIPS = [
    "隆兴昌镇",
    "天吉泰镇",
    "胜丰镇",
    "新公中镇",
    "复兴镇",
    "塔尔湖镇",
    "银定图镇",
    "和胜乡",
]
UNITS = {t: f"{t[:-1] if t.endswith('镇') else t[:-1]}市场监管所" for t in TOWNSHIPS}
DEPARTMENTS = [  # code, name, short name for task numbers, qualifications its officers hold
    (
        "市场监管",
        "五原县市场监督管理局",
        "五原市监",
        ["食品", "特种设备", "计量", "产品质量", "广告", "价格", "药品"],
    ),
    ("应急管理", "五原县应急管理局", "五原应急", ["安全生产", "特种设备"]),
    ("卫生健康", "五原县卫生健康委员会", "五原卫健", ["卫生", "药品", "医疗器械"]),
    ("生态环境", "巴彦淖尔市生态环境局五原分局", "五原环境", ["环境"]),
    ("税务", "国家税务总局五原县税务局", "五原税务", ["税务"]),
    ("文化旅游", "五原县文化旅游体育局", "五原文旅", ["文化"]),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕鹏辉斌宇浩凯健俊帆帅旭宁龙林欣晨瑞博文"
# industry code, business word, likely kinds
INDUSTRIES = [
    ("6210", "饭店"),
    ("6220", "快餐店"),
    ("6291", "小吃店"),
    ("5212", "超市"),
    ("5211", "百货商店"),
    ("5221", "粮油店"),
    ("5223", "果蔬店"),
    ("5225", "保健品店"),
    ("5251", "大药房"),
    ("5281", "五金店"),
    ("5232", "服装店"),
    ("5261", "汽车销售"),
    ("8040", "美发店"),
    ("8051", "洗浴中心"),
    ("1431", "面粉厂"),
    ("1512", "酒业"),
    ("2231", "纸制品厂"),
    ("3311", "钢结构厂"),
    ("5165", "建材批发部"),
    ("5174", "五金批发部"),
    ("0141", "蔬菜种植"),
    ("0311", "养牛场"),
    ("5292", "网店"),
    ("8810", "演艺"),
]
KIND_WEIGHTS = [("个体工商户", 55), ("企业", 40), ("农民专业合作社", 5)]
CREDIT_WEIGHTS = [("A", 40), ("B", 40), ("C", 15), ("D", 5)]
RISK_WEIGHTS = [("低", 50), ("中", 30), ("较高", 15), ("高", 5)]
STATUS_WEIGHTS = [("存续", 93), ("注销", 3), ("吊销", 2), ("无经营迹象", 2)]
ITEMS = [  # department, code, name, kind, cap ‰, template, target kinds
    ("市场监管", "A07", "企业公示信息抽查", "一般", 50, "T-GSXX", ["企业", "农民专业合作社"]),
    ("市场监管", "A08", "登记事项检查", "一般", 50, None, ["企业", "个体工商户"]),
    ("市场监管", "A10", "广告违法行为检查", "一般", 30, "T-JGGG", ["企业", "个体工商户"]),
    ("市场监管", "A13", "价格行为检查", "一般", 30, "T-JGGG", ["企业", "个体工商户"]),
    ("市场监管", "B07", "食品经营者监督检查", "重点", None, "T-SPJY", ["企业", "个体工商户"]),
    ("市场监管", "B10", "药品经营使用质量检查", "重点", None, None, ["企业"]),
    ("市场监管", "C03", "计量器具使用检查", "一般", 50, "T-JLQJ", ["企业", "个体工商户"]),
    ("市场监管", "C11", "特种设备使用单位检查", "重点", None, "T-TZSB", ["企业"]),
    ("市场监管", "C13", "产品质量监督抽查", "一般", 30, "T-CPZL", ["企业"]),
    ("市场监管", "A11", "商标使用行为检查", "一般", 30, None, ["企业"]),
    ("应急管理", "E01", "危险化学品经营单位安全检查", "重点", None, None, ["企业"]),
    ("应急管理", "E02", "工贸企业安全生产检查", "一般", 50, None, ["企业"]),
    ("卫生健康", "H01", "公共场所卫生监督检查", "一般", 50, None, ["企业", "个体工商户"]),
    ("卫生健康", "H02", "生活饮用水卫生监督检查", "一般", 50, None, ["企业"]),
    ("生态环境", "G01", "排污单位监督检查", "一般", 50, None, ["企业"]),
    ("生态环境", "G02", "固体废物污染防治检查", "一般", 30, None, ["企业"]),
    ("税务", "S01", "发票使用情况检查", "一般", 30, None, ["企业", "个体工商户"]),
    ("税务", "S02", "纳税申报情况检查", "一般", 30, None, ["企业"]),
    ("文化旅游", "W01", "娱乐场所经营活动检查", "一般", 50, None, ["企业", "个体工商户"]),
    ("文化旅游", "W02", "网络上网服务场所检查", "一般", 50, None, ["企业", "个体工商户"]),
]
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _phone(rng: random.Random) -> str:
    return rng.choice(["13", "15", "18", "17"]) + "".join(
        rng.choice("0123456789") for _ in range(9)
    )


def has_data(ws: Workspace) -> bool:
    with ws.db.read_session() as s:
        return bool(s.scalar(select(func.count()).select_from(Target)))


def populate(ws: Workspace, rng: random.Random, spec: SampleSpec) -> None:
    today = date(2026, 1, 5)
    with ws.db.session() as s:
        set_setting(s, "office.name", OFFICE)
        set_setting(s, "office.short_name", "五原市监")
        depts: dict[str, Department] = {}
        for order, (code, name, short, _q) in enumerate(DEPARTMENTS):
            depts[code] = Department(code=code, name=name, short_name=short, sort_order=order)
        s.add_all(depts.values())
        s.flush()

        inspectors: list[Inspector] = []
        serial = 0
        for code, _name, _short, quals in DEPARTMENTS:
            for i in range(spec.inspectors_per_department):
                serial += 1
                birth = date(1965, 1, 1) + timedelta(days=rng.randrange(365 * 35))
                male = rng.random() < 0.6
                expires = today + timedelta(days=rng.randrange(200, 1500))
                if serial in (7, 23):  # two certificates that lapsed last year
                    expires = date(2025, rng.randrange(1, 12), 28)
                inspectors.append(
                    Inspector(
                        cert_no=f"15082{serial:06d}",
                        name=_person(rng),
                        sex="男" if male else "女",
                        id_number=codes.make_id_number(
                            region6=REGION,
                            birth=birth,
                            seq3=rng.randrange(0, 500) * 2 + (1 if male else 0),
                        ),
                        department_id=depts[code].id,
                        unit=TOWNSHIPS[i % len(TOWNSHIPS)]
                        if code == "市场监管"
                        else depts[code].name,
                        position=rng.choice(
                            ["科员", "副所长", "所长", "一级主任科员", "四级主任科员"]
                        ),
                        phone=_phone(rng),
                        cert_expires_on=expires,
                        cert_issuer="五原县人民政府"
                        if code != "税务"
                        else "国家税务总局内蒙古自治区税务局",
                        qualifications=sorted(
                            rng.sample(quals, k=min(len(quals), rng.choice((1, 2, 2, 3))))
                        ),
                        expertise=[],
                        is_leader=i == 0,
                        status="失效" if serial == 41 else "在岗",
                    )
                )
        s.add_all(inspectors)

        for n, (name, unit, exp) in enumerate(
            [
                ("赵建国", "巴彦淖尔市特种设备检验所", ["特种设备", "锅炉压力容器"]),
                ("钱丽华", "内蒙古农业大学食品科学院", ["食品", "食品安全"]),
                ("孙明", "巴彦淖尔市计量测试所", ["计量"]),
                ("李秀英", "五原县人民医院药剂科", ["药品", "医疗器械"]),
                ("周志强", "内蒙古安全生产技术中心", ["安全生产", "危险化学品"]),
                ("吴静", "巴彦淖尔市产品质量检验所", ["产品质量"]),
            ],
            start=1,
        ):
            s.add(
                Expert(
                    code=f"ZJ{n:03d}",
                    name=name,
                    unit=unit,
                    expertise=exp,
                    service_domain=exp[0],
                    phone=_phone(rng),
                    email=f"expert{n}@example.cn",
                )
            )

        items: dict[str, InspectionItem] = {}
        for dept, code, name, kind, cap, template, kinds in ITEMS:
            items[code] = InspectionItem(
                department_id=depts[dept].id,
                category=f"{dept}检查事项",
                code=code,
                name=name,
                target_kinds=kinds,
                kind=kind,
                ratio_cap_permille=cap,
                frequency="每年1次",
                method="现场检查、书面检查",
                legal_basis="《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》（国发〔2019〕5号）",
                content=f"{name}：检查相关法律法规规定事项的落实情况",
                inspector_requirements="具有行政执法资格的检查人员2名以上",
                template_code=template,
                effective_from=date(2026, 1, 1),
            )
        s.add_all(items.values())

        targets: list[Target] = []
        used_bodies: set[str] = set()
        for _ in range(spec.targets):
            kind = _pick(rng, KIND_WEIGHTS)
            township = rng.choice(TOWNSHIPS)
            industry, word = rng.choice(INDUSTRIES)
            owner = _person(rng)
            category = {"企业": "1", "个体工商户": "2", "农民专业合作社": "3"}[kind]
            while True:
                body = "".join(
                    rng.choice(USCC_CHARS[:10] if rng.random() < 0.6 else USCC_CHARS)
                    for _ in range(8)
                )
                if body not in used_bodies:
                    used_bodies.add(body)
                    break
            suffix = {
                "企业": rng.choice(["有限公司", "有限责任公司", "商贸有限公司"]),
                "个体工商户": "",
                "农民专业合作社": "专业合作社",
            }[kind]
            name = f"五原县{township[:-1]}{owner}{word}{suffix}"
            status = _pick(rng, STATUS_WEIGHTS)
            last = today - timedelta(days=rng.randrange(30, 720)) if rng.random() < 0.2 else None
            t = Target(
                uscc=codes.make_uscc(dept_category="9" + category, region6=REGION, org_body8=body),
                name=name,
                kind=kind,
                legal_rep=owner,
                phone=_phone(rng),
                liaison=_person(rng) if kind == "企业" else None,
                address=f"内蒙古自治区巴彦淖尔市五原县{township}{rng.choice(['新华', '建设', '胜利', '团结', '丰收'])}{rng.choice(['街', '路', '村'])}{rng.randrange(1, 300)}号",
                township=township,
                supervising_unit=UNITS[township],
                registration_authority="五原县市场监督管理局",
                industry_code=industry,
                credit_grade=_pick(rng, CREDIT_WEIGHTS),
                risk_class=_pick(rng, RISK_WEIGHTS),
                status=status,
                established_on=date(1995, 1, 1) + timedelta(days=rng.randrange(365 * 30)),
                last_inspected_on=last,
            )
            t.search_text = search_key(t.name)  # codes are searched in their own columns
            targets.append(t)
        s.add_all(targets)
        s.flush()
        alive = [t for t in targets if t.status == "存续"]
        for t in rng.sample(alive, k=min(20, len(alive))):
            s.add(
                TargetTag(
                    target_id=t.id, tag="重点对象", source="", note="特种设备使用单位，全覆盖"
                )
            )
        for t in rng.sample(alive, k=min(10, len(alive))):
            s.add(
                TargetTag(
                    target_id=t.id,
                    tag="问题对象",
                    source=rng.choice(["投诉举报", "转办交办", "立案", "数据监测"]),
                    note="2025年多次投诉",
                    since=date(2025, rng.randrange(1, 12), 1),
                )
            )
        # Two declared conflicts of interest (scenarios.md 1.4).
        for insp, tgt, why in [
            (inspectors[2], alive[0], "检查人员的兄弟经营该餐馆"),
            (inspectors[5], alive[1], "检查人员的配偶在该企业任职"),
        ]:
            s.add(
                Conflict(
                    inspector_id=insp.id,
                    target_id=tgt.id,
                    reason=why,
                    declared_on=date(2026, 1, 10),
                )
            )
        log_event(
            s,
            ws.actor,
            "demo.create",
            summary=f"示例数据：{spec.targets} 户检查对象，{len(inspectors)} 名检查人员",
        )


def populate_plan(ws: Workspace, rng: random.Random, spec: SampleSpec) -> None:
    del rng, spec
    with ws.db.session() as s:
        dept = s.scalars(select(Department).where(Department.code == "市场监管")).one()
        items = {i.code: i for i in s.scalars(select(InspectionItem))}
        plan = Plan(
            year=2026,
            name="五原县市场监督管理局2026年度双随机抽查工作计划",
            kind="annual",
            department_id=dept.id,
            status=PlanState.DRAFT,
            notes="按照国发〔2019〕5号文件要求制定",
        )
        s.add(plan)
        s.flush()
        # Task 1 holds only the 重点 item B07, so its C/D strata may go above a 一般 cap; A07
        # (一般, 50‰, 企业/农专社 only) is task 2's, whose strata stay within the cap (rules.md).
        tasks = [
            (
                "2026年度食品经营者随机抽查",
                ["B07"],
                ["隆兴昌镇", "天吉泰镇", "胜丰镇"],
                [
                    {
                        "code": "A",
                        "label": "信用A级",
                        "credit_grades": ["A"],
                        "ratio_permille": 30,
                        "qualification": "食品",
                    },
                    {
                        "code": "B",
                        "label": "信用B级",
                        "credit_grades": ["B"],
                        "ratio_permille": 50,
                        "qualification": "食品",
                    },
                    {
                        "code": "C",
                        "label": "信用C级",
                        "credit_grades": ["C"],
                        "ratio_permille": 100,
                        "qualification": "食品",
                    },
                    {
                        "code": "D",
                        "label": "信用D级",
                        "credit_grades": ["D"],
                        "ratio_permille": 1000,
                        "qualification": "食品",
                    },
                ],
                ["6210", "6220", "6291", "5212", "5221", "5223"],
                (date(2026, 4, 1), date(2026, 6, 30)),
            ),
            (
                "2026年度企业公示信息随机抽查",
                ["A07"],
                [],
                [
                    {"code": "低", "label": "低风险", "risk_classes": ["低"], "ratio_permille": 30},
                    {"code": "中", "label": "中风险", "risk_classes": ["中"], "ratio_permille": 50},
                    {
                        "code": "高",
                        "label": "较高及高风险",
                        "risk_classes": ["较高", "高"],
                        "ratio_permille": 50,
                    },
                ],
                [],
                (date(2026, 5, 1), date(2026, 9, 30)),
            ),
        ]
        for n, (name, item_codes, towns, strata, industries, (start, end)) in enumerate(
            tasks, start=1
        ):
            task = Task(
                plan_id=plan.id,
                task_no=format_task_no(dept.short_name, 2026, n),
                short_name=dept.short_name,
                year=2026,
                seq_no=n,
                name=name,
                initiating_department_id=dept.id,
                participating_departments=["市场监管"],
                target_kinds=["企业", "个体工商户"] if n == 1 else ["企业", "农民专业合作社"],
                pool_filter={
                    "townships": towns,
                    "industry_prefixes": industries,
                    "statuses": ["存续"],
                },
                strata=strata,
                mandatory={"tags": ["问题对象"]} if n == 1 else {},
                exclusions={
                    "statuses": ["注销", "吊销", "无经营迹象"],
                    "inspected_within_months": 12,
                },
                inspectors_per_target=2,
                start_on=start,
                end_on=end,
                method="现场检查",
            )
            s.add(task)
            s.flush()
            for code in item_codes:
                s.add(
                    TaskItem(
                        task_id=task.id,
                        item_id=items[code].id,
                        ratio_permille=items[code].ratio_cap_permille,
                    )
                )
        log_event(s, ws.actor, "plan.create", entity="plan", entity_uid=plan.uid, summary=plan.name)


def summary(ws: Workspace) -> SampleSummary:
    with ws.db.read_session() as s:

        def count(model: type) -> int:
            return int(s.scalar(select(func.count()).select_from(model)) or 0)

        return SampleSummary(
            path=ws.display_name,
            targets=count(Target),
            inspectors=count(Inspector),
            experts=count(Expert),
            items=count(InspectionItem),
            plans=count(Plan),
            tasks=count(Task),
        )
