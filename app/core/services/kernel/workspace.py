"""Opening a database for work: migrations, start-up checks, and the context every service takes.

`Workspace` is what the UI and CLI hold; they never see a session or an ORM object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Generic, TypeVar

from sqlalchemy.exc import OperationalError, ProgrammingError

from app.core.appdirs import default_db_path
from app.core.domain.errors import PermissionDenied, StorageError
from app.core.domain.localtime import set_office_zone
from app.core.domain.roles import SYSTEM_ACTOR, Actor, Permission
from app.core.services.kernel import (
    audit as _audit,  # registers the sealing hooks before any session
)
from app.core.services.kernel.reference import ensure_reference_data, get_setting
from app.core.storage.database import Database, OpenReport
from app.core.storage.row_states import install_server_tracking


class Area(StrEnum):
    """What a front end shows and refreshes when it changes: each view listens to its areas
    (app/ui/features/page.py), each mutation returns the areas it changed (Changes)."""

    TARGETS = "targets"
    INSPECTORS = "inspectors"
    EXPERTS = "experts"
    ITEMS = "items"
    CONFLICTS = "conflicts"
    PLANS = "plans"
    TASKS = "tasks"
    DRAWS = "draws"
    VISITS = "visits"
    INSPECTIONS = "inspections"
    TEMPLATES = "templates"
    RESULTS = "results"
    DEADLINES = "deadlines"
    FOLLOWUPS = "followups"
    CASES = "cases"
    THIRD_PARTIES = "third_parties"
    STATS = "stats"
    CALENDAR = "calendar"
    SETTINGS = "settings"
    OFFICE = "office"
    DEPARTMENTS = "departments"
    USERS = "users"
    KEYS = "keys"
    BUNDLES = "bundles"
    SYNC = "sync"


@dataclass(frozen=True)
class Changes:
    """What a mutation changed, by area, so a front end refreshes only those views."""

    areas: frozenset[Area] = field(default_factory=frozenset)
    message: str = ""

    @classmethod
    def of(cls, *areas: Area, message: str = "") -> Changes:
        return cls(frozenset(Area(a) for a in areas), message)

    def carrying(self, value: _T) -> Done[_T]:
        """These changes, with what the mutation made or found (a form's view, a report)."""
        return Done(self.areas, self.message, value=value)

    def saying(self, message: str) -> Changes:
        """These changes, with the line that tells the person what was done ("已保存任务：…")."""
        return Changes(self.areas, message)


_T = TypeVar("_T")

# What a mutation returns when it changes nothing a screen shows (a file written, an entry in
# the audit trail): no areas to refresh.
NO_CHANGES = Changes()


@dataclass(frozen=True)
class Done(Changes, Generic[_T]):
    """Changes that also carry the mutation's answer for the screen that asked for it: the
    UI runner announces the areas and hands `value` to the screen's callback."""

    value: _T = field(kw_only=True)


@dataclass(frozen=True)
class Workspace:
    """An open database and who is acting on it."""

    db: Database
    actor: Actor = SYSTEM_ACTOR
    open_report: OpenReport | None = None

    @property
    def display_name(self) -> str:
        return self.db.display_name

    def as_actor(self, actor: Actor) -> Workspace:
        return replace(self, actor=actor)

    def require(self, permission: Permission) -> None:
        """Raises PermissionDenied unless the current actor may do this (enforced in the core)."""
        if not self.actor.can(permission):
            raise PermissionDenied(
                f"当前用户（{self.actor.display_name or self.actor.username}）无权执行此操作。"
                f" / The current user may not do this ({permission.value})."
            )


def resolve_location(path_or_url: str | Path | None) -> str | Path:
    return default_db_path() if path_or_url in (None, "") else path_or_url  # type: ignore[return-value]


def open_workspace(
    path_or_url: str | Path | None = None, *, actor: Actor = SYSTEM_ACTOR, backup: bool = True
) -> Workspace:
    """Opens (creating if needed) and upgrades a database; refuses a newer or foreign file."""
    db = Database(resolve_location(path_or_url))
    try:
        report = db.open(backup=backup)
        if not db.is_sqlite:
            with db.engine.begin() as conn:
                install_server_tracking(conn)
        with db.session() as session:
            ensure_reference_data(session)
            _audit.cover_newly_audited_tables(session)
            set_office_zone(str(get_setting(session, "office.time_zone", "") or ""))
    except (OperationalError, ProgrammingError) as exc:
        db.dispose()
        missing = _missing_table(exc)
        if missing is None:
            raise
        raise StorageError(
            f"数据库已损坏：表 {missing} 缺失（被删除），程序无法打开。请从备份恢复。"
            f" / The database is damaged: table {missing} is missing (dropped); restore a backup."
        ) from None
    except BaseException:
        db.dispose()
        raise
    return Workspace(db=db, actor=actor, open_report=report)


def _missing_table(exc: OperationalError | ProgrammingError) -> str | None:
    """The table a "no such table" (SQLite) / "relation does not exist" (PostgreSQL) names."""
    found = re.search(
        r'no such table: (?:main\.)?(\w+)|relation "(\w+)" does not exist', str(exc.orig)
    )
    return None if found is None else found.group(1) or found.group(2)


def database_exists(path_or_url: str | Path | None) -> bool:
    location = resolve_location(path_or_url)
    if "://" in str(location):
        return True
    return Path(location).exists()
