"""Local accounts: scrypt password hashes, log-in with lockout, roles, deactivation.

Every change and every log-in attempt (failed ones too) is an audit event. Never stores or
logs a password; never tells a caller whether a user name exists.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from app.core.domain.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from app.core.domain.ids import InspectorId
from app.core.domain.normalize import check_visible
from app.core.domain.roles import ROLE_LABELS, SYSTEM_ACTOR, Actor, Permission, Role
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.storage.models import Department, Inspector, User, utcnow

# scrypt (memory-hard): n=2**15, r=8, p=1 needs 32 MiB per hash. Stored with each hash, so
# raising them later re-hashes on the next successful log-in.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_MAXMEM = 2**26
MIN_PASSWORD_LENGTH = 8
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)


@dataclass(frozen=True)
class UserInfo:
    """An account as the front ends see it (never the hash)."""

    id: int
    username: str
    display_name: str
    role: Role
    inspector_id: InspectorId | None
    is_active: bool
    last_login_at: datetime | None
    locked_until: datetime | None
    department_code: str = ""  # "" = county-wide (no department)
    department_name: str = ""
    unit: str = ""

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


USER_CHANGES = Changes.of(Area.USERS)  # an account added, changed or locked


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """`scrypt$n$r$p$salt$hash` (base64), with a fresh 16-byte salt."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=32
    )
    b64 = base64.b64encode
    return f"scrypt${n}${r}${p}${b64(salt).decode()}${b64(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    """Constant-time comparison against a stored hash; False for anything malformed."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=_MAXMEM,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _needs_rehash(stored: str) -> bool:
    parts = stored.split("$")
    return len(parts) != 6 or parts[1:4] != [str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P)]


@cache
def _dummy_hash() -> str:
    """A hash to compare against when the user name is unknown, so timing does not tell."""
    return hash_password("not a password")


def _validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"密码至少 {MIN_PASSWORD_LENGTH} 个字符。 / The password needs at least {MIN_PASSWORD_LENGTH} characters."
        )
    if password.strip() != password or not password.strip():
        raise ValidationError(
            "密码首尾不能是空格。 / The password cannot start or end with a space."
        )


def _validate_username(username: str) -> str:
    name = check_visible(username.strip(), "用户名")
    if not name or len(name) > 60 or any(c.isspace() for c in name):
        raise ValidationError("用户名不能为空、不能含空格，最多 60 个字符。 / Invalid user name.")
    if name.lower() == SYSTEM_ACTOR.username:
        raise ValidationError("“system” 是保留用户名。 / “system” is reserved.")
    return name


def _info(u: User) -> UserInfo:
    session = object_session(u)
    dept = session.get(Department, u.department_id) if session and u.department_id else None
    return UserInfo(
        id=u.id,
        username=u.username,
        display_name=u.display_name,
        role=Role(u.role),
        inspector_id=None if u.inspector_id is None else InspectorId(u.inspector_id),
        is_active=bool(u.is_active),
        last_login_at=u.last_login_at,
        locked_until=u.locked_until,
        department_code=dept.code if dept else "",
        department_name=dept.name if dept else "",
        unit=u.unit or "",
    )


def _actor(u: User) -> Actor:
    return Actor(
        username=u.username,
        role=Role(u.role),
        display_name=u.display_name,
        inspector_id=u.inspector_id,
        department_id=u.department_id,
        unit=u.unit,
    )


def names_by_login(s: Session) -> dict[str, str]:
    """Login name → the person's name as people read it (系统 for the app's own work). A login
    not in it (an account removed since) is shown as it is."""
    names = {u: n for u, n in s.execute(select(User.username, User.display_name)) if n}
    names[SYSTEM_ACTOR.username] = SYSTEM_ACTOR.display_name
    return names


def department_by_code(s: Session, code: str) -> Department:
    """A department named by its code, short name or name; a clear refusal otherwise."""
    code = (code or "").strip()
    dept = s.scalars(
        select(Department).where(
            (Department.code == code) | (Department.short_name == code) | (Department.name == code)
        )
    ).first()
    if dept is None:
        raise ValidationError(f"部门：没有部门“{code}”。 / Department: unknown “{code}”.")
    return dept


def _get(s: Session, username: str) -> User:
    user = s.scalars(select(User).where(User.username == username.strip())).one_or_none()
    if user is None:
        raise NotFoundError(f"没有用户 {username}。 / No user {username}.")
    return user


def _state(u: User) -> dict[str, object]:
    return {
        "username": u.username,
        "display_name": u.display_name,
        "role": u.role,
        "inspector_id": u.inspector_id,
        "is_active": bool(u.is_active),
        "department_id": u.department_id,
        "unit": u.unit,
    }


