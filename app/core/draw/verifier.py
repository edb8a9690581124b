"""The public verifier of DRAW-v1 / DRAW-v1.1 draw records: `python -I verifier.py RECORD.json`.

Observers run this file alone (Python 3.8+, standard library only), beside docs/draw-v1.md.
§9: put the record's inputs in the form a lock writes (§1-§3), recompute the record from them
(§4-§7, §11), report every place where the two differ: PASS (exit 0) or each failed check (exit
1). No speed tricks: the app draws with engine.py; a property test checks the two agree."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import sys
import unicodedata
from collections import Counter
from typing import Any

PROTOCOL_V1, PROTOCOL, AMENDMENT = "DRAW-v1", "DRAW-v1.1", "team-amendment"
COMMIT_PREFIX = b"DRAW-v1/commit"
MAX_JSON_DEPTH = 64  # a draw record nests about 6 deep; an amendment adds one level per change
RECORD_KEYS = "protocol manifest manifest_digest population reveal seed status selection".split()
RECORD_KEYS += ["assignment", "error"]
AMENDMENT_KEYS = "protocol kind amends manifest manifest_digest population reveal seed".split()
AMENDMENT_KEYS += ["status", "team_before", "team", "replacement", "error"]
WHITE_SPACE = r"[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
EVER = 2**63  # no upper bound


class Refused(Exception):
    """A part of the record is not what a lock could have written (§3): nothing to recompute."""


def require(condition: Any, reason: str) -> None:
    if not condition:
        raise Refused(reason)


# §1 Encodings ----------------------------------------------------------------------------------
def cj(x: Any) -> bytes:
    return json.dumps(x, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def record_digest(x: Any) -> str:
    """sha256hex(cj(x)): the digest of a record, of a manifest, of a part of a population."""
    return hashlib.sha256(cj(x)).hexdigest()


def show(value: Any, limit: int = 160) -> str:
    """A value as JSON for a message, cut at `limit` characters."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text(value: Any, where: str) -> str:
    """NFC, each run of White_Space -> one U+0020, then leading/trailing U+0020 removed."""
    require(isinstance(value, str), f"{where}: must be a string, got {show(value, 40)}")
    return re.sub(WHITE_SPACE, " ", unicodedata.normalize("NFC", value)).strip(" ")


def text_set(value: Any, where: str) -> list[str]:
    """A list of strings, normalised, sorted by code point, duplicates removed."""
    require(isinstance(value, list), f"{where}: must be a list")
    return sorted({text(v, f"{where}[{n}]") for n, v in enumerate(value)})


def integer(value: Any, where: str, low: int, high: int) -> int:
    """An integer in range: never a floating-point number (§1 allows none anywhere)."""
    require(type(value) is int, f"{where}: {value!r} must be an integer, not floating-point")
    require(low <= value <= high, f"{where}: {value!r} is out of range")
    return int(value)


# §2 Populations --------------------------------------------------------------------------------
def normal_population(raw: Any, parts: list[str]) -> dict[str, Any]:
    """Targets (id, name, stratum), inspectors (id, name, department, qualifications) sorted by
    id, and the conflict pairs sorted, each string normalised, duplicates refused or removed."""
    require(isinstance(raw, dict), "population: must be an object")
    out: dict[str, Any] = {}
    for part in parts[:-1]:  # targets, inspectors
        keys = ["id", "name", "stratum" if part == "targets" else "department"]
        require(isinstance(raw.get(part), list), f"population.{part}: must be a list")
        rows: list[dict[str, Any]] = []
        for n, row in enumerate(raw[part]):
            where = f"population.{part}[{n}]"
            require(isinstance(row, dict) and all(k in row for k in keys), f"{where}: needs {keys}")
            rows.append({key: text(row[key], f"{where}.{key}") for key in keys})
            if part == "inspectors":
                rows[-1]["qualifications"] = text_set(row.get("qualifications", []), where)
        out[part] = sorted(rows, key=lambda row: row["id"])
        ids = [row["id"] for row in rows]
        require(len(set(ids)) == len(ids), f"population.{part}: an id appears twice")
    pairs = raw.get("conflicts")
    ok = isinstance(pairs, list) and all(isinstance(p, list) and len(p) == 2 for p in pairs)
    require(ok, "population.conflicts: must be a list of [inspector, target] pairs")
    out["conflicts"] = [list(p) for p in sorted({(text(i, "id"), text(t, "id")) for i, t in pairs})]
    return out


