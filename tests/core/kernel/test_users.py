"""Accounts: scrypt hashes, first administrator, log-in with lockout, roles enforced in the core."""

from __future__ import annotations

import pytest

from app.core.domain.errors import ConflictError, PermissionDenied, ValidationError
from app.core.domain.roles import Actor, Role
from app.core.services.kernel import users
from app.core.services.kernel.audit import verify_chain
from app.core.services.kernel.audit_trail import AuditFilter, list_events


def test_hash_is_scrypt_salted_and_checked_in_constant_time() -> None:
    a, b = users.hash_password("correct horse"), users.hash_password("correct horse")
    assert a.startswith("scrypt$32768$8$1$") and a != b  # per-user salt
    assert users.check_password("correct horse", a)
    assert not users.check_password("correct hors", a)
    assert not users.check_password("x", "garbage")


def test_first_run_creates_the_administrator_once(workspace) -> None:  # type: ignore[no-untyped-def]
    assert users.needs_first_admin(workspace)
    actor = users.create_first_admin(
        workspace, username="admin", display_name="管理员", password="s3cret-pass"
    )
    assert actor.role is Role.ADMIN and not users.needs_first_admin(workspace)
    with pytest.raises(ConflictError):
        users.create_first_admin(
            workspace, username="other", display_name="", password="s3cret-pass"
        )


def test_password_rules(workspace) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="至少"):
        users.create_first_admin(workspace, username="admin", display_name="", password="short")
    with pytest.raises(ValidationError, match="保留"):
        users.create_first_admin(
            workspace, username="system", display_name="", password="long enough"
        )


def test_login_success_and_failures_are_audited(workspace) -> None:  # type: ignore[no-untyped-def]
    users.create_first_admin(workspace, username="admin", display_name="", password="s3cret-pass")
    actor = users.authenticate(workspace, username="admin", password="s3cret-pass")
    assert actor == Actor(username="admin", role=Role.ADMIN, display_name="admin")
    for name in ("admin", "nobody"):
        with pytest.raises(PermissionDenied, match="用户名或密码不正确"):
            users.authenticate(workspace, username=name, password="wrong-password")
    actions = [e.action for e in list_events(workspace, AuditFilter(action="user."))]
    assert actions[:3] == ["user.login_failed", "user.login_failed", "user.login"]
    with workspace.db.read_session() as s:
        assert verify_chain(s).ok


def test_lockout_after_repeated_failures_even_with_the_right_password(workspace) -> None:  # type: ignore[no-untyped-def]
    users.create_first_admin(workspace, username="admin", display_name="", password="s3cret-pass")
    for _ in range(users.MAX_FAILED_LOGINS):
        with pytest.raises(PermissionDenied):
            users.authenticate(workspace, username="admin", password="guess-guess")
    with pytest.raises(PermissionDenied, match="锁定"):
        users.authenticate(workspace, username="admin", password="s3cret-pass")
    # Another administrator (here the CLI's system operator) lifts the lock.
    users.unlock_user(workspace, "admin")
    assert (
        users.authenticate(workspace, username="admin", password="s3cret-pass").username == "admin"
    )


def test_deactivated_account_cannot_log_in(workspace) -> None:  # type: ignore[no-untyped-def]
    users.create_user(
        workspace, username="wang", display_name="王五", role="observer", password="password-1"
    )
    users.deactivate_user(workspace, "wang")
    with pytest.raises(PermissionDenied):
        users.authenticate(workspace, username="wang", password="password-1")
    users.set_active(workspace, username="wang", active=True)
    assert (
        users.authenticate(workspace, username="wang", password="password-1").role is Role.OBSERVER
    )


def test_only_an_administrator_manages_accounts(workspace) -> None:  # type: ignore[no-untyped-def]
    users.create_user(
        workspace, username="sup", display_name="", role="supervisor", password="password-1"
    )
    sup = workspace.as_actor(users.authenticate(workspace, username="sup", password="password-1"))
    for attempt in (
        lambda: users.create_user(
            sup, username="x", display_name="", role="admin", password="password-1"
        ),
        lambda: users.list_users(sup),
        lambda: users.set_role(sup, username="sup", role="admin"),
        lambda: users.reset_password(sup, username="sup", new_password="password-2"),
        lambda: users.deactivate_user(sup, "sup"),
    ):
        with pytest.raises(PermissionDenied):
            attempt()


def test_the_last_administrator_stays(workspace) -> None:  # type: ignore[no-untyped-def]
    admin = workspace.as_actor(
        users.create_first_admin(
            workspace, username="admin", display_name="", password="s3cret-pass"
        )
    )
    with pytest.raises(ConflictError):
        users.set_role(admin, username="admin", role="observer")
    with pytest.raises(ConflictError):
        users.deactivate_user(admin, "admin")


def test_change_own_password_needs_the_old_one(workspace) -> None:  # type: ignore[no-untyped-def]
    users.create_user(
        workspace, username="li", display_name="", role="observer", password="password-1"
    )
    li = workspace.as_actor(users.authenticate(workspace, username="li", password="password-1"))
    with pytest.raises(PermissionDenied):
        users.change_password(
            li, username="li", old_password="nope-nope", new_password="password-2"
        )
    users.change_password(li, username="li", old_password="password-1", new_password="password-2")
    assert users.authenticate(workspace, username="li", password="password-2").username == "li"
    with pytest.raises(PermissionDenied):  # an observer cannot change someone else's password
        users.change_password(li, username="admin-x", old_password="a", new_password="password-3")


def test_an_inspector_account_is_one_inspector_of_the_registry(sample_workspace) -> None:  # type: ignore[no-untyped-def]
    ws = sample_workspace
    with pytest.raises(ValidationError, match="必须关联名录库"):
        users.create_user(
            ws, username="li", display_name="李", role="inspector", password="password-1"
        )
    with pytest.raises(ValidationError, match="没有编号为 99999"):
        users.create_user(
            ws,
            username="li",
            display_name="李",
            role="inspector",
            password="password-1",
            inspector_id=99999,
        )
    users.create_user(
        ws,
        username="li",
        display_name="李",
        role="inspector",
        password="password-1",
        inspector_id=3,
    )
    with pytest.raises(ConflictError, match="已关联账户 li"):
        users.create_user(
            ws,
            username="li2",
            display_name="李",
            role="inspector",
            password="password-1",
            inspector_id=3,
        )
    users.create_user(ws, username="obs", display_name="", role="observer", password="password-1")
    with pytest.raises(ValidationError, match="必须关联名录库"):
        users.set_role(ws, username="obs", role="inspector")
    users.set_role(ws, username="obs", role="inspector", inspector_id=4)
    assert users.authenticate(ws, username="obs", password="password-1").inspector_id == 4
    linked = {c.id: c.linked_to for c in users.inspector_choices(ws)}
    assert (linked[3], linked[4]) == ("li", "obs") and "已关联账户 li" in next(
        c.label for c in users.inspector_choices(ws) if c.id == 3
    )
