"""The public verifier of DRAW-v1 / DRAW-v1.1 draw records: `python -I verifier.py RECORD.json`.

Observers run this one file alone: it imports only Python's standard library (3.8+) and is
written to be read beside docs/draw-v1.md, section by section, with no speed tricks. It prints
PASS (exit 0) or every failed check, first mismatch first (exit 1). The app verifies records
with this file too; it computes draws with engine.py (the fast paths live there), and a
property test checks that engine and verifier give the same records.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from typing import Any

PROTOCOL_V1, PROTOCOL, AMENDMENT = "DRAW-v1", "DRAW-v1.1", "team-amendment"
COMMIT_PREFIX = b"DRAW-v1/commit"
MAX_JSON_DEPTH = 64  # a draw record nests about 6 deep; an amendment adds one level per change
RECORD_KEYS = "protocol manifest manifest_digest population reveal seed status selection".split()
RECORD_KEYS += ["assignment", "error"]
MANIFEST_KEYS = "protocol session targets inspectors conflicts strata team commitment".split()
MANIFEST_KEYS += ["observers", "public_value_source"]  # DRAW-v1 manifests lack the last one
AMENDMENT_KEYS = "protocol kind amends manifest manifest_digest population reveal seed".split()
AMENDMENT_KEYS += ["status", "team_before", "team", "replacement", "error"]
AMENDMENT_MANIFEST_KEYS = "protocol kind session amends target remove reason department".split()
AMENDMENT_MANIFEST_KEYS += "qualification inspectors conflicts commitment observers".split()
AMENDMENT_MANIFEST_KEYS += ["public_value_source"]
WHITE_SPACE = r"[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"


class Refused(Exception):
    """A part of the record is not what a lock could have written (§3)."""


def require(condition: bool, reason: str) -> None:
    if not condition:
        raise Refused(reason)


# §1 Encodings ---------------------------------------------------------------------------------
def cj(x: Any) -> bytes:
    return json.dumps(x, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sha256hex(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def record_digest(record: Any) -> str:
    return sha256hex(cj(record))


def norm(s: str) -> str:
    """NFC, each run of White_Space -> one U+0020, then leading/trailing U+0020 removed."""
    return re.sub(WHITE_SPACE, " ", unicodedata.normalize("NFC", s)).strip(" ")


def show(value: Any, limit: int = 160) -> str:
    """A value as JSON for a message, cut at `limit` characters."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text(value: Any, where: str) -> str:
    """A string value the draw takes in, normalised (§1)."""
    require(isinstance(value, str), f"{where}: must be a string, got {show(value, 40)}")
    require(value.encode("utf-8", "replace").decode() == value, f"{where}: is not Unicode text")
    return norm(value)


def text_set(value: Any, where: str) -> list[str]:
    """A list of strings, normalised, sorted by code point, duplicates removed."""
    require(isinstance(value, list), f"{where}: must be a list")
    return sorted({text(v, f"{where}[{n}]") for n, v in enumerate(value)})


def keys_of(value: Any, where: str, allowed: str, required: str) -> dict[str, Any]:
    require(isinstance(value, dict), f"{where}: must be an object")
    require(all(key in allowed.split() for key in value), f"{where}: has an unknown key")
    for key in required.split():
        require(key in value, f"{where}.{key}: missing")
    return dict(value)


# §2 Populations, in the form a lock writes them ------------------------------------------------
def normal_rows(raw: Any, part: str, keys: list[str]) -> list[dict[str, Any]]:
    """Targets (id, name, stratum) or inspectors (id, name, department, qualifications)."""
    require(isinstance(raw, list), f"population.{part}: must be a list")
    rows: list[dict[str, Any]] = []
    for n, row in enumerate(raw):
        where = f"population.{part}[{n}]"
        row = keys_of(row, where, " ".join(row) if isinstance(row, dict) else "", " ".join(keys))
        rows.append({key: text(row[key], f"{where}.{key}") for key in keys})
        if part == "inspectors":
            quals = row.get("qualifications", [])
            rows[-1]["qualifications"] = text_set(quals, f"{where}.qualifications")
    rows.sort(key=lambda row: row["id"])
    for a, b in zip(rows, rows[1:]):
        require(a["id"] != b["id"], f"population.{part}: duplicate {part[:-1]} id {a['id']!r}")
    return rows