# §3 The manifest, as a lock writes it ----------------------------------------------------------
def normal_strata(raw: Any, targets: list[dict[str, str]]) -> list[dict[str, Any]]:
    stratum_of, out = {t["id"]: t["stratum"] for t in targets}, {}
    require(isinstance(raw, list), "strata: must be a list")
    for n, st in enumerate(raw):
        require(isinstance(st, dict) and "code" in st, f"strata[{n}]: needs a code")
        code = text(st["code"], f"strata[{n}].code")
        where = f"strata[{n}] (stratum {code!r})"
        require(code not in out, f"{where}: two strata share the code {code!r}")
        rules = [key for key in ("ratio_permille", "count") if key in st]
        require(len(rules) == 1, f"{where}: needs exactly one of ratio_permille or count")
        rule, top = rules[0], 1000 if rules[0] == "ratio_permille" else EVER
        entry: dict[str, Any] = {"code": code, rule: integer(st[rule], f"{where}.{rule}", 0, top)}
        for part in ("mandatory", "excluded"):
            entry[part] = text_set(st.get(part, []), f"{where}.{part}")
            strange = [i for i in entry[part] if stratum_of.get(i) != code]
            require(not strange, f"{where}.{part}: {strange} are not targets of it")
        both = set(entry["mandatory"]) & set(entry["excluded"])
        require(not both, f"{where}: {sorted(both)} both mandatory and excluded")
        out[code] = entry
    return [out[code] for code in sorted(out)]


def normal_team(raw: Any) -> dict[str, Any] | None:
    if raw is None:
        return None
    require(isinstance(raw, dict) and "size" in raw, "team: must be null or have a size")
    given, load = raw.get("qualification", {}), raw.get("max_load")
    require(isinstance(given, dict), "team.qualification: must be an object")
    quals = {text(k, "team.qualification"): text(v, "team.qualification") for k, v in given.items()}
    require(len(quals) == len(given), "team.qualification: a stratum code appears twice")
    team: dict[str, Any] = {"size": integer(raw["size"], "team.size", 1, EVER)}
    team["departments"] = text_set(raw.get("departments", []), "team.departments")
    team["qualification"] = dict(sorted(quals.items()))
    team["max_load"] = None if load is None else integer(load, "team.max_load", 0, EVER)
    return team


def normal_manifest(manifest: Any, population: dict[str, Any], protocol: str) -> dict[str, Any]:
    """The manifest a lock of `protocol` writes for this population (§3, §10)."""
    require(isinstance(manifest, dict), "manifest: must be an object")
    session, observers = manifest.get("session"), manifest.get("observers")
    require(isinstance(session, dict) and all(map(str.isascii, session)), "session: ASCII keys")
    require(isinstance(observers, list), "observers: must be a list")
    normal: dict[str, Any] = {"protocol": protocol}
    normal["session"] = {k: text(session[k], k) for k in sorted(session)}
    for part, rows in population.items():
        normal[part] = {"count": len(rows), "digest": record_digest(rows)}
    normal["strata"] = normal_strata(manifest.get("strata"), population.get("targets", []))
    normal["team"] = normal_team(manifest.get("team"))
    normal["commitment"] = manifest.get("commitment")  # opened by the secret (§9.3)
    normal["observers"] = [text(v, "observers") for v in observers]
    if protocol == PROTOCOL:
        normal["public_value_source"] = text(manifest.get("public_value_source", ""), "source")
    return normal


