"""The DRAW-v1.1 engine as the app uses it: lock a draw, reveal it, compute its record; replay.

Adds the session workflow and secret generation around verifier.py (the one implementation of
every rule, shared with the public verifier); it must not re-implement any rule of the spec.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .verifier import (
    PROTOCOL,
    PROTOCOL_V1,
    PROTOCOLS,
    SECRET_BYTES,
    DrawRefused,
    assign_inspectors,
    check_public_value,
    cj,
    compute_record,
    compute_seed,
    lock_manifest,
    normalise_observer_inputs,
    normalise_public_value,
    quota,
    secret_from_hex,
    select_targets,
    sha256hex,
    ticket,
)

__all__ = [
    "DrawRefused",
    "LockedDraw",
    "Reveal",
    "assign_inspectors",
    "compute_seed",
    "draw_record",
    "lock",
    "lock_draw",
    "lock_manifest",
    "new_office_secret",
    "quota",
    "replay",
    "restore_lock",
    "reveal_draw",
    "select_targets",
    "ticket",
]

_INPUT_KEYS = (
    "protocol", "session", "population", "strata", "team", "office_secret",
    "observers", "observer_inputs", "public_value_source", "public_value",
)  # fmt: skip


def new_office_secret() -> bytes:
    """32 bytes from the operating system's CSPRNG (§3); generate at lock time, keep hidden."""
    return secrets.token_bytes(SECRET_BYTES)


