"""DRAW-v1 / DRAW-v1.1 in one file: the single implementation of the draw and its public verifier.

DRAW-v1.1 (§10) is DRAW-v1 plus one manifest key, `public_value_source`, declared before the
lock: the public value must be "" when it is "", and must not be "" when it is not. DRAW-v1
records still replay and verify byte for byte; new draws are DRAW-v1.1.

Imported by app.core.draw and handed to observers as is (`python verifier.py record.json`),
so it must import nothing but Python's standard library (3.8+), keep no state, and never guess.
"""

from __future__ import annotations

import gc
import hashlib
import heapq
import hmac
import json
import operator
import re
import sys
import unicodedata
from bisect import insort
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import accumulate, compress, filterfalse, islice
from operator import itemgetter
from typing import Any, NamedTuple

PROTOCOL = "DRAW-v1.1"  # what new draws are
PROTOCOL_V1 = "DRAW-v1"  # records made before §10; still replayed and verified as they were
PROTOCOLS = (PROTOCOL_V1, PROTOCOL)
SECRET_BYTES = 32
COMMIT_PREFIX = b"DRAW-v1/commit"
REASON_NO_DEPARTMENT = "no eligible inspector of department "
REASON_NOT_ENOUGH = "not enough eligible inspectors"

__all__ = [
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
    "loads_strict",
    "main",
    "norm",
    "normalise_observer_inputs",
    "normalise_population",
    "normalise_public_value",
    "quota",
    "record_digest",
    "record_notes",
    "secret_from_hex",
    "select_targets",
    "sha256hex",
    "ticket",
    "verify_record",
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


def _object(value: Any, where: str, *, allowed: Sequence[str], required: Sequence[str]) -> dict:
    if not isinstance(value, dict):
        raise DrawRefused(f"{where}: must be an object, got {_typename(value)}")
    for key in value:
        if key not in allowed:
            raise DrawRefused(f"{where}: unknown key {key!r} (allowed: {', '.join(allowed)})")
    for key in required:
        if key not in value:
            raise DrawRefused(f"{where}.{key}: missing")
    return value


def _list(value: Any, where: str) -> list:
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


def _raw_target_columns(raw: list) -> tuple[list[str], list[str], list[str]] | None:
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


def _careful_target_columns(raw: list) -> tuple[list[str], list[str], list[str]]:
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


def _lock_targets(raw: Any) -> tuple[list[dict[str, str]], dict[str, Any], tuple[list, list]]:
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


def _lock_population(raw: Any) -> tuple[dict[str, Any], dict[str, dict[str, Any]], tuple]:
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
    return max(k, len(stratum["mandatory"]))


def _group_ids(ids: Sequence[str], codes: Sequence[str], wanted: Sequence[str]) -> dict:
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
# §9 Verifying a record
# ---------------------------------------------------------------------------------------------

_RECORD_KEYS = (
    "protocol", "manifest", "manifest_digest", "population", "reveal", "seed",
    "status", "selection", "assignment", "error",
)  # fmt: skip
_MANIFEST_KEYS_V1 = (
    "protocol", "session", "targets", "inspectors", "conflicts", "strata", "team",
    "commitment", "observers",
)  # fmt: skip
_MANIFEST_KEYS = (*_MANIFEST_KEYS_V1, "public_value_source")  # DRAW-v1.1
_LOWER_HEX64 = re.compile(r"[0-9a-f]{64}")


def _show(value: Any, limit: int = 160) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _hex(value: Any) -> str:
    """A digest as is; anything else (not a string) as JSON."""
    return value if isinstance(value, str) and len(value) <= 128 else _show(value)


def _diff(path: str, expected: Any, got: Any, out: list[str]) -> None:
    """Append one message per differing leaf, in a stable order (expected's key order)."""
    if type(expected) is not type(got):
        out.append(f"{path} differs: expected {_show(expected)} got {_show(got)}")
    elif isinstance(expected, dict):
        for key in expected:
            if key not in got:
                out.append(f"{path}.{key} is missing: expected {_show(expected[key])}")
            else:
                _diff(f"{path}.{key}", expected[key], got[key], out)
        for key in got:
            if key not in expected:
                out.append(f"{path} has an unexpected key {key!r}")
    elif isinstance(expected, list) and any(isinstance(v, dict) for v in expected + got):
        if len(expected) != len(got):
            out.append(f"{path} has {len(got)} entries, expected {len(expected)}")
        for n, (e, g) in enumerate(zip(expected, got)):  # noqa: B905 (runs on Python 3.8)
            _diff(f"{path}[{n}]", e, g, out)
    elif expected != got:
        where = ""
        if isinstance(expected, list):
            n = next((n for n, (e, g) in enumerate(zip(expected, got)) if e != g), None)  # noqa: B905 (runs on Python 3.8)
            n = min(len(expected), len(got)) if n is None else n
            where = f" (first difference at index {n})"
            if len(expected) > 8 or len(got) > 8:
                lo = max(0, n - 2)
                out.append(
                    f"{path} differs{where}: expected [{lo}:] {_show(expected[lo : lo + 6])} "
                    f"got [{lo}:] {_show(got[lo : lo + 6])}"
                )
                return
        out.append(f"{path} differs: expected {_show(expected)} got {_show(got)}{where}")


def _check_population_form(given: dict[str, Any], normal: dict[str, Any], out: list[str]) -> None:
    for part in ("targets", "inspectors", "conflicts"):
        g, e = given.get(part), normal[part]
        if g == e:
            continue
        if not isinstance(g, list):
            out.append(f"population.{part} must be a list")
            continue
        key = (
            (lambda v: v)
            if part == "conflicts"
            else (lambda v: v.get("id") if isinstance(v, dict) else v)
        )
        n = next((n for n, (a, b) in enumerate(zip(e, g)) if a != b), min(len(e), len(g)))  # noqa: B905 (runs on Python 3.8)
        if n < len(g) and g[n] in e:
            out.append(
                f"population.{part} is not sorted as §2 requires: entry [{n}] "
                f"{_show(key(g[n]))} is out of order (expected {_show(key(e[n]))} there)"
            )
        elif len(g) != len(e) and n >= len(e):
            out.append(f"population.{part} has duplicates: {len(g)} entries, {len(e)} distinct")
        else:
            out.append(
                f"population.{part}[{n}] is not normalised as §2 requires: "
                f"expected {_show(e[n] if n < len(e) else None)} got {_show(g[n] if n < len(g) else None)}"
            )


def _check_hard_rules(record: Mapping[str, Any], team: Mapping[str, Any], out: list[str]) -> None:
    """§9.5: the rules checked directly on the record's own assignment, not by recomputing."""
    assignment = record["assignment"]
    if not isinstance(assignment, list):
        out.append("rule: an ok record with a team must list its assignment")
        return
    population = record["population"]
    inspectors = {i["id"]: i for i in population["inspectors"]}
    conflicts = {(i, t) for i, t in population["conflicts"]}
    stratum_of = {t: entry["stratum"] for entry in record["selection"] for t in entry["selected"]}
    size = max(team["size"], len(team["departments"]))
    load: dict[str, int] = {}
    seen: set[str] = set()
    for n, entry in enumerate(assignment):
        if not isinstance(entry, dict) or not isinstance(entry.get("team"), list):
            out.append(f"rule: assignment[{n}] is malformed")
            continue
        target, members = entry.get("target"), entry["team"]
        where = f"rule: assignment[{n}] (target {target})"
        if target not in stratum_of:
            out.append(f"{where}: the target is not a selected target")
        if target in seen:
            out.append(f"{where}: the target is assigned twice")
        seen.add(target)
        if len(members) != size:
            out.append(f"{where}: team has {len(members)} members, the rule needs {size}")
        if len(set(members)) != len(members):
            out.append(f"{where}: an inspector appears twice in the team")
        unknown = [m for m in members if m not in inspectors]
        if unknown:
            out.append(f"{where}: unknown inspector {unknown[0]!r}")
        known = [inspectors[m] for m in members if m in inspectors]
        for dept in team["departments"]:
            if not any(i["department"] == dept for i in known):
                out.append(f"{where}: no member of department {dept!r}")
        code = team["qualification"].get(stratum_of.get(target))
        if code is not None:
            for i in known:
                if code not in i["qualifications"]:
                    out.append(f"{where}: {i['id']} lacks the qualification {code!r}")
        for m in members:
            if (m, target) in conflicts:
                out.append(f"{where}: {m} is in a conflict pair (回避) with the target")
            load[m] = load.get(m, 0) + 1
    missing = sorted(set(stratum_of) - seen)
    if missing:
        out.append(f"rule: selected target {missing[0]!r} has no team")
    if team["max_load"] is not None:
        for m in sorted(load):
            if load[m] > team["max_load"]:
                out.append(f"rule: {m} is on {load[m]} teams, max_load is {team['max_load']}")


def _find_floats(value: Any, path: str) -> str | None:
    if isinstance(value, float):
        return path
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, v in items:
        if isinstance(v, (dict, list, float)):
            found = _find_floats(v, f"{path}.{key}" if isinstance(key, str) else f"{path}[{key}]")
            if found:
                return found
    return None


def verify_record(record: Any) -> list[str]:
    """Every failed check of §9, first mismatch first; an empty list means PASS."""
    out: list[str] = []
    try:
        with _gc_paused():
            _verify(record, out)
    except Exception as exc:  # a malformed record must fail verification, never crash it
        out.append(f"record is malformed: {type(exc).__name__}: {exc}")
    return out


def _verify(record: Any, out: list[str]) -> None:
    if not isinstance(record, dict):
        out.append(f"record must be an object, got {_typename(record)}")
        return
    if "kind" in record:
        if record["kind"] != AMENDMENT:
            out.append(f"kind differs: expected {AMENDMENT!r} (or no kind) got {_show(record['kind'])}")
            return
        _verify_amendment(record, out)
        return
    missing = [k for k in _RECORD_KEYS if k not in record]
    if missing:
        out.append(f"record is missing {', '.join(missing)}")
        return
    extra = [k for k in record if k not in _RECORD_KEYS]
    if extra:
        out.append(f"record has unexpected keys {', '.join(map(repr, extra))}")
    protocol = record["protocol"]
    if protocol not in PROTOCOLS:
        out.append(
            f"protocol differs: expected {PROTOCOL!r} (or {PROTOCOL_V1!r}) got {_show(protocol)}"
        )
        protocol = PROTOCOL
    floating = _find_floats(record, "record")
    if floating:
        out.append(f"{floating} is a floating-point number; DRAW-v1 allows none")
    manifest, population, reveal = record["manifest"], record["population"], record["reveal"]
    if (
        not isinstance(manifest, dict)
        or not isinstance(population, dict)
        or not isinstance(reveal, dict)
    ):
        out.append("manifest, population and reveal must be objects")
        return

    # 1. The population is normalised and sorted; its digests and counts match the manifest.
    try:
        normal, summary, columns = _lock_population(population)
    except DrawRefused as exc:
        out.append(f"population: {exc.reason}")
        out.append("cannot recompute the draw: the population is not a valid DRAW-v1 population")
        return
    _check_population_form(population, normal, out)
    for part in ("targets", "inspectors", "conflicts"):
        given = population.get(part)
        actual = (
            summary[part]
            if given == normal[part]
            else {
                "count": len(given) if isinstance(given, list) else None,
                "digest": digest(given) if isinstance(given, list) else None,
            }
        )
        entry = manifest.get(part)
        if not isinstance(entry, dict):
            out.append(f"manifest.{part} must be an object with count and digest")
            continue
        if entry.get("count") != actual["count"]:
            out.append(
                f"manifest.{part}.count differs: population.{part} has {actual['count']}, "
                f"manifest says {_show(entry.get('count'))}"
            )
        if entry.get("digest") != actual["digest"]:
            out.append(
                f"manifest.{part}.digest differs from the digest of population.{part}: "
                f"expected {actual['digest']} got {_hex(entry.get('digest'))}"
            )

    # The rest of the manifest is in the form a lock produces (and passes the lock's rules).
    manifest_keys = _MANIFEST_KEYS if protocol == PROTOCOL else _MANIFEST_KEYS_V1
    for key in manifest_keys:
        if key not in manifest:
            out.append(f"manifest.{key} is missing")
    for key in manifest:
        if key not in manifest_keys:
            out.append(f"manifest has an unexpected key {key!r}")
    if manifest.get("protocol") != protocol:
        out.append(
            f"manifest.protocol differs: expected {protocol!r} (the record's) "
            f"got {_show(manifest.get('protocol'))}"
        )
    source = manifest.get("public_value_source", "")
    if protocol == PROTOCOL and (not isinstance(source, str) or norm(source) != source):
        out.append(f"manifest.public_value_source must be a normalised string, got {_show(source)}")
    parts: dict[str, Any] = {}
    for key, build in (
        ("session", _lock_session),
        ("strata", lambda v: _lock_strata(v, columns)),
        ("team", _lock_team),
        ("observers", _lock_observers),
    ):
        try:
            parts[key] = build(manifest.get(key))
        except DrawRefused as exc:
            out.append(f"manifest.{key}: the lock would be refused: {exc.reason}")
            continue
        if cj(parts[key]) != cj(manifest.get(key)):
            found: list[str] = []
            _diff(f"manifest.{key}", parts[key], manifest.get(key), found)
            out.extend(f.replace(" differs: ", " is not in normal form: ", 1) for f in found)

    # 2. manifest_digest.
    manifest_digest = sha256hex(cj(manifest))
    if record["manifest_digest"] != manifest_digest:
        out.append(
            f"manifest_digest differs: expected {manifest_digest} got {_hex(record['manifest_digest'])}"
        )

    # 3. The commitment matches the revealed office secret.
    secret_hex = reveal.get("office_secret")
    secret = None
    if not isinstance(secret_hex, str) or not _LOWER_HEX64.fullmatch(secret_hex):
        out.append("reveal.office_secret must be 64 lowercase hex digits (32 bytes)")
    else:
        secret = bytes.fromhex(secret_hex)
        expected_commitment = sha256hex(COMMIT_PREFIX + secret)
        if manifest.get("commitment") != expected_commitment:
            out.append(
                "commitment does not match the revealed office secret: "
                f"the secret gives {expected_commitment}, manifest.commitment is "
                f"{_hex(manifest.get('commitment'))}"
            )

    # 4. Seed, quotas, selection, reserve, teams, status and error, recomputed (§4–§7).
    for key in reveal:
        if key not in ("office_secret", "observer_inputs", "public_value"):
            out.append(f"reveal has an unexpected key {key!r}")
    inputs = reveal.get("observer_inputs")
    public = reveal.get("public_value")
    if not isinstance(inputs, list) or not all(isinstance(v, str) for v in inputs):
        out.append("reveal.observer_inputs must be a list of strings")
        inputs = None
    else:
        for n, v in enumerate(inputs):
            if norm(v) != v:
                out.append(
                    f"reveal.observer_inputs[{n}] is not normalised: expected {_show(norm(v))} got {_show(v)}"
                )
        observers = parts.get("observers", manifest.get("observers"))
        if isinstance(observers, list) and len(inputs) != len(observers):
            out.append(
                f"reveal.observer_inputs has {len(inputs)} inputs for {len(observers)} observers"
            )
    if not isinstance(public, str):
        out.append(f"reveal.public_value must be a string, got {_typename(public)}")
        public = None
    elif norm(public) != public:
        out.append(
            f"reveal.public_value is not normalised: expected {_show(norm(public))} got {_show(public)}"
        )
    if public is not None and protocol == PROTOCOL and manifest.get("protocol") == PROTOCOL:
        broken = check_public_value(manifest, public)
        if broken is not None:
            out.append(f"rule: {broken}")
    if (
        secret is None
        or inputs is None
        or public is None
        or "strata" not in parts
        or "team" not in parts
    ):
        out.append("cannot recompute the draw from this record")
        return
    seed = compute_seed(
        manifest_digest=manifest_digest,
        office_secret=secret,
        observer_inputs=inputs,
        public_value=public,
    )
    if record["seed"] != seed.hex():
        out.append(f"seed differs: expected {seed.hex()} got {_hex(record['seed'])}")
    selection = select_targets(
        seed=seed, strata=parts["strata"], targets=normal["targets"], target_columns=columns
    )
    assignment, error = assign_inspectors(
        seed=seed,
        team=parts["team"],
        selection=selection,
        inspectors=normal["inspectors"],
        conflicts=normal["conflicts"],
    )
    status = "ok" if error is None else "infeasible"
    _diff("selection", selection, record["selection"], out)
    _diff("status", status, record["status"], out)
    _diff("error", error, record["error"], out)
    _diff("assignment", assignment, record["assignment"], out)

    # 5. For an ok record, the hard rules hold when checked directly.
    if record["status"] == "ok" and parts["team"] is not None:
        try:
            _check_hard_rules(record, parts["team"], out)
        except (TypeError, KeyError, AttributeError, ValueError) as exc:
            out.append(f"rule: the assignment cannot be checked: {type(exc).__name__}: {exc}")


# ---------------------------------------------------------------------------------------------
# The public verifier: python verifier.py RECORD.json
# ---------------------------------------------------------------------------------------------


MAX_JSON_DEPTH = 64  # a draw record nests about 6 deep; deeper input is refused, not parsed
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = [0] * 256
_STEP[ord("[")] = _STEP[ord("{")] = 1
_STEP[ord("]")] = _STEP[ord("}")] = -1


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when an array/object in `text` nests deeper than `limit` (strings skipped).

    Checked before json.loads, which would otherwise raise RecursionError on a few thousand
    brackets (or hand the checks below a structure deep enough to exhaust the stack)."""
    raw = text.encode("utf-8", "surrogatepass")
    brackets = _JSON_STRING.sub(b"", raw).translate(None, _NOT_BRACKET)
    return bool(brackets) and max(accumulate(map(_STEP.__getitem__, brackets))) > limit


def loads_strict(text: str) -> Any:
    """json.loads that refuses duplicate object keys (they would hide what was signed) and
    input nested deeper than MAX_JSON_DEPTH."""
    if json_too_deep(text):
        raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        for key, value in items:
            if key in obj:
                raise ValueError(f"duplicate key {key!r} in a JSON object")
            obj[key] = value
        return obj

    return json.loads(text, object_pairs_hook=pairs)


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
    raw = _object(population, "population", allowed=("inspectors", "conflicts"), required=("inspectors",))
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
        "population": {"inspectors": population["inspectors"], "conflicts": population["conflicts"]},
        "reveal": {"office_secret": office_secret.hex(), "observer_inputs": inputs, "public_value": value},
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


def _verify_amendment(record: dict[str, Any], out: list[str]) -> None:
    missing = [k for k in _AMENDMENT_KEYS if k not in record]
    if missing:
        out.append(f"amendment record is missing {', '.join(missing)}")
        return
    extra = [k for k in record if k not in _AMENDMENT_KEYS]
    if extra:
        out.append(f"amendment record has unexpected keys {', '.join(map(repr, extra))}")
    if record["protocol"] != PROTOCOL:
        out.append(f"protocol differs: expected {PROTOCOL!r} got {_show(record['protocol'])}")
    floating = _find_floats(record["manifest"], "manifest")
    if floating:
        out.append(f"{floating} is a floating-point number; DRAW-v1 allows none")
    amends, manifest = record["amends"], record["manifest"]
    # The chain: the record amended verifies on its own, and its digest is the one bound here.
    for line in verify_record(amends):
        out.append(f"amends: {line}")
    if not isinstance(manifest, dict):
        out.append("manifest must be an object")
        return
    keys = [k for k in _AMENDMENT_MANIFEST_KEYS if k not in manifest]
    keys += [k for k in manifest if k not in _AMENDMENT_MANIFEST_KEYS]
    if keys:
        out.append(f"manifest keys differ from §11: {', '.join(map(repr, keys))}")
        return
    if manifest.get("protocol") != PROTOCOL or manifest.get("kind") != AMENDMENT:
        out.append("manifest.protocol/kind differ from the record's")
    if isinstance(amends, dict) and manifest["amends"] != record_digest(amends):
        out.append(
            f"manifest.amends differs: expected {record_digest(amends)} (the digest of the record "
            f"amended) got {_show(manifest['amends'])}"
        )
    if sha256hex(cj(manifest)) != record["manifest_digest"]:
        out.append(f"manifest_digest differs: expected {sha256hex(cj(manifest))} got {_show(record['manifest_digest'])}")
    try:
        secret = secret_from_hex(record["reveal"]["office_secret"], "reveal.office_secret")
        relocked, population = lock_amendment(
            amends=amends,
            session=manifest["session"],
            target=manifest["target"],
            remove=manifest["remove"],
            reason=manifest["reason"],
            department=manifest["department"],
            qualification=manifest["qualification"],
            population=record["population"],
            observers=manifest["observers"],
            office_secret=secret,
            public_value_source=manifest["public_value_source"],
        )
    except DrawRefused as exc:
        out.append(f"the amendment cannot be recomputed: {exc.reason}")
        return
    _diff("population", population, record["population"], out)
    for key in ("inspectors", "conflicts"):
        if relocked[key] != manifest[key]:
            out.append(f"manifest.{key} differs: expected {_show(relocked[key])} got {_show(manifest[key])}")
    if relocked["commitment"] != manifest["commitment"]:
        out.append("commitment does not match the revealed office secret")
    why = check_public_value(manifest, record["reveal"].get("public_value", ""))
    if why is not None:
        out.append(f"rule: {why}")
        return
    try:
        again = compute_amendment(
            amends=amends, manifest=manifest, population=population, office_secret=secret,
            observer_inputs=record["reveal"].get("observer_inputs"),
            public_value=record["reveal"].get("public_value"),
        )  # fmt: skip
    except DrawRefused as exc:
        out.append(f"the amendment cannot be recomputed: {exc.reason}")
        return
    for key in ("reveal", "seed", "team_before", "status", "team", "replacement", "error"):
        _diff(key, again[key], record[key], out)


def record_notes(record: Any) -> list[str]:
    """What a reader should see beside the verdict (§10): the declared source of the public
    value beside the value, or a warning that a DRAW-v1 value was not bound before the lock."""
    if not isinstance(record, dict):
        return []
    manifest, reveal = record.get("manifest"), record.get("reveal")
    if not isinstance(manifest, dict) or not isinstance(reveal, dict):
        return []
    notes = []
    if record.get("kind") == AMENDMENT:
        notes.append(
            f"team amendment of record {_show(manifest.get('amends'))}: target {_show(manifest.get('target'))}, "
            f"{_show(manifest.get('remove'))} replaced by {_show(record.get('replacement'))}, "
            f"reason {_show(manifest.get('reason'))}"
        )
    public = reveal.get("public_value")
    if record.get("protocol") == PROTOCOL_V1:
        if isinstance(public, str) and public != "":
            return [
                f"warning: public_value {_show(public)} was not bound before the lock "
                f"(a DRAW-v1 record; DRAW-v1.1 declares its source in the manifest)"
            ]
        return []
    source = manifest.get("public_value_source")
    if isinstance(source, str) and source != "":
        notes.append(f"public_value {_show(public)} from the source declared before the lock: {_show(source)}")
    return notes


def main(argv: Sequence[str] | None = None) -> int:
    """`python verifier.py RECORD.json`: prints PASS (exit 0) or every failed check (exit 1)."""
    args = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    if len(args) != 1 or args[0] in ("-h", "--help"):
        print(
            "usage: python verifier.py RECORD.json\n"
            "Recomputes a DRAW-v1 or DRAW-v1.1 draw record and prints PASS or every failed check."
        )
        return 2
    try:
        with open(args[0], encoding="utf-8") as fh:
            record = loads_strict(fh.read())
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"FAIL\ncannot read {args[0]}: {exc}")
        return 1
    failures = verify_record(record)
    if not failures:
        print("PASS")
        print(f"record_digest {record_digest(record)}")
        for line in record_notes(record):
            print(line)
        return 0
    print(f"FAIL ({len(failures)} failed check{'s' if len(failures) != 1 else ''})")
    for line in failures:
        print(line)
    for line in record_notes(record):
        print(line)
    return 1


if __name__ == "__main__":
    sys.exit(main())