# §4 The seed; §9.3 the commitment; §10 the public value's source -------------------------------
def open_seed(record: dict[str, Any], manifest: dict[str, Any]) -> tuple[Any, bytes, list[str]]:
    """(the reveal in normal form, the seed, what opening the commitment found)."""
    reveal, found = record["reveal"], []
    require(isinstance(reveal, dict), "reveal: must be an object")
    secret, inputs = reveal.get("office_secret"), reveal.get("observer_inputs")
    ok = isinstance(secret, str) and re.fullmatch("[0-9a-f]{64}", secret)
    require(ok, "reveal.office_secret must be 64 lowercase hex digits (32 bytes)")
    opened = hashlib.sha256(COMMIT_PREFIX + bytes.fromhex(secret)).hexdigest()
    said = manifest.get("commitment")
    if said != opened:
        why = f"the secret gives {opened}, manifest.commitment is {show(said)}"
        found.append(f"commitment does not match the revealed office secret: {why}")
    many = len(manifest["observers"])
    require(isinstance(inputs, list), "reveal.observer_inputs: must be a list")
    require(len(inputs) == many, f"reveal.observer_inputs: {len(inputs)} inputs for {many}")
    public = text(reveal.get("public_value"), "reveal.public_value")
    reveal = {"office_secret": secret, "observer_inputs": [text(v, "input") for v in inputs]}
    reveal["public_value"] = public
    source = manifest.get("public_value_source")
    v1_1 = record["protocol"] == PROTOCOL == manifest.get("protocol")
    if v1_1 and (source == "") != (public == ""):  # §10: a value if and only if a source
        why = "must be empty: the manifest declared no public_value_source"
        if source != "":
            why = f"is empty although the manifest declared its source {show(source)}"
        found.append(f"rule: public_value {why} before the lock (DRAW-v1.1 §10)")
    seed = hashlib.sha256(cj({"manifest_digest": record_digest(manifest), **reveal})).digest()
    return reveal, seed, found


# §5 Tickets; §6 selecting targets --------------------------------------------------------------
def ticket(seed: bytes, label: str, id_: str) -> str:
    return hmac.new(seed, cj([label, id_]), hashlib.sha256).hexdigest()


def by_ticket(seed: bytes, label: str, ids: list[str]) -> list[str]:
    """Ids ordered by ticket ascending, equal tickets by id."""
    return sorted(ids, key=lambda i: (ticket(seed, label, i), i))