def _active_admins(s: Session) -> int:
    return int(
        s.scalar(
            select(func.count())
            .select_from(User)
            .where(User.role == Role.ADMIN.value, User.is_active.is_(True))
        )
        or 0
    )


@dataclass(frozen=True)
class InspectorChoice:
    """An inspector of the registry an account can be linked to (the 用户管理 picker)."""

    id: int
    name: str
    cert_no: str
    department: str
    status: str
    linked_to: str  # the account already linked to this inspector, or ""

    @property
    def label(self) -> str:
        text = f"{self.name}（{self.cert_no}，{self.department}）"
        return text + (f" — 已关联账户 {self.linked_to}" if self.linked_to else "")


def inspector_choices(ws: Workspace) -> list[InspectorChoice]:
    """The registry's inspectors, for linking a 检查人员 account to one of them."""
    ws.require(Permission.ADMINISTER)
    with ws.db.read_session() as s:
        linked = {
            inspector_id: username
            for inspector_id, username in s.execute(
                select(User.inspector_id, User.username).where(User.inspector_id.is_not(None))
            )
        }
        rows = s.execute(
            select(Inspector, Department.name)
            .join(Department, Department.id == Inspector.department_id, isouter=True)
            .order_by(Department.name, Inspector.name)
        ).all()
        return [
            InspectorChoice(
                i.id, i.name, i.cert_no or "", dept or "", i.status or "", linked.get(i.id, "")
            )
            for i, dept in rows
        ]


def _check_link(s: Session, role: Role, inspector_id: int | None, *, username: str) -> None:
    """A 检查人员 account is one inspector of the registry: the link is required, must name
    an inspector, and no other account may be that inspector."""
    if role != Role.INSPECTOR:
        return
    if inspector_id is None:
        raise ValidationError(
            "检查人员账户必须关联名录库中的一名检查人员，才能看到其检查对象。"
            " / An inspector account must be linked to an inspector of the registry."
        )
    if s.get(Inspector, inspector_id) is None:
        raise ValidationError(
            f"名录库中没有编号为 {inspector_id} 的检查人员。 / No inspector {inspector_id}."
        )
    other = s.scalar(
        select(User.username).where(User.inspector_id == inspector_id, User.username != username)
    )
    if other:
        raise ConflictError(
            f"该检查人员已关联账户 {other}。 / The inspector is linked to account {other}."
        )


def _department_for(
    s: Session, role: Role, department: str | None, inspector_id: int | None
) -> int | None:
    if role == Role.OFFICE:
        if department:
            raise ValidationError(
                "联席会议办公室账户面向全县，不属于某一部门。 / The joint-meeting office account"
                " is county-wide and has no department."
            )
        return None
    if department:
        return department_by_code(s, department).id
    if inspector_id is not None:
        inspector = s.get(Inspector, inspector_id)
        return inspector.department_id if inspector else None
    return None


def department_choices(ws: Workspace) -> list[tuple[str, str]]:
    """(code, name) of the active departments, for the 所属部门 picker."""
    ws.require(Permission.ADMINISTER)
    with ws.db.read_session() as s:
        return [
            (d.code, d.name)
            for d in s.scalars(
                select(Department).where(Department.is_active).order_by(Department.sort_order)
            )
        ]


def set_department(
    ws: Workspace, *, username: str, department: str | None, unit: str | None = None
) -> Changes:
    """The department (and unit) an account answers for; None or "" = county-wide. Audited."""
    ws.require(Permission.ADMINISTER)
    with ws.db.session() as s:
        user = _get(s, username)
        before = _state(user)
        role = Role(user.role)
        if role == Role.OFFICE and department:
            _department_for(s, role, department, None)
        user.department_id = department_by_code(s, department).id if department else None
        user.unit = check_visible((unit or "").strip(), "科室") or None
        dept = s.get(Department, user.department_id) if user.department_id else None
        log_event(
            s,
            ws.actor,
            "user.set_department",
            entity="user",
            entity_uid=user.uid,
            summary=f"{user.username} 所属部门改为 {dept.name if dept else '全县（不限部门）'}"
            + (f"（{user.unit}）" if user.unit else ""),
            before=before,
            after=_state(user),
        )
    return USER_CHANGES


def needs_first_admin(ws: Workspace) -> bool:
    """True on first run: no account exists yet, so the administrator must be created."""
    with ws.db.read_session() as s:
        return not s.scalar(select(func.count()).select_from(User))


