"""The year's configurable rules in one place for the settings dialog: the ceiling of checks per
business, the national/provincial ratios per item and per department, the timetable preset.

Each value keeps its own setting (read by services.registry.ledger, services.plan.caps, services.plan.timetable);
this module reads and saves them together, in one transaction and one audit event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.domain.errors import ValidationError
from app.core.domain.roles import Permission
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.reference import get_setting, set_setting
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.plan import caps, timetable
from app.core.services.registry import ledger


@dataclass(frozen=True)
class YearSettings:
    ceiling: int = 0  # checks per business per year across departments; 0 = none
    item_ratios: dict[str, int] = field(default_factory=dict)  # {"A07": 30, "*": 50}
    department_ratios: dict[str, int] = field(default_factory=dict)
    preset: str = ""  # the timetable preset in use ("" = the county's own milestones)


def format_ratios(values: dict[str, int]) -> str:
    return "、".join(f"{k}:{v}" for k, v in sorted(values.items()))


def parse_ratios(text: str, what: str) -> dict[str, int]:
    """ "A07:30、*:50" → {"A07": 30, "*": 50}; a bad part is named."""
    out: dict[str, int] = {}
    for part in text.replace("，", "、").replace(",", "、").replace(";", "、").split("、"):
        part = part.strip()
        if not part:
            continue
        key, sep, value = part.replace("：", ":").partition(":")
        try:
            number = int(value.strip().removesuffix("‰"))
        except ValueError:
            number = -1
        if not sep or not key.strip() or not 0 <= number <= 1000:
            raise ValidationError(
                f"{what}：“{part}”应写成 代码:比例‰（0–1000），如 A07:30 / bad ratio"
            )
        out[key.strip()] = number
    return out


def get_year_settings(ws: Workspace) -> YearSettings:
    with ws.db.read_session() as s:
        by_item, by_dept = caps.year_ratios(s)
        rules = get_setting(s, timetable.MILESTONES_KEY, None)
        if rules is None:
            preset = timetable.DEFAULT_PRESET
        else:
            preset = next((name for name, p in timetable.PRESETS.items() if p == rules), "")
        return YearSettings(ledger.ceiling(s), by_item, by_dept, preset)


def save_year_settings(ws: Workspace, new: YearSettings) -> Changes:
    ws.require(Permission.ADMINISTER)
    if not isinstance(new.ceiling, int) or new.ceiling < 0:
        raise ValidationError(
            "每户年度检查上限：须为非负整数（0 表示不设上限）。 / ceiling: integer ≥ 0"
        )
    if new.preset and new.preset not in timetable.PRESETS:
        raise ValidationError(f"时间表：没有“{new.preset}”。 / unknown preset")
    before = get_year_settings(ws)
    with ws.db.session() as s:
        set_setting(s, ledger.CEILING_KEY, new.ceiling)
        set_setting(s, caps.YEAR_ITEMS_KEY, dict(new.item_ratios))
        set_setting(s, caps.YEAR_DEPTS_KEY, dict(new.department_ratios))
        if new.preset and new.preset != before.preset:
            set_setting(s, timetable.MILESTONES_KEY, timetable.PRESETS[new.preset])
        log_event(
            s,
            ws.actor,
            "settings.year_rules",
            summary="年度规则设置已保存",
            before=before.__dict__,
            after=new.__dict__,
        )
    return Changes.of(Area.SETTINGS, Area.DEADLINES, message="年度规则设置已保存")
