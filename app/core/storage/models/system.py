"""Installation-level tables: settings, users, the audit chain, calendars, bundles, keys.

Columns only; hashing, chaining and signing are done by services.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Synced, utcnow


class Setting(Base):
    """A key/value setting of this installation or office (office name, deadlines, ids)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class User(Synced, Base):
    """A local account; `role` is admin / supervisor / inspector / observer."""

    __tablename__ = "users"
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(12))
    password_hash: Mapped[str] = mapped_column(String(300))
    inspector_id: Mapped[int | None] = mapped_column()  # the inspector this account is
    # 谁检查、谁公示: the department (and unit) this account answers for; None = county-wide.
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    unit: Mapped[str | None] = mapped_column(String(60))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)  # since the last success
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)  # lockout after failures
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime)


class AuditEvent(Base):
    """全程留痕 — one change, chained by hash to the one before it (see services/audit)."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity: Mapped[str | None] = mapped_column(String(40))
    entity_uid: Mapped[str | None] = mapped_column(String(36), index=True)
    summary: Mapped[str | None] = mapped_column(Text)
    before_hash: Mapped[str | None] = mapped_column(String(64))
    after_hash: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict | None] = mapped_column()
    rows_hash: Mapped[str | None] = mapped_column(String(64))  # over its AuditRowState rows
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditRowState(Base):
    """The state hash of one audited row right after an audit event (None = deleted).

    The latest state of every audited row must match the row as stored (services/audit).
    """

    __tablename__ = "audit_row_states"
    __table_args__ = (Index("ix_audit_row_states_entity_row", "entity", "row_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("audit_events.id"), index=True)
    entity: Mapped[str] = mapped_column(String(60))  # table name
    row_key: Mapped[str] = mapped_column(String(80))  # primary key as text
    state_hash: Mapped[str | None] = mapped_column(String(64))


class CalendarYear(Base):
    """A year of the official holiday arrangement added by a user (overrides the shipped one)."""

    __tablename__ = "calendar_years"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[dict] = mapped_column()
    source: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Bundle(Base):
    """A hand-off bundle this installation wrote or read (USB or sync)."""

    __tablename__ = "bundles"
    __table_args__ = (UniqueConstraint("bundle_uid", "direction"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bundle_uid: Mapped[str] = mapped_column(String(36))
    direction: Mapped[str] = mapped_column(String(3))  # in / out
    flow: Mapped[str] = mapped_column(String(12))  # assignments / results / platform
    producer: Mapped[str] = mapped_column(String(64), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default="done")  # queued / sent / done
    report: Mapped[dict | None] = mapped_column()
    # The outgoing sync queue (issue 7): where the bytes are, and the retry state.
    recipient: Mapped[str | None] = mapped_column(String(64))  # key id it is encrypted to
    path: Mapped[str | None] = mapped_column(Text)
    size: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)


class TrustedKey(Base):
    """A public key this installation accepts bundles from (its office, laptops, platform)."""

    __tablename__ = "trusted_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(10))  # office / laptop / platform
    name: Mapped[str] = mapped_column(String(100))
    signing_key: Mapped[str] = mapped_column(String(64))  # Ed25519 public, hex
    encryption_key: Mapped[str | None] = mapped_column(String(64))  # X25519 public, hex
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    # A laptop key: the uids of the inspectors it was issued for. Its results bundles may
    # carry only the forms of those inspectors' open visits (services/exchange/bundle_policy.py).
    inspectors: Mapped[list | None] = mapped_column()


class SyncConflict(Base):
    """A record changed on both sides: both versions kept until a supervisor decides."""

    __tablename__ = "sync_conflicts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_uid: Mapped[str] = mapped_column(String(36), index=True)
    local: Mapped[dict] = mapped_column()
    incoming: Mapped[dict] = mapped_column()
    bundle_uid: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(10), default="open")  # open / local / incoming
    resolved_by: Mapped[str | None] = mapped_column(String(60))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)


class Tombstone(Base):
    """A deleted synced row, so the deletion travels in bundles."""

    __tablename__ = "tombstones"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_uid: Mapped[str] = mapped_column(String(36), unique=True)
    deleted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)


class SyncState(Base):
    """The content hashes a synced row has had when it was exported or imported here.

    Merge rule (services/bundles): an incoming state whose history contains our current hash
    is a fast-forward; our history containing the incoming hash means it is stale; otherwise
    the row changed on both sides and becomes a SyncConflict.
    """

    __tablename__ = "sync_states"
    # Sealed by the audit trail: a forged history would turn a stale record into a fast-forward.
    __table_args__ = (UniqueConstraint("entity", "entity_uid"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_uid: Mapped[str] = mapped_column(String(36), index=True)
    history: Mapped[list] = mapped_column(default=list)  # content hashes, oldest first
    origin: Mapped[str | None] = mapped_column(String(64))  # installation that first sent it


class RemoteAuditEvent(Base):
    """An audit event of another installation, carried in a bundle with the records it explains.

    `event` is the event exactly as its producer chained it (verifiable with its hash).
    """

    __tablename__ = "remote_audit_events"
    # Chained by their producer's hashes, and sealed here too: a row added by hand is caught.
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    producer: Mapped[str] = mapped_column(String(64), index=True)  # installation id
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str | None] = mapped_column(String(40))
    entity_uid: Mapped[str | None] = mapped_column(String(36), index=True)
    summary: Mapped[str | None] = mapped_column(Text)
    event: Mapped[dict] = mapped_column()
    bundle_uid: Mapped[str] = mapped_column(String(36))
