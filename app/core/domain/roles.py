"""Roles and what each may do; services check these, the UI only mirrors them.

Plain data so the rule is one table: an inspector never draws or publishes (rules.md #13, #19).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    INSPECTOR = "inspector"
    OBSERVER = "observer"


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
}

ROLE_LABELS = {Role.ADMIN: "管理员", Role.SUPERVISOR: "监管人员", Role.INSPECTOR: "检查人员", Role.OBSERVER: "观察员"}


@dataclass(frozen=True)
class Actor:
    """Who is acting: written into every audit event and checked by every service."""

    username: str
    role: Role
    display_name: str = ""
    inspector_id: int | None = None

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]


# The operator of a local CLI session or a first run before any account exists.
SYSTEM_ACTOR = Actor(username="system", role=Role.ADMIN, display_name="系统")