def quota(stratum: dict[str, Any], eligible: int) -> int:
    """The count, or ceil(ratio_permille * eligible / 1000); at most eligible; at least every
    mandatory target."""
    k: int = stratum.get("count", (stratum.get("ratio_permille", 0) * eligible + 999) // 1000)
    return max(min(k, eligible), len(stratum["mandatory"]))


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
    load: Counter[str] = Counter()
    conflicts = {(i, t) for i, t in population["conflicts"]}
    stratum_of = {t: entry["stratum"] for entry in selection for t in entry["selected"]}
    assignment = []
    for t in by_ticket(seed, "assign-order", list(stratum_of)):
        code = team["qualification"].get(stratum_of[t])
        pool = [i for i in population["inspectors"] if (i["id"], t) not in conflicts]
        pool = [i for i in pool if code is None or code in i["qualifications"]]
        pool = [i for i in pool if max_load is None or load[i["id"]] < max_load]
        pool.sort(key=lambda i: (load[i["id"]], ticket(seed, "assign:" + t, i["id"]), i["id"]))
        members: list[str] = []
        for d in team["departments"]:
            pick = [i["id"] for i in pool if i["department"] == d and i["id"] not in members]
            if not pick:
                return None, {"target": t, "reason": "no eligible inspector of department " + d}
            members.append(pick[0])
        members += [i["id"] for i in pool if i["id"] not in members][: size - len(members)]
        if len(members) < size:
            return None, {"target": t, "reason": "not enough eligible inspectors"}
        load.update(members)
        assignment.append({"target": t, "team": members})
    return assignment, None


def check_hard_rules(record: dict[str, Any], team: dict[str, Any], out: list[str]) -> None:
    """§9.5: the rules checked directly on the record's own teams (not by recomputing them)."""
    people = {i["id"]: i for i in record["population"]["inspectors"]}
    conflicts = {(i, t) for i, t in record["population"]["conflicts"]}
    stratum_of = {t: entry["stratum"] for entry in record["selection"] for t in entry["selected"]}
    size = max(team["size"], len(team["departments"]))
    load: Counter[str] = Counter()
    for n, entry in enumerate(record["assignment"]):
        target, members, where = entry["target"], entry["team"], f"rule: assignment[{n}]"
        known = [people[m] for m in members if m in people]
        code = team["qualification"].get(stratum_of.get(target))
        if len(members) != size:
            out.append(f"{where}: team has {len(members)} members, the rule needs {size}")
        if len(set(members)) != len(members):
            out.append(f"{where}: an inspector appears twice in the team")
        for d in team["departments"]:
            if d not in [i["department"] for i in known]:
                out.append(f"{where}: no member of department {d!r}")
        for i in known:
            if code is not None and code not in i["qualifications"]:
                out.append(f"{where}: {i['id']} lacks the qualification {code!r}")
        for m in members:
            if (m, target) in conflicts:
                out.append(f"{where}: {m} is in a conflict pair (回避) with the target {target}")
            load[m] += 1  # one team each (a malformed team may be an object: count its keys)
    for m in sorted(load):
        if team["max_load"] is not None and load[m] > team["max_load"]:
            out.append(f"rule: {m} is on {load[m]} teams, max_load is {team['max_load']}")


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
    candidates = []
    for i in population["inspectors"]:
        fits = dept in ("", i["department"]) and qual in ("", *i["qualifications"])
        if i["id"] not in before and [i["id"], target] not in population["conflicts"] and fits:
            candidates.append(i["id"])
    if not candidates:
        error = {"target": target, "reason": "no eligible replacement"}
        return {"status": "infeasible", "team": None, "replacement": None, "error": error}
    new = by_ticket(seed, "replace:" + target, candidates)[0]
    team = [new if m == manifest["remove"] else m for m in before]
    return {"status": "ok", "team": team, "replacement": new, "error": None}


# §9 Verifying ----------------------------------------------------------------------------------
def diff(path: str, expected: Any, got: Any, out: list[str]) -> None:
    """One message per place where `got` is not `expected`, in expected's order."""
    if type(expected) is not type(got):
        out.append(f"{path} differs: expected {show(expected)} got {show(got)}")
    elif isinstance(expected, dict):
        for key in expected:
            if key not in got:
                out.append(f"{path}.{key} is missing: expected {show(expected[key])}")
            else:
                diff(f"{path}.{key}", expected[key], got[key], out)
        out.extend(f"{path} has an unexpected key {key!r}" for key in got if key not in expected)
    elif isinstance(expected, list) and any(isinstance(v, (dict, list)) for v in expected + got):
        if len(expected) != len(got):
            out.append(f"{path} has {len(got)} entries, expected {len(expected)}")
        for n, (e, g) in enumerate(zip(expected, got)):
            diff(f"{path}[{n}]", e, g, out)
    elif expected != got and isinstance(expected, list):  # ids: show where the lists part
        n = next((n for n, (e, g) in enumerate(zip(expected, got)) if e != g), len(expected))
        lo, at = max(0, min(n, len(got)) - 2), f"(first difference at index {n})"
        e, g = show(expected[lo : lo + 6]), show(got[lo : lo + 6])
        out.append(f"{path} differs: expected [{lo}:] {e} got [{lo}:] {g} {at}")
    elif expected != got:
        out.append(f"{path} differs: expected {show(expected)} got {show(got)}")


def compare(record: dict[str, Any], expected: dict[str, Any], out: list[str]) -> None:
    for key, value in expected.items():
        diff(key, value, record[key], out)


def verify_record(record: Any) -> list[str]:
    """Every failed check of §9 (or §11.4), first mismatch first; an empty list means PASS."""
    out: list[str] = []
    try:
        require(isinstance(record, dict), f"record must be an object, got {show(record, 40)}")
        kind = record.get("kind", AMENDMENT)
        require(kind == AMENDMENT, f"kind differs: expected {AMENDMENT!r} got {show(kind)}")
        keys = AMENDMENT_KEYS if "kind" in record else RECORD_KEYS
        missing, extra = [k for k in keys if k not in record], [k for k in record if k not in keys]
        require(not missing, f"record is missing {', '.join(missing)}")
        if extra:
            out.append(f"record has unexpected keys {', '.join(map(repr, extra))}")
        (verify_amendment if "kind" in record else verify_draw)(record, out)
    except Refused as exc:
        out.append(f"cannot check this record: {exc}")
    except Exception as exc:  # a malformed record fails verification, it never crashes it
        out.append(f"record is malformed: {type(exc).__name__}: {exc}")
    return out


def verify_draw(record: dict[str, Any], out: list[str]) -> None:
    """§9: the inputs in normal form, the record recomputed from them, the two compared."""
    protocol = record["protocol"] if record["protocol"] in (PROTOCOL_V1, PROTOCOL) else PROTOCOL
    manifest = record["manifest"]
    population = normal_population(record["population"], ["targets", "inspectors", "conflicts"])
    normal = normal_manifest(manifest, population, protocol)
    reveal, seed, found = open_seed(record, manifest)
    selection = select(seed, normal["strata"], population["targets"])
    assignment, error = assign(seed, normal["team"], selection, population)
    compare(record, {"protocol": protocol}, out)
    found_here: list[str] = []  # the population as given is not the one a lock writes (§2)
    compare(record, {"population": population}, found_here)
    out.extend(line.replace(" differs:", " is not in §2 normal form:", 1) for line in found_here)
    compare(record, {"manifest": normal, "manifest_digest": record_digest(manifest)}, out)
    out.extend(found)
    compare(record, {"reveal": reveal, "seed": seed.hex(), "selection": selection}, out)
    status = "ok" if error is None else "infeasible"
    compare(record, {"status": status, "error": error, "assignment": assignment}, out)
    if record["status"] == "ok" and normal["team"] and isinstance(record["assignment"], list):
        check_hard_rules(record, normal["team"], out)


def verify_amendment(record: dict[str, Any], out: list[str]) -> None:
    """§11.4: the record amended verifies and is the one bound; the replacement is recomputed."""
    amends, manifest = record["amends"], record["manifest"]
    out.extend(f"amends: {line}" for line in verify_record(amends))
    population = normal_population(record["population"], ["inspectors", "conflicts"])
    lock = normal_manifest(dict(manifest, strata=[], team=None), population, PROTOCOL)
    normal = {"protocol": PROTOCOL, "kind": AMENDMENT, "session": lock["session"]}
    normal["amends"] = record_digest(amends)
    for key in "target remove reason department qualification".split():
        normal[key] = text(manifest.get(key), f"manifest.{key}")
    for key in ("inspectors", "conflicts", "commitment", "observers", "public_value_source"):
        normal[key] = lock[key]
    before = team_of(amends, normal["target"])
    require(before and normal["remove"] in before, "manifest.remove: not on that team")
    require(normal["reason"], "manifest.reason: must not be empty")
    reveal, seed, found = open_seed(record, manifest)
    compare(record, {"protocol": PROTOCOL, "kind": AMENDMENT, "population": population}, out)
    compare(record, {"manifest": normal, "manifest_digest": record_digest(manifest)}, out)
    out.extend(found)
    compare(record, {"reveal": reveal, "seed": seed.hex(), "team_before": before}, out)
    compare(record, replace(seed, normal, before or [], population), out)


# Reading and printing --------------------------------------------------------------------------
def record_notes(record: Any) -> list[str]:
    """Beside the verdict (§10.1, §11.4): the public value's declared source, a DRAW-v1 value's
    warning, what an amendment changed."""
    reveal = record.get("reveal") if isinstance(record, dict) else None
    manifest = record.get("manifest") if isinstance(reveal, dict) else None
    if not isinstance(reveal, dict) or not isinstance(manifest, dict):
        return []
    value, source, notes = reveal.get("public_value"), manifest.get("public_value_source"), []
    if record.get("protocol") == PROTOCOL_V1 and value not in ("", None):
        why = "(a DRAW-v1 record; DRAW-v1.1 declares its source in the manifest)"
        notes.append(f"warning: public_value {show(value)} was not bound before the lock {why}")
    if record.get("kind") == AMENDMENT:
        amends, target, gone = (show(manifest.get(k)) for k in ("amends", "target", "remove"))
        change = f"{gone} replaced by {show(record.get('replacement'))}"
        reason = show(manifest.get("reason"))
        notes.append(
            f"team amendment of record {amends}: target {target}, {change}, reason {reason}"
        )
    if record.get("protocol") != PROTOCOL_V1 and source not in ("", None):
        declared = f"from the source declared before the lock: {show(source)}"
        notes.append(f"public_value {show(value)} {declared}")
    return notes


def loads_strict(text: str) -> Any:
    """json.loads, refusing nesting deeper than MAX_JSON_DEPTH before it exhausts the stack
    (brackets in strings do not count) and duplicate keys (they would hide what was signed)."""
    depth = 0
    for bracket in re.findall(r"[\[\]{}]", re.sub(r'"(?:[^"\\]|\\.)*"', "", text, flags=re.S)):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        if len(set(keys)) != len(keys):
            raise ValueError(f"duplicate key {max(keys, key=keys.count)!r} in a JSON object")
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
    verdict = [f"FAIL ({len(failures)} failed checks)"] if failures else ["PASS"]
    verdict += [] if failures else [f"record_digest {record_digest(record)}"]
    print(*verdict, *failures, *record_notes(record), sep="\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
