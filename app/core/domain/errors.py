"""Errors the core raises on purpose; their message is fit to show to a user as is.

Front ends catch `AppError` in one place (ui/errors.py, cli/main.py); anything else is a bug.
"""

from __future__ import annotations


class AppError(Exception):
    """A user-facing error: the message says what is wrong and, where possible, what to do."""

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        return self.message


class ValidationError(AppError):
    """Input that breaks a rule (a malformed code, a quota out of range, a missing field)."""


class NotFoundError(AppError):
    """The thing asked for does not exist (an unknown task number, inspection id...)."""


class ConflictError(AppError):
    """The change collides with another one (a stale save, a locked form, a state that moved on)."""


class StaleEditError(ConflictError):
    """A save made from a copy that another workstation changed since it was loaded: refused,
    nothing written (services/kernel/concurrency.py builds the message; docs/security.md)."""


class PermissionDenied(AppError):
    """The current user's role does not allow this action."""


class StorageError(AppError):
    """The database file cannot be used as asked (newer schema, corrupt, locked by another copy)."""


class CalendarGapError(AppError):
    """The official holiday calendar has no data for a year a deadline falls in."""


class MissingCalendarYearError(CalendarGapError):
    """A computation needs a year the calendar has no State Council notice for; `year` names it."""

    def __init__(self, year: int) -> None:
        super().__init__(f"日历中没有{year}年的法定节假日安排，请根据国务院办公厅通知添加")
        self.year = year
