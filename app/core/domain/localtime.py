"""The office's clock: times are stored in UTC and read by people in the office's time zone.

One source for every time a person reads (tables, dialogs, printed notices and sheets, CLI
output): `fmt_time` turns a stored UTC value into the office's local time, `zone_label` names
the zone on official documents (北京时间 for the default Asia/Shanghai), `local_today` and
`local_now` are "today" and "now" on the office's calendar whatever the machine's TZ says.

The zone is process-wide: `set_office_zone` is called when a workspace opens (setting
``office.time_zone``), or APP_TIME_ZONE in the environment; default Asia/Shanghai.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Asia/Shanghai"

# China has had no daylight saving since 1991: UTC+8 is exact for every time the app stores,
# and stands in when the platform ships no tz database (Windows without the tzdata package).
_FIXED = {
    "Asia/Shanghai": timezone(timedelta(hours=8), "CST"),
    "Asia/Chongqing": timezone(timedelta(hours=8), "CST"),
    "Asia/Urumqi": timezone(timedelta(hours=6)),
    "UTC": UTC,
}
_LABELS = {"Asia/Shanghai": "北京时间", "Asia/Chongqing": "北京时间", "UTC": "UTC"}
_OFFSET = re.compile(r"^(?:UTC)?([+-])(\d{1,2})(?::?(\d{2}))?$")


def zone_for(name: str) -> tzinfo:
    """The tzinfo for an IANA name (Asia/Shanghai) or an offset (UTC+08:00); ValueError if unknown."""
    name = (name or "").strip() or DEFAULT_ZONE
    m = _OFFSET.match(name)
    if m:
        sign = -1 if m.group(1) == "-" else 1
        return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)))
    try:
        return ZoneInfo(name)
    except Exception as exc:  # ZoneInfoNotFoundError, ValueError for a malformed key
        if name in _FIXED:
            return _FIXED[name]
        raise ValueError(f"未知的时区：{name} / Unknown time zone: {name}") from exc


_zone_name = DEFAULT_ZONE
_zone: tzinfo = zone_for(DEFAULT_ZONE)


def set_office_zone(name: str | None) -> None:
    """Makes `name` the zone every time is shown in (None or empty: the default)."""
    global _zone_name, _zone
    name = (name or "").strip() or os.environ.get("APP_TIME_ZONE", "").strip() or DEFAULT_ZONE
    _zone, _zone_name = zone_for(name), name


set_office_zone(None)


def office_zone() -> tzinfo:
    return _zone


def office_zone_name() -> str:
    return _zone_name


def zone_label() -> str:
    """The zone in words for official documents: 北京时间, or UTC+05:00 for another zone."""
    if _zone_name in _LABELS:
        return _LABELS[_zone_name]
    offset = datetime.now(_zone).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def to_local(value: datetime | str | None) -> datetime | None:
    """A stored time (naive = UTC, or aware, or ISO text such as a bundle's 2026-12-04T21:00:00Z)
    as a naive wall-clock time in the office's zone."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(_zone).replace(tzinfo=None)


def to_utc(local: datetime) -> datetime:
    """A wall-clock time a person typed in the office's zone as stored (naive UTC)."""
    if local.tzinfo is None:
        local = local.replace(tzinfo=_zone)
    return local.astimezone(UTC).replace(tzinfo=None)


def local_now() -> datetime:
    """Now on the office's wall clock (naive), whatever the machine's TZ."""
    return datetime.now(_zone).replace(tzinfo=None)


def local_today() -> date:
    """Today on the office's calendar."""
    return local_now().date()


def fmt_time(
    value: datetime | str | None, *, seconds: bool = False, zone: bool = False, empty: str = ""
) -> str:
    """A stored UTC time as people read it: 2026-12-05 05:30 (…（北京时间） with `zone`)."""
    local = to_local(value)
    if local is None:
        return empty
    text = f"{local:%Y-%m-%d %H:%M:%S}" if seconds else f"{local:%Y-%m-%d %H:%M}"
    return f"{text}（{zone_label()}）" if zone else text


def fmt_time_cn(value: datetime | str | None, *, zone: bool = False, empty: str = "") -> str:
    """A stored UTC time in words for printed documents: 2026年12月5日 05:30（北京时间）."""
    local = to_local(value)
    if local is None:
        return empty
    text = f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"
    return f"{text}（{zone_label()}）" if zone else text