def create_first_admin(ws: Workspace, *, username: str, display_name: str, password: str) -> Actor:
    """Creates the first administrator (only while there are no accounts) and logs them in."""
    name = _validate_username(username)
    _validate_password(password)
    with ws.db.session() as s:
        if s.scalar(select(func.count()).select_from(User)):
            raise ConflictError(
                "已有用户，首个管理员只能在首次运行时创建。 / Accounts already exist."
            )
        user = User(
            username=name,
            display_name=check_visible(display_name.strip(), "姓名") or name,
            role=Role.ADMIN.value,
            password_hash=hash_password(password),
            password_changed_at=utcnow(),
            last_login_at=utcnow(),
            failed_logins=0,
        )
        s.add(user)
        s.flush()
        actor = _actor(user)
        log_event(
            s,
            actor,
            "user.create_first_admin",
            entity="user",
            entity_uid=user.uid,
            summary=f"首次运行：创建管理员 {name}",
            after=_state(user),
        )
    return actor


def create_user(
    ws: Workspace,
    *,
    username: str,
    display_name: str,
    role: Role | str,
    password: str,
    inspector_id: InspectorId | None = None,
    department: str | None = None,
    unit: str | None = None,
) -> UserInfo:
    """A new account. `department` (code, short name or name) is the department it answers
    for; an inspector's account defaults to the inspector's department, others to none
    (county-wide). The joint-meeting office (联席会议办公室) never has one."""
    ws.require(Permission.ADMINISTER)
    name = _validate_username(username)
    _validate_password(password)
    try:
        role = Role(role)
    except ValueError:
        raise ValidationError(f"未知角色 {role}。 / Unknown role {role}.") from None
    with ws.db.session() as s:
        if s.scalars(select(User).where(User.username == name)).first() is not None:
            raise ConflictError(f"用户名 {name} 已存在。 / User {name} already exists.")
        _check_link(s, role, inspector_id, username=name)
        if role != Role.INSPECTOR:
            inspector_id = None
        dept_id = _department_for(s, role, department, inspector_id)
        user = User(
            username=name,
            display_name=check_visible(display_name.strip(), "姓名") or name,
            role=role.value,
            password_hash=hash_password(password),
            inspector_id=inspector_id,
            password_changed_at=utcnow(),
            failed_logins=0,
            department_id=dept_id,
            unit=check_visible((unit or "").strip(), "科室") or None,
        )
        s.add(user)
        s.flush()
        log_event(
            s,
            ws.actor,
            "user.create",
            entity="user",
            entity_uid=user.uid,
            summary=f"创建用户 {name}（{ROLE_LABELS[role]}）",
            after=_state(user),
        )
        return _info(user)


def list_users(ws: Workspace) -> list[UserInfo]:
    ws.require(Permission.ADMINISTER)
    with ws.db.read_session() as s:
        return [_info(u) for u in s.scalars(select(User).order_by(User.username))]


def usernames(ws: Workspace) -> list[str]:
    """Account names, for filters (an audit viewer); no other detail."""
    ws.require(Permission.READ)
    with ws.db.read_session() as s:
        return list(s.scalars(select(User.username).order_by(User.username)))


def authenticate(ws: Workspace, *, username: str, password: str) -> Actor:
    """Logs a user in and returns who is acting; every attempt is an audit event.

    After MAX_FAILED_LOGINS failures in a row the account is locked for LOCKOUT. The message
    never says whether the user name or the password was wrong.
    """
    denied = PermissionDenied("用户名或密码不正确。 / Wrong user name or password.")
    now = utcnow()
    with ws.db.session() as s:
        user = s.scalars(select(User).where(User.username == username.strip())).one_or_none()
        if user is None:
            check_password(password, _dummy_hash())
            log_event(
                s,
                SYSTEM_ACTOR,
                "user.login_failed",
                entity="user",
                summary=f"登录失败：未知用户名（{username.strip()[:30]}）",
            )
            outcome: Exception | Actor = denied
        elif user.locked_until is not None and user.locked_until > now:
            log_event(
                s,
                _actor(user),
                "user.login_refused",
                entity="user",
                entity_uid=user.uid,
                summary=f"账户锁定中，拒绝登录 {user.username}",
            )
            minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
            outcome = PermissionDenied(
                f"连续输错密码次数过多，账户已锁定，请约 {minutes} 分钟后再试或请管理员解锁。"
                f" / Too many failed attempts: the account is locked for about {minutes} min."
            )
        elif not user.is_active:
            check_password(password, _dummy_hash())
            log_event(
                s,
                _actor(user),
                "user.login_refused",
                entity="user",
                entity_uid=user.uid,
                summary=f"已停用的账户尝试登录 {user.username}",
            )
            outcome = denied
        elif not check_password(password, user.password_hash):
            user.failed_logins = (user.failed_logins or 0) + 1
            locked = user.failed_logins >= MAX_FAILED_LOGINS
            if locked:
                user.locked_until = now + LOCKOUT
                user.failed_logins = 0
            log_event(
                s,
                _actor(user),
                "user.login_failed",
                entity="user",
                entity_uid=user.uid,
                summary=f"登录失败 {user.username}" + ("，账户已锁定" if locked else ""),
                detail={"locked": locked},
            )
            outcome = denied
        else:
            user.failed_logins = 0
            user.locked_until = None
            user.last_login_at = now
            if _needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            log_event(
                s,
                _actor(user),
                "user.login",
                entity="user",
                entity_uid=user.uid,
                summary=f"登录 {user.username}",
            )
            outcome = _actor(user)
    # The failure is committed above (it counts towards the lockout) before it is raised.
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def change_password(
    ws: Workspace, *, username: str, old_password: str, new_password: str
) -> Changes:
    """A user changes their own password (the old one is required)."""
    _validate_password(new_password)
    if ws.actor.username != username.strip():
        ws.require(Permission.ADMINISTER)
    with ws.db.session() as s:
        user = _get(s, username)
        if not check_password(old_password, user.password_hash):
            raise PermissionDenied("原密码不正确。 / The current password is wrong.")
        user.password_hash = hash_password(new_password)
        user.password_changed_at = utcnow()
        log_event(
            s,
            ws.actor,
            "user.change_password",
            entity="user",
            entity_uid=user.uid,
            summary=f"修改密码 {user.username}",
        )
    return USER_CHANGES


