"""No status literal outside app/core/domain/states.py (issue 18, one source per rule).

A string constant in app/ equal to a life cycle's stored Chinese text ("已完成", "已公示" …),
or an English state value ("completed", "locked" …) compared with or given as a `status`/`stage`,
must be written as the StrEnum member instead. Texts handed to tr()/QT_TRANSLATE_NOOP are
labels a person reads, not states, and are skipped. JUSTIFIED lists the places where the same
word is a label or a verb, each with its reason; NOT_YET is a ratchet of files still to convert
(their counts may only go down: convert one and lower or delete its line, never add one).
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

from app.core.domain import states

ROOT = Path(__file__).resolve().parents[3]
CYCLES = (
    states.PlanState,
    states.TaskState,
    states.VisitState,
    states.FormState,
    states.ResultState,
    states.Verdict,
    states.FollowUpState,
    states.PenaltyStage,
    states.ConflictState,
    states.OutboxState,
    states.DrawState,
)
CHINESE = {m.value for c in CYCLES for m in c if not m.value.isascii()}
ENGLISH = {m.value for c in CYCLES for m in c if m.value.isascii()}
LABEL_CALLS = {"tr", "translate", "QT_TRANSLATE_NOOP"}
STATUS_NAMES = {"status", "stage", "state"}

# (path, value): (how many, why it is not a state)
JUSTIFIED: dict[tuple[str, str], tuple[int, str]] = {
    ("app/core/draw/verifier.py", "ok"): (
        2,
        "the public verifier runs alone (python -I): no app imports",
    ),
    ("app/core/services/checklist/archive.py", "已完成"): (
        1,
        "the word printed for a completed form",
    ),
    ("app/core/services/kernel/audit_words.py", "公示"): (
        1,
        "the verb 'publish' in the audit log's words",
    ),
    ("app/core/reports/stats_xlsx.py", "已公示"): (1, "a column header of the statistics sheet"),
    ("app/core/services/results/publication.py", "公示"): (
        3,
        "the verb in messages (refused to 公示 …)",
    ),
    ("app/core/services/results/reviews.py", "公示"): (
        1,
        "the last step named in the review chain",
    ),
    ("app/core/services/results/reviews.py", "退回"): (
        1,
        "the verb naming the action in a refusal",
    ),
    ("app/core/services/results/penalty_cases.py", "处罚决定"): (1, "the field name in a message"),
    ("app/core/services/plan/plans.py", "已公示"): (1, "part of a message (已公示…调整)"),
    ("app/core/services/results/followups.py", "已完结"): (1, "the message shown after closing"),
    ("app/core/demo/registry_data.py", "立案"): (
        1,
        "a source of a sample case (立案 as a channel)",
    ),
    ("app/core/services/plan/timetable.py", "已完成"): (
        1,
        "the yearly timetable's own words (已完成/已逾期/将到期), derived, never stored",
    ),
    ("app/ui/features/results/dashboard.py", "已公示"): (1, "a column header"),
    ("app/ui/features/results/panels.py", "已公示"): (1, "a column header"),
    ("app/core/services/checklist/visit_results.py", "已公示"): (
        1,
        "the word shown for a published result",
    ),
    ("app/core/services/checklist/inspections.py", "ok"): (
        1,
        "a seal check's verdict, not a life cycle",
    ),
    ("app/core/services/checklist/form_seal.py", "ok"): (
        1,
        "a seal check's verdict, not a life cycle",
    ),
}

# Files not yet converted (a ratchet): path -> number of status literals left.
NOT_YET: dict[str, int] = {
    "app/core/draw/engine.py": 3,
    "app/core/services/results/reviews.py": 1,
    "app/selftest.py": 1,
}


def _label_call(node: ast.AST | None) -> bool:
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    return (f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")) in LABEL_CALLS


def _names_status(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr in STATUS_NAMES
    if isinstance(node, ast.Name):
        return node.id in STATUS_NAMES
    if isinstance(node, ast.Subscript):
        return isinstance(node.slice, ast.Constant) and node.slice.value in STATUS_NAMES
    if isinstance(node, ast.Call):  # record.get("status"), cur.c.status …
        return any(isinstance(a, ast.Constant) and a.value in STATUS_NAMES for a in node.args) or (
            _names_status(node.func)
        )
    return False


def _english_state_use(node: ast.Constant, parents: dict[ast.AST, ast.AST]) -> bool:
    """An English state value compared with, or given as, a status/stage."""
    up = parents.get(node)
    while isinstance(up, (ast.Tuple, ast.List, ast.Set)):
        up = parents.get(up)
    if isinstance(up, ast.Compare):
        return any(_names_status(x) for x in (up.left, *up.comparators))
    if isinstance(up, ast.keyword):
        return up.arg in STATUS_NAMES
    if isinstance(up, ast.Assign):
        return any(_names_status(t) for t in up.targets)
    if isinstance(up, ast.Call) and isinstance(up.func, ast.Attribute) and up.func.attr == "in_":
        return _names_status(up.func.value)
    return False


def status_literals() -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    for path in sorted((ROOT / "app").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel == "app/core/domain/states.py" or "/migrations/" in rel:
            continue  # the one source; migrations are frozen history
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {c: p for p in ast.walk(tree) for c in ast.iter_child_nodes(p)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            if _label_call(parents.get(node)):
                continue
            if node.value in CHINESE or (
                node.value in ENGLISH and _english_state_use(node, parents)
            ):
                found[(rel, node.value)] += 1
    return found


def test_no_status_literal_outside_states_py():
    found = status_literals()
    per_file: Counter[str] = Counter()
    unexplained = []
    for (rel, value), n in sorted(found.items()):
        allowed = JUSTIFIED.get((rel, value), (0, ""))[0]
        if n > allowed:
            per_file[rel] += n - allowed
    for rel, n in sorted(per_file.items()):
        if n > NOT_YET.get(rel, 0):
            unexplained.append(f"{rel}: {n} status literal(s) (allowed {NOT_YET.get(rel, 0)})")
    assert not unexplained, "write the states.py member instead of the text:\n" + "\n".join(
        unexplained
    )


def test_the_ratchet_and_the_reasons_are_current():
    """A converted file must leave NOT_YET (or lower its count); a reason must still apply."""
    found = status_literals()
    per_file: Counter[str] = Counter()
    for (rel, value), n in found.items():
        per_file[rel] += max(0, n - JUSTIFIED.get((rel, value), (0, ""))[0])
    stale = [
        f"{rel}: {n} listed, {per_file[rel]} left"
        for rel, n in NOT_YET.items()
        if per_file[rel] < n
    ]
    stale += [f"{k}: justified but not there" for k in JUSTIFIED if found[k] == 0]
    assert not stale, "\n".join(stale)


def test_the_scan_catches_a_new_literal(tmp_path):
    """The scan is not blind: the shapes a status is written in are all found."""
    code = (
        'visit.status = "已完成"\n'
        'if row.status == "locked": pass\n'
        'q.where(Inspection.status.in_(("completed", "draft")))\n'
        'x = self.tr("已完成")\n'
        'word = "ok"\n'
    )
    tree = ast.parse(code)
    parents = {c: p for p in ast.walk(tree) for c in ast.iter_child_nodes(p)}
    hits = [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and not _label_call(parents.get(n))
        and (n.value in CHINESE or (n.value in ENGLISH and _english_state_use(n, parents)))
    ]
    assert sorted(hits) == ["completed", "draft", "locked", "已完成"]