def normal_population(raw: Any, parts: str) -> dict[str, Any]:
    """A draw's population (targets, inspectors, conflicts) or an amendment's (no targets)."""
    raw, out = keys_of(raw, "population", parts, parts.split()[0]), dict[str, Any]()
    if "targets" in parts:
        out["targets"] = normal_rows(raw["targets"], "targets", ["id", "name", "stratum"])
    inspectors = raw.get("inspectors", [])
    out["inspectors"] = normal_rows(inspectors, "inspectors", ["id", "name", "department"])
    pairs = raw.get("conflicts", [])
    require(isinstance(pairs, list), "population.conflicts: must be a list")
    for n, pair in enumerate(pairs):
        require(isinstance(pair, list) and len(pair) == 2, f"population.conflicts[{n}]: not a pair")
    unique = {(text(i, "conflicts"), text(t, "conflicts")) for i, t in pairs}
    out["conflicts"] = [list(pair) for pair in sorted(unique)]
    return out


# §3 The manifest's parts, in the form a lock writes them -----------------------------------------
def normal_session(raw: Any) -> dict[str, str]:
    require(isinstance(raw, dict) and all(k.isascii() for k in raw), "session: ASCII keys only")
    return {key: text(raw[key], f"session.{key}") for key in sorted(raw)}


def normal_strata(raw: Any, targets: list[dict[str, str]]) -> list[dict[str, Any]]:
    stratum_of = {t["id"]: t["stratum"] for t in targets}
    require(isinstance(raw, list), "strata: must be a list")
    out: dict[str, dict[str, Any]] = {}
    for n, st in enumerate(raw):
        st = keys_of(st, f"strata[{n}]", "code ratio_permille count mandatory excluded", "code")
        code = text(st["code"], f"strata[{n}].code")
        where = f"strata[{n}] (stratum {code!r})"
        require(code not in out, f"{where}: two strata share the code {code!r}")
        quota_keys = [key for key in ("ratio_permille", "count") if key in st]
        require(len(quota_keys) == 1, f"{where}: needs exactly one of ratio_permille or count")
        key, value = quota_keys[0], st[quota_keys[0]]
        top = 1000 if key == "ratio_permille" else value
        in_range = type(value) is int and 0 <= value <= top
        require(in_range, f"{where}.{key}: {value!r} is not an integer in range")
        entry = {"code": code, key: value}
        for part in ("mandatory", "excluded"):
            entry[part] = text_set(st.get(part, []), f"{where}.{part}")
            for i in entry[part]:
                require(stratum_of.get(i) == code, f"{where}.{part}: {i!r} is not a target of it")
        both = set(entry["mandatory"]) & set(entry["excluded"])
        require(not both, f"{where}: {sorted(both)} both mandatory and excluded")
        out[code] = entry
    return [out[code] for code in sorted(out)]


def normal_team(raw: Any) -> dict[str, Any] | None:
    if raw is None:
        return None
    raw = keys_of(raw, "team", "size departments qualification max_load", "size")
    size, max_load = raw["size"], raw.get("max_load")
    require(type(size) is int and size >= 1, f"team.size: must be an integer >= 1, got {size!r}")
    ok_load = max_load is None or (type(max_load) is int and max_load >= 0)
    require(ok_load, f"team.max_load: must be null or an integer >= 0, got {max_load!r}")
    given = raw.get("qualification", {})
    require(isinstance(given, dict), "team.qualification: must be an object")
    quals = {text(k, "team.qualification"): text(v, "team.qualification") for k, v in given.items()}
    require(len(quals) == len(given), "team.qualification: a stratum code appears twice")
    departments = text_set(raw.get("departments", []), "team.departments")
    team = {"size": size, "departments": departments, "qualification": dict(sorted(quals.items()))}
    return {**team, "max_load": max_load}


