"""Roles and what each may do; services check these, the UI only mirrors them.

Plain data so the rule is one table: an inspector never draws or publishes (rules.md #13, #19).
An actor with a department acts only on that department's results (谁检查、谁公示).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    INSPECTOR = "inspector"
    OBSERVER = "observer"
    OFFICE = "office"  # 联席会议办公室: sees every department's work read-only, county statistics


class Permission(StrEnum):
    READ = "read"
    EDIT_REGISTRY = "edit_registry"
    EDIT_PLANS = "edit_plans"
    RUN_DRAW = "run_draw"
    FILL_FORMS = "fill_forms"
    REVIEW = "review"
    PUBLISH = "publish"
    EXCHANGE = "exchange"  # bundles in and out
    ADMINISTER = "administer"  # users, keys, settings, restore


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.SUPERVISOR: frozenset(Permission) - {Permission.ADMINISTER},
    Role.INSPECTOR: frozenset({Permission.READ, Permission.FILL_FORMS, Permission.EXCHANGE}),
    Role.OBSERVER: frozenset({Permission.READ}),
    Role.OFFICE: frozenset({Permission.READ}),
}

ROLE_LABELS = {
    Role.ADMIN: "管理员",
    Role.SUPERVISOR: "监管人员",
    Role.INSPECTOR: "检查人员",
    Role.OBSERVER: "观察员",
    Role.OFFICE: "联席会议办公室",
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: written into every audit event and checked by every service."""

    username: str
    role: Role
    display_name: str = ""
    inspector_id: int | None = None
    # 谁检查、谁公示: the department this account answers for (None = county-wide, as before
    # departments were kept on accounts, and the joint-meeting office).
    department_id: int | None = None
    unit: str | None = None

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def answers_for(self, department_id: int | None) -> bool:
        """True when this actor may act on a department's results (review, publish)."""
        return self.department_id is None or self.department_id == department_id


# The operator of a local CLI session or a first run before any account exists.
SYSTEM_ACTOR = Actor(username="system", role=Role.ADMIN, display_name="系统")
