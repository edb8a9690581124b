"""The DRAW-v1.1 engine as the app uses it: lock a draw, reveal it, compute its record; replay.

This is where the draw's speed lives (docs/draw-v1.md is the rule; verifier.py is the plain,
spec-literal reading of it that observers run, and tests/core/draw/test_draw_verifier_property.py
checks that both compute the same records on random inputs). The fast paths here: the
population's digest written without json.dumps when no string needs escaping, HMAC with the
key pads precomputed, ranking by a partial sort, inspectors bucketed by load. Stdlib only.
"""

from __future__ import annotations

import gc
import hashlib
import heapq
import hmac
import json
import operator
import re
import secrets
import unicodedata
from bisect import insort
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import compress, filterfalse, islice
from operator import itemgetter
from typing import Any, NamedTuple

PROTOCOL = "DRAW-v1.1"  # what new draws are
PROTOCOL_V1 = "DRAW-v1"  # records made before §10; still replayed and verified as they were
PROTOCOLS = (PROTOCOL_V1, PROTOCOL)
SECRET_BYTES = 32
COMMIT_PREFIX = b"DRAW-v1/commit"
REASON_NO_DEPARTMENT = "no eligible inspector of department "
REASON_NOT_ENOUGH = "not enough eligible inspectors"

_KERNEL_ALL = [
    "COMMIT_PREFIX",
    "PROTOCOL",
    "PROTOCOLS",
    "PROTOCOL_V1",
    "REASON_NOT_ENOUGH",
    "REASON_NO_DEPARTMENT",
    "SECRET_BYTES",
    "DrawRefused",
    "Lock",
    "AMENDMENT",
    "assign_inspectors",
    "check_public_value",
    "compute_amendment",
    "lock_amendment",
    "team_of",
    "cj",
    "commitment_of",
    "compute_record",
    "compute_seed",
    "digest",
    "lock_manifest",
    "norm",
    "normalise_observer_inputs",
    "normalise_population",
    "normalise_public_value",
    "quota",
    "record_digest",
    "secret_from_hex",
    "select_targets",
    "sha256hex",
    "ticket",
]