@dataclass(frozen=True)
class LockedDraw:
    """A locked draw: the manifest (public from now on) and the office secret (hidden until the
    reveal). `manifest` and `population` are JSON values; treat them as read-only."""

    manifest: dict[str, Any]
    manifest_digest: str
    population: dict[str, Any]
    office_secret: bytes = field(repr=False)
    # (ids, strata) of the targets in input order: a faster way into the draw, never published.
    target_columns: tuple[list[str], list[str]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def commitment(self) -> str:
        return str(self.manifest["commitment"])

    @property
    def observers(self) -> list[str]:
        return list(self.manifest["observers"])

    @property
    def protocol(self) -> str:
        return str(self.manifest["protocol"])

    @property
    def public_value_source(self) -> str:
        """The source declared before the lock (§10); "" for none, and for a DRAW-v1 lock."""
        return str(self.manifest.get("public_value_source", ""))


@dataclass(frozen=True)
class Reveal:
    """What is revealed after the lock: the office secret and the normalised inputs (§4)."""

    office_secret: bytes = field(repr=False)
    observer_inputs: tuple[str, ...]
    public_value: str

    def as_json(self) -> dict[str, Any]:
        """The record's `reveal` object."""
        return {
            "office_secret": self.office_secret.hex(),
            "observer_inputs": list(self.observer_inputs),
            "public_value": self.public_value,
        }


def lock(
    *,
    session: Mapping[str, Any],
    population: Mapping[str, Any],
    strata: Sequence[Mapping[str, Any]],
    team: Mapping[str, Any] | None,
    observers: Sequence[str],
    office_secret: bytes,
    public_value_source: str | None = None,
    protocol: str = PROTOCOL,
) -> LockedDraw:
    """Lock with a given secret (replays, tests). Raises DrawRefused with the §3 reason."""
    locked = lock_manifest(
        session=session,
        population=population,
        strata=strata,
        team=team,
        observers=observers,
        office_secret=office_secret,
        public_value_source=public_value_source,
        protocol=protocol,
    )
    return LockedDraw(
        manifest=locked.manifest,
        manifest_digest=sha256hex(cj(locked.manifest)),
        population=locked.population,
        office_secret=office_secret,
        target_columns=locked.target_columns,
    )


def lock_draw(
    *,
    session: Mapping[str, Any],
    population: Mapping[str, Any],
    strata: Sequence[Mapping[str, Any]],
    team: Mapping[str, Any] | None,
    observers: Sequence[str],
    public_value_source: str | None = None,
) -> LockedDraw:
    """Lock a live DRAW-v1.1 draw: the office secret is generated now, and the source of the
    public value (if any) is declared now or never. Show `manifest_digest` at once."""
    return lock(
        session=session,
        population=population,
        strata=strata,
        team=team,
        observers=observers,
        office_secret=new_office_secret(),
        public_value_source=public_value_source,
    )


def restore_lock(
    *, manifest: Mapping[str, Any], population: Mapping[str, Any], office_secret: bytes
) -> LockedDraw:
    """Rebuild a LockedDraw from storage, refusing one whose parts do not belong together."""
    manifest = dict(manifest)
    try:
        relocked, normal, columns = lock_manifest(
            session=manifest["session"],
            population=population,
            strata=manifest["strata"],
            team=manifest["team"],
            observers=manifest["observers"],
            office_secret=office_secret,
            public_value_source=manifest.get("public_value_source"),
            protocol=manifest.get("protocol", PROTOCOL_V1),
        )
    except KeyError as exc:
        raise DrawRefused(f"stored manifest: {exc.args[0]} is missing") from None
    # The manifest carries the population's digests and the commitment: equal manifests mean
    # the stored population and secret are the ones that were locked.
    if cj(relocked) != cj(manifest):
        raise DrawRefused("stored lock: manifest, population and office secret do not match")
    return LockedDraw(
        manifest=manifest,
        manifest_digest=sha256hex(cj(manifest)),
        population=normal,
        office_secret=office_secret,
        target_columns=columns,
    )


def reveal_draw(
    locked: LockedDraw, *, observer_inputs: Sequence[str], public_value: str | None = None
) -> Reveal:
    """Take the observers' inputs (one per observer, in order) and reveal the secret."""
    inputs = list(observer_inputs) if isinstance(observer_inputs, tuple) else observer_inputs
    public = normalise_public_value(public_value)
    broken = check_public_value(locked.manifest, public)
    if broken is not None:  # §10: refused before the secret is used
        raise DrawRefused(broken)
    return Reveal(
        office_secret=locked.office_secret,
        observer_inputs=tuple(normalise_observer_inputs(inputs, locked.observers)),
        public_value=public,
    )


def draw_record(locked: LockedDraw, reveal: Reveal) -> dict[str, Any]:
    """The record (§8). Check `record["status"]`: an "infeasible" draw is void."""
    return compute_record(
        manifest=locked.manifest,
        population=locked.population,
        office_secret=reveal.office_secret,
        observer_inputs=reveal.observer_inputs,
        public_value=reveal.public_value,
        target_columns=locked.target_columns,
    )


def replay(data: Mapping[str, Any]) -> dict[str, Any]:
    """The record for a vector-shaped input: session, population, strata, team, office_secret
    (hex), observers, observer_inputs, public_value. Raises DrawRefused (§3 or a bad shape).

    §10: without "protocol" (or with "DRAW-v1") the input is replayed as DRAW-v1, byte for byte
    as before; with "protocol": "DRAW-v1.1" it must carry "public_value_source"."""
    if not isinstance(data, Mapping):
        raise DrawRefused("input: must be a JSON object")
    for key in data:
        if key not in _INPUT_KEYS:
            raise DrawRefused(f"input: unknown key {key!r}")
    for key in ("session", "population", "strata", "office_secret", "observers", "observer_inputs"):
        if key not in data:
            raise DrawRefused(f"input.{key}: missing")
    protocol = data.get("protocol", PROTOCOL_V1)
    if protocol not in PROTOCOLS:
        raise DrawRefused(f"input.protocol: must be {PROTOCOL_V1!r} or {PROTOCOL!r}, got {protocol!r}")
    if protocol == PROTOCOL and "public_value_source" not in data:
        raise DrawRefused("input.public_value_source: missing (a DRAW-v1.1 input declares it)")
    if protocol == PROTOCOL_V1 and "public_value_source" in data:
        raise DrawRefused("input.public_value_source: only a DRAW-v1.1 input carries one")
    locked = lock(
        session=data["session"],
        population=data["population"],
        strata=data["strata"],
        team=data.get("team"),
        observers=data["observers"],
        office_secret=secret_from_hex(data["office_secret"]),
        public_value_source=data.get("public_value_source"),
        protocol=protocol,
    )
    reveal = reveal_draw(
        locked, observer_inputs=data["observer_inputs"], public_value=data.get("public_value")
    )
    return draw_record(locked, reveal)
