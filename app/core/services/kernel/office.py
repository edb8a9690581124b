"""The office this installation serves: its name and the short name its task numbers use.

Set by the administrator at first start (scenarios.md 1.1) and shown on every notice.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.domain.errors import ValidationError
from app.core.domain.localtime import office_zone_name, set_office_zone, zone_for
from app.core.domain.roles import Permission
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.reference import get_setting, set_setting
from app.core.services.kernel.workspace import Area, Changes, Workspace

__all__ = [
    "OfficeInfo",
    "draw_publish_place",
    "office_info",
    "set_draw_publish_place",
    "set_office",
]

PUBLISH_PLACE = "draw.publish_place"


@dataclass(frozen=True)
class OfficeInfo:
    name: str
    short_name: str
    time_zone: str = "Asia/Shanghai"  # every time shown and printed is in this zone


def office_info(ws: Workspace) -> OfficeInfo:
    with ws.db.read_session() as s:
        return OfficeInfo(
            name=str(get_setting(s, "office.name", "") or ""),
            short_name=str(get_setting(s, "office.short_name", "") or ""),
            time_zone=str(get_setting(s, "office.time_zone", "") or "") or office_zone_name(),
        )


def set_office(
    ws: Workspace, *, name: str, short_name: str, time_zone: str | None = None
) -> Changes:
    """Names the office (五原县市场监督管理局) and its 文号简称 (五原市监) for task numbers;
    `time_zone` (an IANA name such as Asia/Shanghai, the default) is the zone every time is
    shown and printed in."""
    ws.require(Permission.ADMINISTER)
    name, short_name = name.strip(), short_name.strip()
    if not name or not short_name:
        raise ValidationError(
            "机构名称和简称都不能为空。 / The office name and short name are required."
        )
    zone = (time_zone or "").strip()
    if zone:
        try:
            zone_for(zone)
        except ValueError as exc:
            raise ValidationError(
                f"时区“{zone}”无法识别，请填写如 Asia/Shanghai 的时区名。 / {exc}"
            ) from exc
    with ws.db.session() as s:
        before = {
            "name": get_setting(s, "office.name", ""),
            "short_name": get_setting(s, "office.short_name", ""),
        }
        after = {"name": name, "short_name": short_name}
        set_setting(s, "office.name", name)
        set_setting(s, "office.short_name", short_name)
        if zone:
            before["time_zone"] = get_setting(s, "office.time_zone", "")
            after["time_zone"] = zone
            set_setting(s, "office.time_zone", zone)
        log_event(
            s,
            ws.actor,
            "office.set",
            entity="office",
            summary=f"{name}（{short_name}）",
            before=before,
            after=after,
        )
    if zone:
        set_office_zone(zone)
    return Changes.of(Area.OFFICE, message=f"机构：{name}")


def draw_publish_place(ws: Workspace) -> str:
    """Where the office publishes each draw's record and verify.html ("" = not said)."""
    with ws.db.read_session() as s:
        return str(get_setting(s, PUBLISH_PLACE, "") or "")


def set_draw_publish_place(ws: Workspace, place: str) -> Changes:
    """Names where draw records and verify.html are published (for example the county portal's
    双随机、一公开 column); every draw notice says so. "" removes it."""
    ws.require(Permission.ADMINISTER)
    place = " ".join(place.split())
    if len(place) > 200:
        raise ValidationError(
            "公布位置过长（最多 200 字）。 / The place is too long (200 characters at most)."
        )
    with ws.db.session() as s:
        before = str(get_setting(s, PUBLISH_PLACE, "") or "")
        set_setting(s, PUBLISH_PLACE, place)
        log_event(
            s,
            ws.actor,
            "office.set",
            entity="office",
            summary=f"抽取记录公布位置：{place or '（未设置）'}",
            before={"publish_place": before},
            after={"publish_place": place},
        )
    return Changes.of(Area.OFFICE, message=f"抽取记录与核验页公布于：{place or '（未设置）'}")