class DrawRefused(Exception):
    """The lock is refused (DRAW-v1 §3) or the input has the wrong shape; `reason` names the field."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------------------------------------
# §1 Encodings
# ---------------------------------------------------------------------------------------------


def cj(x: Any) -> bytes:
    """Canonical JSON bytes (DRAW-v1 §1)."""
    return json.dumps(x, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sha256hex(b: bytes) -> str:
    """Lowercase hex SHA-256 of `b`."""
    return hashlib.sha256(b).hexdigest()


def digest(items: Sequence[Any]) -> str:
    """digest(list) = sha256hex(cj(list)) (DRAW-v1 §2)."""
    return sha256hex(cj(list(items)))


# The White_Space set of §1: U+0009–U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000–U+200A,
# U+2028, U+2029, U+202F, U+205F, U+3000. Not str.split()'s set (that one adds U+001C–U+001F).
WHITE_SPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_WS_RUN = re.compile(r"[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")


def _is_plain(s: str) -> bool:
    # True only when norm(s) == s: every White_Space character except U+0020 is unprintable
    # for Python (categories Cc/Zs/Zl/Zp), so a printable string holds no other one.
    return (
        s.isprintable()
        and "  " not in s
        and not s.startswith(" ")
        and not s.endswith(" ")
        and (s.isascii() or unicodedata.is_normalized("NFC", s))
    )


def norm(s: str) -> str:
    """NFC, then each run of White_Space -> one U+0020, then strip U+0020 (DRAW-v1 §1)."""
    if not isinstance(s, str):
        raise TypeError(f"norm() takes a str, not {type(s).__name__}")
    if _is_plain(s):
        return s
    return _WS_RUN.sub(" ", unicodedata.normalize("NFC", s)).strip(" ")


def _all_plain(strings: Sequence[Any]) -> bool:
    """True when every item is a str that norm() keeps and cj() writes as '"' + s + '"'.

    Checked on one joined string, which is what makes a million ids cheap. '|' is a safe
    separator: printable, a starter that takes part in no canonical composition, so
    NFC(a|b) == NFC(a)|NFC(b); a '|' inside an item can only cause a (safe) false negative.
    """
    try:
        joined = "|".join(strings)
    except TypeError:
        return False
    return (
        joined.isprintable()  # no control character (JSON would escape it), no surrogate
        and '"' not in joined
        and "\\" not in joined
        and "  " not in joined
        and "| " not in joined
        and " |" not in joined
        and not joined.startswith(" ")
        and not joined.endswith(" ")
        and (joined.isascii() or unicodedata.is_normalized("NFC", joined))
    )


def _show(value: Any, limit: int = 160) -> str:
    """A value as JSON for a message, cut at `limit` characters."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _jstr(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _typename(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a floating-point number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise DrawRefused(f"{where}: must be a string, got {_typename(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise DrawRefused(f"{where}: is not valid Unicode text (lone surrogate)") from None
    return norm(value)


def _object(
    value: Any, where: str, *, allowed: Sequence[str], required: Sequence[str]
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DrawRefused(f"{where}: must be an object, got {_typename(value)}")
    for key in value:
        if key not in allowed:
            raise DrawRefused(f"{where}: unknown key {key!r} (allowed: {', '.join(allowed)})")
    for key in required:
        if key not in value:
            raise DrawRefused(f"{where}.{key}: missing")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise DrawRefused(f"{where}: must be a list, got {_typename(value)}")
    return value


def _text_set(value: Any, where: str) -> list[str]:
    """A list of strings, normalised, sorted by code point, duplicates removed."""
    return sorted({_text(v, f"{where}[{n}]") for n, v in enumerate(_list(value, where))})


@contextmanager
def _gc_paused() -> Iterator[None]:
    # Building a million small dicts triggers the cyclic GC over and over for nothing:
    # none of these objects can form a cycle. Pause it, and restore the caller's setting.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# ---------------------------------------------------------------------------------------------
# §2 Populations
# ---------------------------------------------------------------------------------------------

_TARGET_KEYS = ("id", "name", "stratum")
_ROW = '{"id":"%s","name":"%s","stratum":"%s"}'  # cj of one target whose strings need no escaping
_CHUNK = 2048


def _raw_target_columns(raw: list[Any]) -> tuple[list[str], list[str], list[str]] | None:
    """(ids, names, strata) as given when every value is a str that is already in normal form
    and needs no JSON escaping (checked a column at a time); otherwise None."""
    try:
        columns = (
            list(map(itemgetter("id"), raw)),
            list(map(itemgetter("name"), raw)),
            list(map(itemgetter("stratum"), raw)),
        )
    except (TypeError, KeyError, IndexError):
        return None
    for column in columns:
        if not _all_plain(column):  # also False when an item is not a str (join fails)
            return None
    return columns


def _careful_target_columns(raw: list[Any]) -> tuple[list[str], list[str], list[str]]:
    """(ids, names, strata) normalised one by one, refusing a bad entry by its index."""
    ids, names, strata = [], [], []
    for n, t in enumerate(raw):
        where = f"population.targets[{n}]"
        if not isinstance(t, dict):
            raise DrawRefused(f"{where}: must be an object with id, name and stratum")
        for key in _TARGET_KEYS:
            if key not in t:
                raise DrawRefused(f"{where}.{key}: missing")
        ids.append(_text(t["id"], f"{where}.id"))
        names.append(_text(t["name"], f"{where}.name"))
        strata.append(_text(t["stratum"], f"{where}.stratum"))
    return ids, names, strata


def _id_order(ids: list[str]) -> list[int] | None:
    """Indexes of `ids` in code-point order; None when they already strictly increase."""
    if all(map(operator.lt, ids, islice(ids, 1, None))):
        return None
    return sorted(range(len(ids)), key=ids.__getitem__)


def _plain_targets_digest(
    ids: list[str], names: list[str], strata: list[str], order: list[int] | None
) -> str:
    """sha256hex(cj(targets in id order)) without json.dumps, for values that _all_plain
    accepted: each target's cj is _ROW filled in. Rows are formatted in input order (memory
    order) and only whole rows are permuted, hashed a chunk at a time."""
    rows = list(map(_ROW.__mod__, zip(ids, names, strata)))  # noqa: B905 (runs on Python 3.8)
    h = hashlib.sha256(b"[")
    for start in range(0, len(rows), _CHUNK):
        if order is None:
            chunk: Any = rows[start : start + _CHUNK]
        else:
            chunk = map(rows.__getitem__, order[start : start + _CHUNK])
        if start:
            h.update(b",")
        h.update(",".join(chunk).encode("utf-8"))
    h.update(b"]")
    return h.hexdigest()


def _lock_targets(
    raw: Any,
) -> tuple[list[dict[str, str]], dict[str, Any], tuple[list[str], list[str]]]:
    """(targets normalised and sorted by id, their manifest entry {count, digest},
    (ids, strata) of the same targets in input order, for the draw)."""
    raw = _list(raw, "population.targets")
    columns = _raw_target_columns(raw)
    plain = columns is not None
    reuse = plain and set(map(type, raw)) == {dict} and set(map(len, raw)) == {3}
    if columns is None:
        columns = _careful_target_columns(raw)
        plain = all(_all_plain(column) for column in columns)
    ids, names, strata = columns
    n = len(ids)
    order = _id_order(ids)
    if order is not None and len(set(ids)) != n:
        dup = next(ids[a] for a, b in zip(order, order[1:]) if ids[a] == ids[b])  # noqa: B905
        raise DrawRefused(f"population.targets: duplicate target id {dup!r}")
    dig = _plain_targets_digest(ids, names, strata, order) if plain else None
    if reuse:  # each entry is exactly its normal form: copy it
        rows = list(map(dict.copy, raw))
    else:
        rows = [{"id": i, "name": m, "stratum": s} for i, m, s in zip(ids, names, strata)]  # noqa: B905
    if order is not None:
        rows = list(map(rows.__getitem__, order))
    if dig is None:
        dig = sha256hex(cj(rows))
    return rows, {"count": n, "digest": dig}, (ids, strata)


def _lock_inspectors(raw: Any) -> list[dict[str, Any]]:
    rows = []
    for n, ins in enumerate(_list(raw, "population.inspectors")):
        where = f"population.inspectors[{n}]"
        if not isinstance(ins, dict):
            raise DrawRefused(f"{where}: must be an object with id, name, department")
        for key in ("id", "name", "department"):
            if key not in ins:
                raise DrawRefused(f"{where}.{key}: missing")
        rows.append(
            {
                "id": _text(ins["id"], f"{where}.id"),
                "name": _text(ins["name"], f"{where}.name"),
                "department": _text(ins["department"], f"{where}.department"),
                "qualifications": _text_set(
                    ins.get("qualifications", []), f"{where}.qualifications"
                ),
            }
        )
    rows.sort(key=itemgetter("id"))
    for a, b in zip(rows, rows[1:]):  # noqa: B905 (runs on Python 3.8)
        if a["id"] == b["id"]:
            raise DrawRefused(f"population.inspectors: duplicate inspector id {a['id']!r}")
    return rows


def _lock_conflicts(raw: Any) -> list[list[str]]:
    pairs = set()
    for n, pair in enumerate(_list(raw, "population.conflicts")):
        where = f"population.conflicts[{n}]"
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise DrawRefused(f"{where}: must be a pair [inspector_id, target_id]")
        pairs.add((_text(pair[0], f"{where}[0]"), _text(pair[1], f"{where}[1]")))
    return [list(p) for p in sorted(pairs)]


def _lock_population(
    raw: Any,
) -> tuple[dict[str, Any], dict[str, dict[str, Any]], tuple[list[str], list[str]]]:
    """(normalised population, {"targets"|"inspectors"|"conflicts": {count, digest}},
    (ids, strata) of the targets in input order)."""
    raw = _object(
        raw, "population", allowed=("targets", "inspectors", "conflicts"), required=("targets",)
    )
    targets, t_entry, columns = _lock_targets(raw["targets"])
    inspectors = _lock_inspectors(raw.get("inspectors", []))
    conflicts = _lock_conflicts(raw.get("conflicts", []))
    population = {"targets": targets, "inspectors": inspectors, "conflicts": conflicts}
    summary = {
        "targets": t_entry,
        "inspectors": {"count": len(inspectors), "digest": digest(inspectors)},
        "conflicts": {"count": len(conflicts), "digest": digest(conflicts)},
    }
    return population, summary, columns


def normalise_population(raw: Any) -> dict[str, Any]:
    """The population normalised and sorted as §2 requires; DrawRefused on a duplicate id."""
    return _lock_population(raw)[0]


# ---------------------------------------------------------------------------------------------
# §3 The manifest
# ---------------------------------------------------------------------------------------------


def _lock_session(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise DrawRefused(f"session: must be an object, got {_typename(raw)}")
    out = {}
    for key, value in raw.items():
        if not isinstance(key, str) or not key.isascii():
            raise DrawRefused(f"session: key {key!r} must be ASCII")
        out[key] = _text(value, f"session.{key}")
    return dict(sorted(out.items()))


def _strata_of(columns: tuple[Sequence[str], Sequence[str]], wanted: set[str]) -> dict[str, str]:
    """{id: stratum} for the wanted target ids that exist, in one C-level pass (no big dict)."""
    ids, strata = columns
    return dict(compress(zip(ids, strata), map(wanted.__contains__, ids)))  # noqa: B905


def _lock_strata(raw: Any, columns: tuple[Sequence[str], Sequence[str]]) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for n, st in enumerate(_list(raw, "strata")):
        where = f"strata[{n}]"
        st = _object(
            st,
            where,
            allowed=("code", "ratio_permille", "count", "mandatory", "excluded"),
            required=("code",),
        )
        code = _text(st["code"], f"{where}.code")
        where = f"{where} (stratum {code!r})"
        if code in out:
            raise DrawRefused(f"{where}: two strata share the code {code!r}")
        has_ratio, has_count = "ratio_permille" in st, "count" in st
        if has_ratio == has_count:
            raise DrawRefused(f"{where}: needs exactly one of ratio_permille or count")
        entry: dict[str, Any] = {"code": code}
        if has_ratio:
            r = st["ratio_permille"]
            if not _is_int(r):
                raise DrawRefused(f"{where}.ratio_permille: must be an integer, got {_typename(r)}")
            if not 0 <= r <= 1000:
                raise DrawRefused(f"{where}.ratio_permille: {r} is out of range 0..1000")
            entry["ratio_permille"] = r
        else:
            c = st["count"]
            if not _is_int(c):
                raise DrawRefused(f"{where}.count: must be an integer, got {_typename(c)}")
            if c < 0:
                raise DrawRefused(f"{where}.count: {c} is out of range (must be >= 0)")
            entry["count"] = c
        mandatory = _text_set(st.get("mandatory", []), f"{where}.mandatory")
        excluded = _text_set(st.get("excluded", []), f"{where}.excluded")
        known = _strata_of(columns, set(mandatory) | set(excluded)) if mandatory or excluded else {}
        for key, ids in (("mandatory", mandatory), ("excluded", excluded)):
            for target_id in ids:
                if known.get(target_id) != code:
                    raise DrawRefused(
                        f"{where}.{key}: {target_id!r} is not a target of stratum {code!r}"
                    )
        both = sorted(set(mandatory) & set(excluded))
        if both:
            raise DrawRefused(f"{where}: {both[0]!r} is both mandatory and excluded")
        entry["mandatory"] = mandatory
        entry["excluded"] = excluded
        out[code] = entry
    return [out[code] for code in sorted(out)]


def _lock_team(raw: Any) -> dict[str, Any] | None:
    if raw is None:
        return None
    raw = _object(
        raw,
        "team",
        allowed=("size", "departments", "qualification", "max_load"),
        required=("size",),
    )
    size = raw["size"]
    if not _is_int(size) or size < 1:
        raise DrawRefused(f"team.size: must be an integer >= 1, got {size!r}")
    departments = _text_set(raw.get("departments", []), "team.departments")
    qual_raw = raw.get("qualification", {})
    if not isinstance(qual_raw, dict):
        raise DrawRefused(f"team.qualification: must be an object, got {_typename(qual_raw)}")
    qualification: dict[str, str] = {}
    for key, value in qual_raw.items():
        code = _text(key, "team.qualification (a stratum code)")
        if code in qualification:
            raise DrawRefused(f"team.qualification: stratum code {code!r} appears twice")
        qualification[code] = _text(value, f"team.qualification.{code}")
    max_load = raw.get("max_load")
    if max_load is not None and (not _is_int(max_load) or max_load < 0):
        raise DrawRefused(f"team.max_load: must be null or an integer >= 0, got {max_load!r}")
    return {
        "size": size,
        "departments": departments,
        "qualification": dict(sorted(qualification.items())),
        "max_load": max_load,
    }


def _lock_observers(raw: Any) -> list[str]:
    return [_text(v, f"observers[{n}]") for n, v in enumerate(_list(raw, "observers"))]


def commitment_of(office_secret: bytes) -> str:
    """commitment = sha256hex(b"DRAW-v1/commit" + office_secret) over the raw 32 bytes."""
    _check_secret(office_secret)
    return sha256hex(COMMIT_PREFIX + office_secret)


def _check_secret(office_secret: Any) -> None:
    if not isinstance(office_secret, bytes):
        raise DrawRefused(f"office_secret: must be bytes, got {_typename(office_secret)}")
    if len(office_secret) != SECRET_BYTES:
        raise DrawRefused(
            f"office_secret: must be {SECRET_BYTES} bytes, got {len(office_secret)} bytes"
        )


_HEX = re.compile(r"(?:[0-9a-fA-F]{2})*")


def secret_from_hex(value: Any, where: str = "office_secret") -> bytes:
    """The 32-byte office secret from its hex text (either case accepted on input)."""
    if not isinstance(value, str) or not _HEX.fullmatch(value):
        raise DrawRefused(f"{where}: must be a hex string")
    secret = bytes.fromhex(value)
    if len(secret) != SECRET_BYTES:
        raise DrawRefused(
            f"{where}: the office secret must be {SECRET_BYTES} bytes, got {len(secret)} bytes"
        )
    return secret


class Lock(NamedTuple):
    """What lock_manifest returns. `target_columns` is (ids, strata) of the same targets in
    input order: only a faster way into select_targets, never published."""

    manifest: dict[str, Any]
    population: dict[str, Any]
    target_columns: tuple[list[str], list[str]]


def lock_manifest(
    *,
    session: Any,
    population: Any,
    strata: Any,
    team: Any,
    observers: Any,
    office_secret: bytes,
    public_value_source: Any = None,
    protocol: str = PROTOCOL,
) -> Lock:
    """The manifest and the normalised population (§2–§3, §10), or DrawRefused with the reason.
    DRAW-v1.1 (the default) declares `public_value_source` ("" or None for none); a DRAW-v1
    manifest has no such key, so a source given with protocol DRAW-v1 is refused."""
    _check_secret(office_secret)
    if protocol not in PROTOCOLS:
        raise DrawRefused(f"protocol: must be one of {', '.join(PROTOCOLS)}, got {protocol!r}")
    if protocol == PROTOCOL_V1 and public_value_source is not None:
        raise DrawRefused("public_value_source: only a DRAW-v1.1 manifest declares one")
    session_n = _lock_session(session)
    with _gc_paused():
        pop, summary, columns = _lock_population(population)
    strata_n = _lock_strata(strata, columns)
    manifest = {
        "protocol": protocol,
        "session": session_n,
        "targets": summary["targets"],
        "inspectors": summary["inspectors"],
        "conflicts": summary["conflicts"],
        "strata": strata_n,
        "team": _lock_team(team),
        "commitment": commitment_of(office_secret),
        "observers": _lock_observers(observers),
    }
    if protocol == PROTOCOL:
        manifest["public_value_source"] = _lock_public_value_source(public_value_source)
    return Lock(manifest, pop, columns)


def _lock_public_value_source(raw: Any) -> str:
    """§10: where the public value will come from, declared before the lock; "" for none."""
    return "" if raw is None else _text(raw, "public_value_source")


RULE_PUBLIC_VALUE = "DRAW-v1.1 §10"


def check_public_value(manifest: Mapping[str, Any], public_value: str) -> str | None:
    """The §10 rule for a DRAW-v1.1 manifest: why `public_value` may not be used, or None.
    A DRAW-v1 manifest has no rule (its records only get a warning, see record_notes)."""
    if manifest.get("protocol") != PROTOCOL:
        return None
    source = manifest.get("public_value_source")
    if source == "" and public_value != "":
        return (
            f"public_value must be empty: the manifest declared no public_value_source before "
            f"the lock ({RULE_PUBLIC_VALUE})"
        )
    if source != "" and public_value == "":
        return (
            f"public_value is empty although the manifest declared its source "
            f"{_show(source)} before the lock ({RULE_PUBLIC_VALUE})"
        )
    return None


# ---------------------------------------------------------------------------------------------
# §4 The seed
# ---------------------------------------------------------------------------------------------


def normalise_observer_inputs(inputs: Any, observers: Sequence[str]) -> list[str]:
    """Observer inputs normalised; DrawRefused when their number differs from the observers'."""
    values = [
        _text(v, f"observer_inputs[{n}]") for n, v in enumerate(_list(inputs, "observer_inputs"))
    ]
    if len(values) != len(observers):
        raise DrawRefused(f"observer_inputs: {len(values)} inputs for {len(observers)} observers")
    return values


def normalise_public_value(value: Any) -> str:
    """The public value normalised; missing or null is ""."""
    return "" if value is None else _text(value, "public_value")


def compute_seed(
    *, manifest_digest: str, office_secret: bytes, observer_inputs: Sequence[str], public_value: str
) -> bytes:
    """The 32 raw seed bytes (§4); inputs and public value are normalised here."""
    return hashlib.sha256(
        cj(
            {
                "manifest_digest": manifest_digest,
                "office_secret": office_secret.hex(),
                "observer_inputs": [norm(v) for v in observer_inputs],
                "public_value": norm(public_value),
            }
        )
    ).digest()


# ---------------------------------------------------------------------------------------------
# §5 Tickets
# ---------------------------------------------------------------------------------------------


def ticket(seed: bytes, label: str, id_: str) -> str:
    """ticket(label, id) = hex(HMAC-SHA256(key=seed, msg=cj([label, id]))), the literal §5 form."""
    return hmac.new(seed, cj([label, id_]), hashlib.sha256).hexdigest()


class _Tickets:
    """§5 tickets, fast: HMAC-SHA256 with the key pads and the label already hashed in.

    HMAC(K, m) = H((K ^ opad) || H((K ^ ipad) || m)) for a 32-byte key (shorter than the
    64-byte block); the message cj([label, id]) is b'[' + json(label) + b',' + json(id) + b']',
    so the inner state after the prefix is copied instead of recomputed. Raw digests are
    compared, which orders exactly like their hex.
    """

    def __init__(self, seed: bytes) -> None:
        if len(seed) != 32:
            raise ValueError("the seed is 32 bytes")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in seed) + b"\x36" * 32)
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in seed) + b"\x5c" * 32)

    def _prefixed(self, label: str) -> Any:
        inner = self._inner.copy()
        inner.update(("[" + _jstr(label) + ",").encode("utf-8"))
        return inner

    @staticmethod
    def _suffixes(ids: Sequence[str]) -> list[bytes]:
        """json(id) + ']' as UTF-8 for every id, in bulk when no id needs escaping."""
        if ids and _all_plain(ids):
            return ('"' + '"]\x00"'.join(ids) + '"]').encode("utf-8").split(b"\x00")
        return [(_jstr(i) + "]").encode("utf-8") for i in ids]

    def raw(self, label: str, ids: Sequence[str]) -> list[bytes]:
        """The raw ticket of every id, in the order given (the hot loop: touches no id)."""
        inner_copy = self._prefixed(label).copy
        outer_copy = self._outer.copy
        out: list[bytes] = []
        append = out.append
        for msg in self._suffixes(ids):
            h = inner_copy()
            h.update(msg)
            o = outer_copy()
            o.update(h.digest())
            append(o.digest())
        return out

    def keyed(self, label: str, ids: Sequence[str]) -> list[tuple[bytes, str]]:
        """[(raw ticket, id)] for every id, in the order given."""
        return list(zip(self.raw(label, ids), ids))  # noqa: B905 (runs on Python 3.8)

    def ranking(self, label: str, ids: Sequence[str], limit: int) -> list[str]:
        """The first `limit` ids ordered by (ticket, id)."""
        if limit <= 0 or not ids:
            return []
        raw = self.raw(label, ids)
        if limit * 32 <= len(raw):  # a few of many: a heap on (ticket, id) beats a full sort
            return [i for _, i in heapq.nsmallest(limit, zip(raw, ids))]  # noqa: B905
        if len(set(raw)) != len(raw):  # equal tickets: never seen, but then the id decides
            return [i for _, i in sorted(zip(raw, ids))[:limit]]  # noqa: B905
        # Otherwise a C-level sort of the tickets alone beats heapq.nsmallest's Python loop.
        best = sorted(range(len(raw)), key=raw.__getitem__)[:limit]
        return list(map(ids.__getitem__, best))