def normal_observers(raw: Any) -> list[str]:
    require(isinstance(raw, list), "observers: must be a list")
    return [text(v, f"observers[{n}]") for n, v in enumerate(raw)]


def check_public_value(manifest: dict[str, Any], public_value: str) -> str | None:
    """§10: why a DRAW-v1.1 record may not use `public_value`, or None."""
    source, rule = manifest.get("public_value_source"), "before the lock (DRAW-v1.1 §10)"
    if manifest.get("protocol") == PROTOCOL and source == "" and public_value != "":
        return f"public_value must be empty: the manifest declared no public_value_source {rule}"
    if manifest.get("protocol") == PROTOCOL and source != "" and public_value == "":
        why = "public_value is empty although the manifest declared its source"
        return f"{why} {show(source)} {rule}"
    return None


# §4 The seed, §5 tickets -----------------------------------------------------------------------
def compute_seed(manifest_digest: str, secret: bytes, inputs: list[str], public: str) -> bytes:
    mixed: dict[str, Any] = {"manifest_digest": manifest_digest, "office_secret": secret.hex()}
    mixed.update(observer_inputs=inputs, public_value=public)
    return hashlib.sha256(cj(mixed)).digest()


def ticket(seed: bytes, label: str, id_: str) -> str:
    return hmac.new(seed, cj([label, id_]), hashlib.sha256).hexdigest()


def by_ticket(seed: bytes, label: str, ids: list[str]) -> list[str]:
    """Ids ordered by ticket ascending, equal tickets by id."""
    return sorted(ids, key=lambda i: (ticket(seed, label, i), i))