def reset_password(ws: Workspace, *, username: str, new_password: str) -> Changes:
    """An administrator sets a new password (and lifts a lockout)."""
    ws.require(Permission.ADMINISTER)
    _validate_password(new_password)
    with ws.db.session() as s:
        user = _get(s, username)
        user.password_hash = hash_password(new_password)
        user.password_changed_at = utcnow()
        user.failed_logins = 0
        user.locked_until = None
        log_event(
            s,
            ws.actor,
            "user.reset_password",
            entity="user",
            entity_uid=user.uid,
            summary=f"管理员重置密码 {user.username}",
        )
    return USER_CHANGES


def set_role(
    ws: Workspace, *, username: str, role: Role | str, inspector_id: InspectorId | None = None
) -> Changes:
    ws.require(Permission.ADMINISTER)
    new_role = Role(role)
    with ws.db.session() as s:
        user = _get(s, username)
        before = _state(user)
        if (
            user.role == Role.ADMIN.value
            and new_role != Role.ADMIN
            and user.is_active
            and _active_admins(s) <= 1
        ):
            raise ConflictError(
                "不能取消最后一个管理员的管理员角色。 / The last administrator must stay one."
            )
        link = inspector_id if inspector_id is not None else user.inspector_id
        _check_link(s, new_role, link, username=user.username)
        user.role = new_role.value
        user.inspector_id = link
        log_event(
            s,
            ws.actor,
            "user.set_role",
            entity="user",
            entity_uid=user.uid,
            summary=f"{user.username} 角色改为 {ROLE_LABELS[new_role]}",
            before=before,
            after=_state(user),
        )
    return USER_CHANGES


def set_active(ws: Workspace, *, username: str, active: bool) -> Changes:
    """Deactivates (or reactivates) an account; accounts are never deleted (the trail names them)."""
    ws.require(Permission.ADMINISTER)
    with ws.db.session() as s:
        user = _get(s, username)
        if not active and user.username == ws.actor.username:
            raise ConflictError("不能停用自己的账户。 / You cannot deactivate your own account.")
        if (
            not active
            and user.role == Role.ADMIN.value
            and user.is_active
            and _active_admins(s) <= 1
        ):
            raise ConflictError(
                "不能停用最后一个管理员。 / The last administrator cannot be deactivated."
            )
        before = _state(user)
        user.is_active = active
        log_event(
            s,
            ws.actor,
            "user.activate" if active else "user.deactivate",
            entity="user",
            entity_uid=user.uid,
            summary=("启用" if active else "停用") + f"用户 {user.username}",
            before=before,
            after=_state(user),
        )
    return USER_CHANGES


def deactivate_user(ws: Workspace, username: str) -> Changes:
    return set_active(ws, username=username, active=False)


def unlock_user(ws: Workspace, username: str) -> Changes:
    ws.require(Permission.ADMINISTER)
    with ws.db.session() as s:
        user = _get(s, username)
        user.locked_until = None
        user.failed_logins = 0
        log_event(
            s,
            ws.actor,
            "user.unlock",
            entity="user",
            entity_uid=user.uid,
            summary=f"解除锁定 {user.username}",
        )
    return USER_CHANGES