# ---------------------------------------------------------------------------------------------
# §6 Selecting targets
# ---------------------------------------------------------------------------------------------


def quota(stratum: Mapping[str, Any], *, eligible: int) -> int:
    """k for a stratum with `eligible` targets (§6.3), integer arithmetic, ratio rounded up."""
    if "count" in stratum:
        k = min(stratum["count"], eligible)
    else:
        k = min(eligible, (stratum["ratio_permille"] * eligible + 999) // 1000)
    return max(int(k), len(stratum["mandatory"]))


def _group_ids(
    ids: Sequence[str], codes: Sequence[str], wanted: Sequence[str]
) -> dict[str, list[str]]:
    """{code: [ids of that stratum, in the order given]} for the wanted codes, in one pass
    (several C-level compress passes, one per stratum, cost more from 2 strata up)."""
    groups: dict[str, list[str]] = {code: [] for code in wanted}
    add = {code: group.append for code, group in groups.items()}.get
    for id_, code in zip(ids, codes):  # noqa: B905 (runs on Python 3.8)
        append = add(code)
        if append is not None:
            append(id_)
    return groups


def select_targets(
    *,
    seed: bytes,
    strata: Sequence[Mapping[str, Any]],
    targets: Sequence[Mapping[str, str]],
    target_columns: tuple[Sequence[str], Sequence[str]] | None = None,
) -> list[dict[str, Any]]:
    """The selection of §6: one entry per stratum, in code order. The result does not depend on
    the order of `targets`; `target_columns` = (ids, strata) of the same targets, in any order,
    may be given instead of reading them from `targets` (faster after a lock)."""
    tickets = _Tickets(seed)
    if target_columns is not None:
        ids, codes = target_columns
    else:
        ids = list(map(itemgetter("id"), targets))
        codes = list(map(itemgetter("stratum"), targets))
    ordered = sorted(strata, key=itemgetter("code"))
    of_stratum = _group_ids(ids, codes, [st["code"] for st in ordered])
    out = []
    for st in ordered:
        code = st["code"]
        eligible = of_stratum[code]
        if st["excluded"]:
            eligible = list(filterfalse(set(st["excluded"]).__contains__, eligible))
        mandatory = list(st["mandatory"])
        k = quota(st, eligible=len(eligible))
        pool = list(filterfalse(set(mandatory).__contains__, eligible)) if mandatory else eligible
        drawn = k - len(mandatory)
        ranking = tickets.ranking("select:" + code, pool, drawn + k)
        out.append(
            {
                "stratum": code,
                "eligible": len(eligible),
                "k": k,
                "mandatory": mandatory,
                "selected": mandatory + ranking[:drawn],
                "reserve": ranking[drawn : drawn + k],
            }
        )
    return out


# ---------------------------------------------------------------------------------------------
# §7 Assigning inspectors
# ---------------------------------------------------------------------------------------------


class _Loads:
    """Inspectors bucketed by current load (all, and per listed department); loads ascending."""

    def __init__(self, inspectors: Sequence[Mapping[str, Any]], departments: Sequence[str]) -> None:
        self.load = {i["id"]: 0 for i in inspectors}
        self.department = {i["id"]: i["department"] for i in inspectors}
        self.levels: list[int] = [0] if inspectors else []
        self.all: dict[int, set[str]] = {0: set(self.load)} if inspectors else {}
        self.by_dept: dict[str, dict[int, set[str]]] = {d: {} for d in departments}
        for i in inspectors:
            buckets = self.by_dept.get(i["department"])
            if buckets is not None:
                buckets.setdefault(0, set()).add(i["id"])

    def open_levels(self, max_load: int | None) -> list[int]:
        """The loads at which an inspector may still take a target, ascending."""
        if max_load is None:
            return self.levels
        return [level for level in self.levels if level < max_load]

    def add_one(self, inspector: str) -> None:
        level = self.load[inspector]
        self.load[inspector] = level + 1
        new_level = level + 1 not in self.all
        self._move(self.all, inspector, level)
        buckets = self.by_dept.get(self.department[inspector])
        if buckets is not None:
            self._move(buckets, inspector, level)
        if level not in self.all:
            self.levels.remove(level)
        if new_level:
            insort(self.levels, level + 1)

    @staticmethod
    def _move(buckets: dict[int, set[str]], inspector: str, level: int) -> None:
        source = buckets[level]
        source.discard(inspector)
        if not source:
            del buckets[level]
        buckets.setdefault(level + 1, set()).add(inspector)


class _TargetTickets:
    """ticket("assign:" + target, i) for the inspectors asked about, each computed once."""

    def __init__(self, tickets: _Tickets, target: str) -> None:
        self._tickets = tickets
        self._label = "assign:" + target
        self._cache: dict[str, bytes] = {}

    def _fill(self, group: set[str]) -> dict[str, bytes]:
        cache = self._cache
        missing = list(filterfalse(cache.__contains__, group))
        if missing:
            cache.update(zip(missing, self._tickets.raw(self._label, missing)))  # noqa: B905
        return cache

    def first(self, group: set[str]) -> str:
        """The group's first inspector in (ticket, id) order."""
        key = self._fill(group).__getitem__
        best = min(group, key=key)
        if list(map(key, group)).count(key(best)) > 1:  # equal tickets: the id decides
            best = min(i for i in group if key(i) == key(best))
        return best

    def ranked(self, group: set[str]) -> list[str]:
        """The group ordered by (ticket, id)."""
        key = self._fill(group).__getitem__
        order = sorted(group, key=key)
        keys = list(map(key, order))
        if any(map(operator.eq, keys, islice(keys, 1, None))):  # equal tickets: id decides
            order = sorted(group, key=lambda i: (key(i), i))
        return order


def _staff(
    *,
    target: str,
    departments: Sequence[str],
    size: int,
    max_load: int | None,
    loads: _Loads,
    tickets: _TargetTickets,
    allowed: set[str] | None,
    barred: set[str],
) -> tuple[list[str], str | None]:
    """One team per §7.3, or the infeasibility reason. Candidates are taken a load level at a
    time, least loaded first, so tickets are computed only for inspectors that can still win."""
    members: list[str] = []

    def candidates(level_set: set[str]) -> set[str]:
        group = level_set & allowed if allowed is not None else set(level_set)
        group -= barred
        group.difference_update(members)
        return group

    levels = loads.open_levels(max_load)
    for dept in departments:
        buckets = loads.by_dept[dept]
        pick = None
        for level in levels:
            group = candidates(buckets.get(level, set()))
            if group:
                pick = tickets.first(group)
                break
        if pick is None:
            return members, REASON_NO_DEPARTMENT + dept
        members.append(pick)
    for level in levels:
        if len(members) >= size:
            break
        group = candidates(loads.all[level])
        if group:
            members.extend(tickets.ranked(group)[: size - len(members)])
    if len(members) < size:
        return members, REASON_NOT_ENOUGH
    return members, None


def assign_inspectors(
    *,
    seed: bytes,
    team: Mapping[str, Any] | None,
    selection: Sequence[Mapping[str, Any]],
    inspectors: Sequence[Mapping[str, Any]],
    conflicts: Sequence[Sequence[str]],
) -> tuple[list[dict[str, Any]] | None, dict[str, str] | None]:
    """(assignment, error) of §7; (None, None) without a team, (None, error) when infeasible."""
    if team is None:
        return None, None
    tickets = _Tickets(seed)
    departments = list(team["departments"])
    size = max(team["size"], len(departments))
    qualification = team["qualification"]
    qualified = {
        code: {i["id"] for i in inspectors if code in i["qualifications"]}
        for code in set(qualification.values())
    }
    barred: dict[str, set[str]] = {}
    for inspector_id, target_id in conflicts:
        barred.setdefault(target_id, set()).add(inspector_id)
    stratum_of = {t: entry["stratum"] for entry in selection for t in entry["selected"]}
    order = [i for _, i in sorted(tickets.keyed("assign-order", list(stratum_of)))]
    loads = _Loads(inspectors, departments)
    nobody: set[str] = set()
    assignment = []
    for target in order:
        code = qualification.get(stratum_of[target])
        members, reason = _staff(
            target=target,
            departments=departments,
            size=size,
            max_load=team["max_load"],
            loads=loads,
            tickets=_TargetTickets(tickets, target),
            allowed=qualified[code] if code is not None else None,
            barred=barred.get(target, nobody),
        )
        if reason is not None:
            return None, {"target": target, "reason": reason}
        for member in members:
            loads.add_one(member)
        assignment.append({"target": target, "team": members})
    return assignment, None


# ---------------------------------------------------------------------------------------------
# §8 The record
# ---------------------------------------------------------------------------------------------


def compute_record(
    *,
    manifest: Mapping[str, Any],
    population: Mapping[str, Any],
    office_secret: bytes,
    observer_inputs: Sequence[str],
    public_value: str | None,
    target_columns: tuple[Sequence[str], Sequence[str]] | None = None,
) -> dict[str, Any]:
    """The record of §8 for a locked manifest and its revealed inputs (normalised here).
    `target_columns`: see select_targets (Lock.target_columns)."""
    _check_secret(office_secret)
    inputs = normalise_observer_inputs(list(observer_inputs), manifest["observers"])
    public = normalise_public_value(public_value)
    broken = check_public_value(manifest, public)
    if broken is not None:
        raise DrawRefused(broken)
    manifest_digest = sha256hex(cj(manifest))
    seed = compute_seed(
        manifest_digest=manifest_digest,
        office_secret=office_secret,
        observer_inputs=inputs,
        public_value=public,
    )
    with _gc_paused():
        selection = select_targets(
            seed=seed,
            strata=manifest["strata"],
            targets=population["targets"],
            target_columns=target_columns,
        )
        assignment, error = assign_inspectors(
            seed=seed,
            team=manifest["team"],
            selection=selection,
            inspectors=population["inspectors"],
            conflicts=population["conflicts"],
        )
    return {
        "protocol": manifest["protocol"],
        "manifest": manifest,
        "manifest_digest": manifest_digest,
        "population": population,
        "reveal": {
            "office_secret": office_secret.hex(),
            "observer_inputs": inputs,
            "public_value": public,
        },
        "seed": seed.hex(),
        "status": "ok" if error is None else "infeasible",
        "selection": selection,
        "assignment": assignment,
        "error": error,
    }


def record_digest(record: Any) -> str:
    """record_digest = sha256hex(cj(record)): what the printed notice and its QR code carry."""
    return sha256hex(cj(record))


# ---------------------------------------------------------------------------------------------
# §11 Team amendments: replacing one member after the draw, chained to the record amended
# ---------------------------------------------------------------------------------------------

AMENDMENT = "team-amendment"
REASON_NO_REPLACEMENT = "no eligible replacement"
_AMENDMENT_KEYS = (
    "protocol", "kind", "amends", "manifest", "manifest_digest", "population", "reveal", "seed",
    "status", "team_before", "team", "replacement", "error",
)  # fmt: skip
_AMENDMENT_MANIFEST_KEYS = (
    "protocol", "kind", "session", "amends", "target", "remove", "reason", "department",
    "qualification", "inspectors", "conflicts", "commitment", "observers", "public_value_source",
)  # fmt: skip


def team_of(record: Mapping[str, Any], target: str) -> list[str] | None:
    """The team of `target` as a record leaves it: the assignment of a draw record, or the
    team of an amendment record for its own target (else that of the record it amends)."""
    if record.get("kind") == AMENDMENT:
        if record.get("manifest", {}).get("target") == target and record.get("status") == "ok":
            return list(record["team"])
        amended = record.get("amends")
        return team_of(amended, target) if isinstance(amended, dict) else None
    for entry in record.get("assignment") or []:
        if isinstance(entry, dict) and entry.get("target") == target:
            return list(entry.get("team") or [])
    return None


def lock_amendment(
    *,
    amends: Mapping[str, Any],
    session: Any,
    target: Any,
    remove: Any,
    reason: Any,
    department: Any,
    qualification: Any,
    population: Any,
    observers: Any,
    office_secret: bytes,
    public_value_source: Any = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(manifest, normalised population) of a team amendment (§11), or DrawRefused."""
    _check_secret(office_secret)
    target_n = _text(target, "target")
    remove_n = _text(remove, "remove")
    before = team_of(amends, target_n)
    if before is None:
        raise DrawRefused(f"target: {target_n!r} has no team in the record amended")
    if remove_n not in before:
        raise DrawRefused(f"remove: {remove_n!r} is not on the team of {target_n!r}")
    reason_n = _text(reason, "reason")
    if not reason_n:
        raise DrawRefused("reason: must not be empty")
    raw = _object(
        population, "population", allowed=("inspectors", "conflicts"), required=("inspectors",)
    )
    inspectors = _lock_inspectors(raw["inspectors"])
    conflicts = _lock_conflicts(raw.get("conflicts", []))
    manifest = {
        "protocol": PROTOCOL,
        "kind": AMENDMENT,
        "session": _lock_session(session),
        "amends": record_digest(amends),
        "target": target_n,
        "remove": remove_n,
        "reason": reason_n,
        "department": "" if department is None else _text(department, "department"),
        "qualification": "" if qualification is None else _text(qualification, "qualification"),
        "inspectors": {"count": len(inspectors), "digest": digest(inspectors)},
        "conflicts": {"count": len(conflicts), "digest": digest(conflicts)},
        "commitment": commitment_of(office_secret),
        "observers": _lock_observers(observers),
        "public_value_source": _lock_public_value_source(public_value_source),
    }
    return manifest, {"inspectors": inspectors, "conflicts": conflicts}


def compute_amendment(
    *,
    amends: Mapping[str, Any],
    manifest: Mapping[str, Any],
    population: Mapping[str, Any],
    office_secret: bytes,
    observer_inputs: Any,
    public_value: Any = None,
) -> dict[str, Any]:
    """The amendment record (§11): the seed as §4, then the replacement — the eligible
    inspector with the lowest ticket("replace:" + target, id) — in the removed member's place."""
    inputs = normalise_observer_inputs(observer_inputs, manifest["observers"])
    value = normalise_public_value(public_value)
    why = check_public_value(manifest, value)
    if why is not None:
        raise DrawRefused(why)
    manifest_digest = sha256hex(cj(manifest))
    seed = compute_seed(
        manifest_digest=manifest_digest, office_secret=office_secret,
        observer_inputs=inputs, public_value=value,
    )  # fmt: skip
    target, remove = manifest["target"], manifest["remove"]
    before = team_of(amends, target) or []
    blocked = {i for i, t in population["conflicts"] if t == target}
    wanted_dept, wanted_qual = manifest["department"], manifest["qualification"]
    candidates = [
        ins["id"]
        for ins in population["inspectors"]
        if ins["id"] not in before
        and ins["id"] not in blocked
        and (not wanted_dept or ins["department"] == wanted_dept)
        and (not wanted_qual or wanted_qual in ins["qualifications"])
    ]
    ranked = sorted(candidates, key=lambda i: (ticket(seed, "replace:" + target, i), i))
    record: dict[str, Any] = {
        "protocol": PROTOCOL,
        "kind": AMENDMENT,
        "amends": amends,
        "manifest": manifest,
        "manifest_digest": manifest_digest,
        "population": {
            "inspectors": population["inspectors"],
            "conflicts": population["conflicts"],
        },
        "reveal": {
            "office_secret": office_secret.hex(),
            "observer_inputs": inputs,
            "public_value": value,
        },
        "seed": seed.hex(),
        "team_before": before,
    }
    if not ranked:
        record.update(status="infeasible", team=None, replacement=None,
                      error={"target": target, "reason": REASON_NO_REPLACEMENT})  # fmt: skip
    else:
        new = ranked[0]
        record.update(status="ok", team=[new if m == remove else m for m in before],
                      replacement=new, error=None)  # fmt: skip
    return record


# ---------------------------------------------------------------------------------------------
# The session workflow: lock, reveal, record, replay
# ---------------------------------------------------------------------------------------------

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
    *_KERNEL_ALL,
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
        raise DrawRefused(
            f"input.protocol: must be {PROTOCOL_V1!r} or {PROTOCOL!r}, got {protocol!r}"
        )
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