# §6 Selecting targets --------------------------------------------------------------------------
def quota(stratum: dict[str, Any], eligible: int) -> int:
    if "count" in stratum:
        k = min(stratum["count"], eligible)
    else:
        k = min(eligible, (stratum["ratio_permille"] * eligible + 999) // 1000)
    return max(int(k), len(stratum["mandatory"]))


def select(seed: bytes, strata: list[dict[str, Any]], targets: list[dict[str, str]]) -> list[Any]:
    selection = []
    for st in strata:  # in code order
        code, mandatory, excluded = st["code"], st["mandatory"], set(st["excluded"])
        eligible = [t["id"] for t in targets if t["stratum"] == code and t["id"] not in excluded]
        k = quota(st, len(eligible))
        ranking = by_ticket(seed, "select:" + code, list(set(eligible) - set(mandatory)))
        drawn = k - len(mandatory)
        entry = {"stratum": code, "eligible": len(eligible), "k": k, "mandatory": mandatory}
        entry.update(selected=mandatory + ranking[:drawn], reserve=ranking[drawn : drawn + k])
        selection.append(entry)
    return selection


# §7 Assigning inspectors -----------------------------------------------------------------------
def assign(seed: bytes, team: Any, selection: list[Any], population: dict[str, Any]) -> Any:
    """(assignment, error): (None, None) without a team, (None, error) when infeasible."""
    if team is None:
        return None, None
    size, max_load = max(team["size"], len(team["departments"])), team["max_load"]
    load = {i["id"]: 0 for i in population["inspectors"]}
    conflicts = {(i, t) for i, t in population["conflicts"]}
    stratum_of = {t: entry["stratum"] for entry in selection for t in entry["selected"]}
    assignment = []
    for t in by_ticket(seed, "assign-order", list(stratum_of)):
        code = team["qualification"].get(stratum_of[t])
        candidates = [
            i
            for i in population["inspectors"]
            if (i["id"], t) not in conflicts
            and (code is None or code in i["qualifications"])
            and (max_load is None or load[i["id"]] < max_load)
        ]
        label = "assign:" + t
        candidates.sort(key=lambda i: (load[i["id"]], ticket(seed, label, i["id"]), i["id"]))
        members: list[str] = []
        for d in team["departments"]:
            pick = [i["id"] for i in candidates if i["department"] == d and i["id"] not in members]
            if not pick:
                return None, {"target": t, "reason": "no eligible inspector of department " + d}
            members.append(pick[0])
        members += [i["id"] for i in candidates if i["id"] not in members][: size - len(members)]
        if len(members) < size:
            return None, {"target": t, "reason": "not enough eligible inspectors"}
        for m in members:
            load[m] += 1
        assignment.append({"target": t, "team": members})
    return assignment, None


# §11 Team amendments: the team a record leaves, and its replacement ----------------------------
def team_of(record: dict[str, Any], target: str) -> list[str] | None:
    if record.get("kind") == AMENDMENT:
        if record["manifest"]["target"] == target and record["status"] == "ok":
            return list(record["team"])
        return team_of(record["amends"], target)
    teams = [e["team"] for e in record.get("assignment") or [] if e["target"] == target]
    return list(teams[0]) if teams else None


def replace(seed: bytes, manifest: dict[str, Any], before: list[str], population: Any) -> Any:
    target, dept, qual = manifest["target"], manifest["department"], manifest["qualification"]
    candidates = [
        i["id"]
        for i in population["inspectors"]
        if i["id"] not in before
        and [i["id"], target] not in population["conflicts"]
        and dept in ("", i["department"])
        and qual in ("", *i["qualifications"])
    ]
    if not candidates:
        error = {"target": target, "reason": "no eligible replacement"}
        return {"status": "infeasible", "team": None, "replacement": None, "error": error}
    new = by_ticket(seed, "replace:" + target, candidates)[0]
    team = [new if m == manifest["remove"] else m for m in before]
    return {"status": "ok", "team": team, "replacement": new, "error": None}


# §9 Verifying ----------------------------------------------------------------------------------
def diff(path: str, expected: Any, got: Any, out: list[str]) -> None:
    """One message per differing leaf, in expected's key order."""
    if type(expected) is not type(got):
        out.append(f"{path} differs: expected {show(expected)} got {show(got)}")
    elif isinstance(expected, dict):
        for key in expected:
            if key in got:
                diff(f"{path}.{key}", expected[key], got[key], out)
            else:
                out.append(f"{path}.{key} is missing: expected {show(expected[key])}")
        out.extend(f"{path} has an unexpected key {key!r}" for key in got if key not in expected)
    elif isinstance(expected, list) and any(isinstance(v, dict) for v in expected + got):
        if len(expected) != len(got):
            out.append(f"{path} has {len(got)} entries, expected {len(expected)}")
        for n, (e, g) in enumerate(zip(expected, got)):
            diff(f"{path}[{n}]", e, g, out)
    elif expected != got and isinstance(expected, list):
        first = next((n for n, (e, g) in enumerate(zip(expected, got)) if e != g), None)
        n = min(len(expected), len(got)) if first is None else first
        at, lo = f"first difference at index {n}", max(0, n - 2)
        if len(expected) > 8 or len(got) > 8:  # a long list: a few entries around the difference
            e, g = show(expected[lo : lo + 6]), show(got[lo : lo + 6])
            out.append(f"{path} differs ({at}): expected [{lo}:] {e} got [{lo}:] {g}")
        else:
            out.append(f"{path} differs: expected {show(expected)} got {show(got)} ({at})")
    elif expected != got:
        out.append(f"{path} differs: expected {show(expected)} got {show(got)}")


def check_population_form(given: dict[str, Any], normal: dict[str, Any], out: list[str]) -> None:
    """§9.1: the population is exactly its normal form: normalised, sorted, no duplicates."""
    for part, e in normal.items():
        g = given.get(part)
        if g == e or not isinstance(g, list):
            continue  # (not a list: the count and digest checks say so)
        n = next((n for n, (a, b) in enumerate(zip(e, g)) if a != b), min(len(e), len(g)))
        if n < len(g) and g[n] in e:
            g_n, e_n = [v.get("id") if part != "conflicts" else v for v in (g[n], e[n])]
            where = f"entry [{n}] {show(g_n)} is out of order (expected {show(e_n)} there)"
            out.append(f"population.{part} is not sorted as §2 requires: {where}")
        elif len(g) != len(e) and n >= len(e):
            out.append(f"population.{part} has duplicates: {len(g)} entries, {len(e)} distinct")
        else:
            e_n, g_n = show(e[n] if n < len(e) else None), show(g[n] if n < len(g) else None)
            where = f"population.{part}[{n}] is not normalised as §2 requires"
            out.append(f"{where}: expected {e_n} got {g_n}")


def check_hard_rules(record: dict[str, Any], team: dict[str, Any], out: list[str]) -> None:
    """§9.5: team size, departments, qualification, conflicts and max_load, checked directly on
    the record's own assignment (not by recomputing it)."""
    inspectors = {i["id"]: i for i in record["population"]["inspectors"]}
    conflicts = {(i, t) for i, t in record["population"]["conflicts"]}
    stratum_of = {t: entry["stratum"] for entry in record["selection"] for t in entry["selected"]}
    size, load = max(team["size"], len(team["departments"])), dict[str, int]()
    for n, entry in enumerate(record["assignment"]):
        target, members = entry["target"], entry["team"]
        where = f"rule: assignment[{n}] (target {target})"
        if len(members) != size:
            out.append(f"{where}: team has {len(members)} members, the rule needs {size}")
        if len(set(members)) != len(members):
            out.append(f"{where}: an inspector appears twice in the team")
        known = [inspectors[m] for m in members if m in inspectors]
        for dept in team["departments"]:
            if dept not in [i["department"] for i in known]:
                out.append(f"{where}: no member of department {dept!r}")
        code = team["qualification"].get(stratum_of.get(target))
        for i in known:
            if code is not None and code not in i["qualifications"]:
                out.append(f"{where}: {i['id']} lacks the qualification {code!r}")
        for m in members:
            if (m, target) in conflicts:
                out.append(f"{where}: {m} is in a conflict pair (回避) with the target")
            load[m] = load.get(m, 0) + 1
    for m in sorted(load):
        if team["max_load"] is not None and load[m] > team["max_load"]:
            out.append(f"rule: {m} is on {load[m]} teams, max_load is {team['max_load']}")


def check_keys(record: dict[str, Any], keys: list[str], what: str, out: list[str]) -> bool:
    """The record's top-level keys; False when one is missing (nothing more can be checked)."""
    missing = [key for key in keys if key not in record]
    extra = [repr(key) for key in record if key not in keys]
    if missing:
        out.append(f"{what} is missing {', '.join(missing)}")
    elif extra:
        out.append(f"{what} has unexpected keys {', '.join(extra)}")
    return not missing


def floats_in(value: Any, path: str) -> Iterator[str]:
    """The path of every floating-point number inside `value` (§1 allows none)."""
    if isinstance(value, float):
        yield path
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, v in items:
        if isinstance(v, (dict, list, float)):
            yield from floats_in(v, f"{path}.{key}" if isinstance(key, str) else f"{path}[{key}]")


def check_reveal(
    manifest: dict[str, Any], reveal: dict[str, Any], rule: bool, out: list[str]
) -> Any:
    """§9.3 the commitment, the reveal's form and (when `rule`) §10.
    Returns (secret, inputs, public value), None for each one that is unusable."""
    secret, inputs, public = (
        reveal.get(k) for k in ("office_secret", "observer_inputs", "public_value")
    )
    ok = isinstance(secret, str) and re.fullmatch("[0-9a-f]{64}", secret)
    secret = bytes.fromhex(str(secret)) if ok else None
    commitment = sha256hex(COMMIT_PREFIX + secret) if secret is not None else None
    if secret is None:
        out.append("reveal.office_secret must be 64 lowercase hex digits (32 bytes)")
    elif manifest.get("commitment") != commitment:
        given = f"manifest.commitment is {show(manifest.get('commitment'))}"
        out.append(
            f"commitment does not match the revealed office secret: the secret gives {commitment}, {given}"
        )
    for key in reveal:
        if key not in ("office_secret", "observer_inputs", "public_value"):
            out.append(f"reveal has an unexpected key {key!r}")
    observers = manifest.get("observers")
    if not isinstance(inputs, list) or not all(isinstance(v, str) for v in inputs):
        out.append("reveal.observer_inputs must be a list of strings")
        inputs = None
    elif isinstance(observers, list) and len(inputs) != len(observers):
        out.append(
            f"reveal.observer_inputs has {len(inputs)} inputs for {len(observers)} observers"
        )
    for n, v in enumerate(inputs or []):
        if norm(v) != v:
            out.append(
                f"reveal.observer_inputs[{n}] is not normalised: expected {show(norm(v))} got {show(v)}"
            )
    if not isinstance(public, str):
        out.append(f"reveal.public_value must be a string, got {show(public)}")
        return secret, inputs, None
    if norm(public) != public:
        out.append(
            f"reveal.public_value is not normalised: expected {show(norm(public))} got {show(public)}"
        )
    broken = check_public_value(manifest, public) if rule else None
    if broken is not None:
        out.append(f"rule: {broken}")
    return secret, inputs, public


def verify_record(record: Any) -> list[str]:
    """Every failed check of §9 (or §11.4), first mismatch first; an empty list means PASS."""
    out: list[str] = []
    try:
        if not isinstance(record, dict):
            out.append(f"record must be an object, got {show(record, 40)}")
        elif record.get("kind", AMENDMENT) != AMENDMENT:
            out.append(
                f"kind differs: expected {AMENDMENT!r} (or no kind) got {show(record['kind'])}"
            )
        elif "kind" in record:
            verify_amendment(record, out)
        else:
            verify_draw(record, out)
    except Exception as exc:  # a malformed record fails verification, it never crashes it
        out.append(f"record is malformed: {type(exc).__name__}: {exc}")
    return out


def verify_draw(record: dict[str, Any], out: list[str]) -> None:
    if not check_keys(record, RECORD_KEYS, "record", out):
        return
    protocol = record["protocol"]
    if protocol not in (PROTOCOL_V1, PROTOCOL):
        out.append(
            f"protocol differs: expected {PROTOCOL!r} (or {PROTOCOL_V1!r}) got {show(protocol)}"
        )
        protocol = PROTOCOL
    for path in list(floats_in(record, "record"))[:1]:
        out.append(f"{path} is a floating-point number; DRAW-v1 allows none")
    manifest, population, reveal = record["manifest"], record["population"], record["reveal"]
    if not all(isinstance(part, dict) for part in (manifest, population, reveal)):
        out.append("manifest, population and reveal must be objects")
        return
    # 1. The population is normalised and sorted; its counts and digests are the manifest's.
    try:
        normal = normal_population(population, "targets inspectors conflicts")
    except Refused as exc:
        out.append(f"population: {exc}")
        out.append("cannot recompute the draw: the population is not a valid DRAW-v1 population")
        return
    check_population_form(population, normal, out)
    for part in ("targets", "inspectors", "conflicts"):
        given, entry = population.get(part), manifest.get(part)
        count, dig = (len(given), sha256hex(cj(given))) if isinstance(given, list) else (None, None)
        if not isinstance(entry, dict):
            out.append(f"manifest.{part} must be an object with count and digest")
            continue
        if entry.get("count") != count:
            says = f"manifest says {show(entry.get('count'))}"
            out.append(f"manifest.{part}.count differs: population.{part} has {count}, {says}")
        if entry.get("digest") != dig:
            what = f"manifest.{part}.digest differs from the digest of population.{part}"
            out.append(f"{what}: expected {dig} got {show(entry.get('digest'))}")
    # The rest of the manifest is in the form a lock writes (and passes the lock's rules, §3).
    keys = MANIFEST_KEYS if protocol == PROTOCOL else MANIFEST_KEYS[:-1]
    out.extend(f"manifest.{key} is missing" for key in keys if key not in manifest)
    out.extend(f"manifest has an unexpected key {key!r}" for key in manifest if key not in keys)
    if manifest.get("protocol") != protocol:
        got = show(manifest.get("protocol"))
        out.append(f"manifest.protocol differs: expected {protocol!r} (the record's) got {got}")
    source = manifest.get("public_value_source", "")
    if protocol == PROTOCOL and (not isinstance(source, str) or norm(source) != source):
        out.append(f"manifest.public_value_source must be a normalised string, got {show(source)}")
    parts: dict[str, Any] = {}
    for key, normal_form in [
        ("session", normal_session),
        ("strata", lambda strata: normal_strata(strata, normal["targets"])),
        ("team", normal_team),
        ("observers", normal_observers),
    ]:
        try:
            parts[key] = normal_form(manifest.get(key))
        except Refused as exc:
            out.append(f"manifest.{key}: the lock would be refused: {exc}")
            continue
        found: list[str] = []
        diff(f"manifest.{key}", parts[key], manifest.get(key), found)
        out.extend(f.replace(" differs", " is not in normal form", 1) for f in found)
    # 2. manifest_digest; 3. the commitment (and the reveal's form, §10).
    manifest_digest = sha256hex(cj(manifest))
    if record["manifest_digest"] != manifest_digest:
        got = show(record["manifest_digest"])
        out.append(f"manifest_digest differs: expected {manifest_digest} got {got}")
    v11 = protocol == PROTOCOL and manifest.get("protocol") == PROTOCOL
    secret, inputs, public = check_reveal(manifest, reveal, v11, out)
    if None in (secret, inputs, public) or "strata" not in parts or "team" not in parts:
        out.append("cannot recompute the draw from this record")
        return
    # 4. The seed, selection, reserve, teams, status and error recomputed by §4–§7.
    seed = compute_seed(manifest_digest, secret, [norm(v) for v in inputs], norm(public))
    if record["seed"] != seed.hex():
        out.append(f"seed differs: expected {seed.hex()} got {show(record['seed'])}")
    selection = select(seed, parts["strata"], normal["targets"])
    assignment, error = assign(seed, parts["team"], selection, normal)
    diff("selection", selection, record["selection"], out)
    diff("status", "ok" if error is None else "infeasible", record["status"], out)
    diff("error", error, record["error"], out)
    diff("assignment", assignment, record["assignment"], out)
    # 5. For an ok record with a team, the hard rules hold when checked directly.
    if record["status"] == "ok" and parts["team"] is not None:
        check_hard_rules(record, parts["team"], out)


def verify_amendment(record: dict[str, Any], out: list[str]) -> None:
    """§11.4: the record amended verifies and is the one bound; the replacement is recomputed."""
    if not check_keys(record, AMENDMENT_KEYS, "amendment record", out):
        return
    if record["protocol"] != PROTOCOL:
        out.append(f"protocol differs: expected {PROTOCOL!r} got {show(record['protocol'])}")
    amends, manifest = record["amends"], record["manifest"]
    for path in list(floats_in(manifest, "manifest"))[:1]:
        out.append(f"{path} is a floating-point number; DRAW-v1 allows none")
    out.extend(f"amends: {line}" for line in verify_record(amends))
    keys = [k for k in AMENDMENT_MANIFEST_KEYS if k not in manifest]
    keys += [k for k in manifest if k not in AMENDMENT_MANIFEST_KEYS]
    if keys:
        out.append(f"manifest keys differ from §11: {', '.join(map(repr, keys))}")
        return
    if manifest["protocol"] != PROTOCOL or manifest["kind"] != AMENDMENT:
        out.append("manifest.protocol/kind differ from the record's")
    if manifest["amends"] != record_digest(amends):
        got = f"(the digest of the record amended) got {show(manifest['amends'])}"
        out.append(f"manifest.amends differs: expected {record_digest(amends)} {got}")
    manifest_digest = sha256hex(cj(manifest))
    if record["manifest_digest"] != manifest_digest:
        got = show(record["manifest_digest"])
        out.append(f"manifest_digest differs: expected {manifest_digest} got {got}")
    try:  # the manifest and population as a lock writes them (§11.1)
        population = normal_population(record["population"], "inspectors conflicts")
        normal = dict(manifest, session=normal_session(manifest["session"]))
        normal["observers"] = normal_observers(manifest["observers"])
        for key in "target remove reason department qualification public_value_source".split():
            normal[key] = text(manifest[key], key)
        before = team_of(amends, normal["target"])
        require(before is not None and normal["remove"] in before, "remove: not on that team")
        require(normal["reason"] != "", "reason: must not be empty")
    except Refused as exc:
        out.append(f"the amendment cannot be recomputed: {exc}")
        return
    diff("population", population, record["population"], out)
    diff("manifest", normal, manifest, out)
    for key in ("inspectors", "conflicts"):
        entry = {"count": len(population[key]), "digest": sha256hex(cj(population[key]))}
        if entry != manifest[key]:
            out.append(f"manifest.{key} differs: expected {show(entry)} got {show(manifest[key])}")
    secret, inputs, public = check_reveal(manifest, record["reveal"], True, out)
    if None in (secret, inputs, public) or check_public_value(manifest, public):
        out.append("the amendment cannot be recomputed from this record")
        return
    seed = compute_seed(manifest_digest, secret, [norm(v) for v in inputs], norm(public))
    again = {"seed": seed.hex(), "team_before": before}
    again.update(replace(seed, manifest, before or [], population))
    for key, value in again.items():
        diff(key, value, record[key], out)


def record_notes(record: Any) -> list[str]:
    """Beside the verdict: the declared source beside the public value (§10), a DRAW-v1
    value's warning, what an amendment changed (§11.4)."""
    if not isinstance(record, dict) or not isinstance(record.get("reveal"), dict):
        return []
    manifest, public, notes = record.get("manifest"), record["reveal"].get("public_value"), []
    if not isinstance(manifest, dict):
        return []
    if record.get("kind") == AMENDMENT:
        amends, target, removed = (show(manifest.get(k)) for k in ("amends", "target", "remove"))
        change = f"{removed} replaced by {show(record.get('replacement'))}"
        notes.append(f"team amendment of record {amends}: target {target}, {change}, "
                     f"reason {show(manifest.get('reason'))}")  # fmt: skip
    if record.get("protocol") == PROTOCOL_V1 and isinstance(public, str) and public != "":
        why = "(a DRAW-v1 record; DRAW-v1.1 declares its source in the manifest)"
        return [f"warning: public_value {show(public)} was not bound before the lock {why}"]
    source = manifest.get("public_value_source")
    if record.get("protocol") != PROTOCOL_V1 and isinstance(source, str) and source != "":
        declared = f"from the source declared before the lock: {show(source)}"
        notes.append(f"public_value {show(public)} {declared}")
    return notes if record.get("protocol") != PROTOCOL_V1 else []


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when an array or object in `text` nests deeper than `limit` (brackets in strings
    do not count). Checked before json.loads, which would otherwise exhaust the stack."""
    depth = 0
    for bracket in re.findall(r"[\[\]{}]", re.sub(r'"(?:[^"\\]|\\.)*"', "", text, flags=re.S)):
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


def loads_strict(text: str) -> Any:
    """json.loads, refusing duplicate keys in an object (they would hide what was signed) and
    input nested deeper than MAX_JSON_DEPTH."""
    if json_too_deep(text):
        raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        for key in keys:
            if keys.count(key) > 1:
                raise ValueError(f"duplicate key {key!r} in a JSON object")
        return dict(pairs)

    return json.loads(text, object_pairs_hook=no_duplicates)


def main(argv: list[str] | None = None) -> int:
    """`python verifier.py RECORD.json`: prints PASS (exit 0) or every failed check (exit 1)."""
    args = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")  # a console that cannot show Chinese
    if len(args) != 1 or args[0] in ("-h", "--help"):
        print("usage: python verifier.py RECORD.json (prints PASS or every failed check)")
        return 2
    try:
        with open(args[0], encoding="utf-8") as fh:
            record = loads_strict(fh.read())
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"FAIL\ncannot read {args[0]}: {exc}")
        return 1
    failures = verify_record(record)
    if failures:
        print(f"FAIL ({len(failures)} failed check{'s' if len(failures) != 1 else ''})")
    else:
        print(f"PASS\nrecord_digest {record_digest(record)}")
    for line in failures + record_notes(record):
        print(line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
