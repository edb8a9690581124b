"""Dates between Python and Qt (the date edits show the office's local days)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QTime


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def qdatetime(moment: datetime) -> QDateTime:
    return QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute, moment.second, moment.microsecond // 1000),
    )


def pydatetime(moment: QDateTime) -> datetime:
    day, time = moment.date(), moment.time()
    return datetime(
        day.year(),
        day.month(),
        day.day(),
        time.hour(),
        time.minute(),
        time.second(),
        time.msec() * 1000,
    )
