"""What the draw pages, the projector, the notices and the CLI read of a draw: its sessions as
views (DrawView, DrawOutcome with the drawn businesses and teams), the words for its kinds,
states and sources, the published record and the QR code of its digest. No writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from app.core import draw as engine
from app.core.domain.errors import ConflictError, NotFoundError
from app.core.domain.ids import DrawSessionId, TaskId, VisitId
from app.core.domain.localtime import fmt_time
from app.core.domain.states import DrawState
from app.core.draw.engine import AMENDMENT
from app.core.services.draw._secrets import held_secrets
from app.core.services.kernel.workspace import Workspace
from app.core.services.plan.pools import (
    StratumSize,
    quota_for,
    rule_text,
)
from app.core.services.plan.task_views import find_task
from app.core.storage.models import (
    DrawSession,
    Inspector,
    Task,
)

if TYPE_CHECKING:
    from app.core.reports import qr as qr_codes


KIND_TEXT = {
    "targets": "随机抽取检查对象",
    "inspectors": "随机选派执法检查人员",
    "experts": "随机抽取专家",
    "amendment": "更换检查人员（重新抽取）",
}
STATUS_TEXT = {
    "locked": "已锁定，待输入",
    "ok": "有效",
    "infeasible": "无效（无法组队）",
    "aborted": "已中止",
}
SOURCE_TEXT = {"draw": "随机抽取", "mandatory": "必查对象", "reserve": "备选递补", "manual": "指定"}


@dataclass(frozen=True)
class DrawnTeamMember:
    id: str  # 执法证号 / 专家编号
    name: str
    department: str


@dataclass(frozen=True)
class DrawnTarget:
    id: str  # the draw id (USCC / 注册号 / registry id)
    name: str
    stratum: str
    mandatory: bool
    team: tuple[DrawnTeamMember, ...]


@dataclass(frozen=True)
class DrawView:
    """One draw attempt as every front end shows it; the office secret appears only after the reveal."""

    id: DrawSessionId
    uid: str
    task_id: TaskId
    task_no: str
    task_name: str
    kind: str
    kind_text: str
    attempt: int
    based_on_id: int | None
    status: str
    status_text: str
    manifest_digest: str
    commitment: str
    observers: tuple[str, ...]
    strata: tuple[StratumSize, ...]
    team_text: str
    population_targets: int
    population_inspectors: int
    conflicts: int
    locked_at: str
    finished_at: str
    operator: str
    signed_off_by: str
    abort_reason: str
    observer_inputs: tuple[str, ...]
    public_value: str
    office_secret: str  # "" until revealed
    seed: str
    record_digest: str
    error: str
    protocol: str = engine.PROTOCOL
    public_value_source: str = ""  # declared before the lock (DRAW-v1.1 §10); "" for none
    # A locked attempt whose secret this program does not hold (locked by a program that has
    # closed, or by another workstation): it cannot be computed here, only aborted.
    secret_lost: bool = False


@dataclass(frozen=True)
class DrawOutcome:
    view: DrawView
    targets: tuple[DrawnTarget, ...]  # selected, in stratum then selection order
    reserve: dict[str, tuple[str, ...]]  # stratum → reserve names in replacement order
    candidates: dict[
        str, tuple[str, ...]
    ]  # stratum → names of real eligible candidates (animation)


@dataclass(frozen=True)
class Replacement:
    old_visit_id: VisitId
    old_name: str
    new_visit_id: VisitId
    new_name: str
    new_code: str
    team_carried: int
    message: str


def _sizes(row: DrawSession, task: Task) -> tuple[StratumSize, ...]:
    labels = {str(s["code"]): s for s in task.strata or []}
    team = row.manifest.get("team") or {}
    qual = team.get("qualification") or {}
    pools: dict[str, int] = {}  # businesses per stratum before the exclusions
    if row.record is not None:  # computed: the record says how many were eligible (§6)
        excluded = {str(s["code"]): len(s["excluded"]) for s in row.manifest.get("strata", [])}
        for entry in row.record.get("selection", []):  # an amendment has no selection
            pools[entry["stratum"]] = entry["eligible"] + excluded.get(entry["stratum"], 0)
    else:  # locked or aborted: counted in the population, which is read only here
        for t in row.population.get("targets", []):
            pools[t["stratum"]] = pools.get(t["stratum"], 0) + 1
    out = []
    for s in row.manifest.get("strata", []):  # an amendment record has none
        pool = pools.get(s["code"], 0)
        eligible = pool - len(s["excluded"])
        rule = labels.get(s["code"], {})
        out.append(
            StratumSize(
                code=s["code"],
                label=str(rule.get("label") or s["code"]),
                rule=rule_text(s),
                pool=pool,
                excluded=len(s["excluded"]),
                mandatory=len(s["mandatory"]),
                eligible=eligible,
                quota=quota_for(s, eligible, len(s["mandatory"])),
                qualification=str(qual.get(s["code"], "")),
            )
        )
    return tuple(out)


def _team_text(manifest: dict[str, Any]) -> str:
    if manifest.get("kind") == "team-amendment":
        return (
            f"更换对象 {manifest['target']} 检查组的 {manifest['remove']}（原因：{manifest['reason']}），"
            f"在{manifest['department'] or '本任务参与部门'}的合格人员中重新抽取 1 人"
        )
    team = manifest.get("team")
    if not team:
        return "本次只抽取检查对象，检查人员另行抽取"
    parts = [f"每户 {max(team['size'], len(team['departments']))} 人"]
    if team["departments"]:
        parts.append("每个部门至少 1 人：" + "、".join(team["departments"]))
    if team["qualification"]:
        parts.append("资格：" + "；".join(f"{k}→{v}" for k, v in team["qualification"].items()))
    if team["max_load"] is not None:
        parts.append(f"每人最多 {team['max_load']} 户")
    parts.append("回避关系不参与")
    return "；".join(parts)


def view_of(session: Session, row: DrawSession) -> DrawView:
    task = session.get(Task, row.task_id)
    assert task is not None
    revealed = row.status in (DrawState.OK, DrawState.INFEASIBLE)
    record = row.record or {}
    err = record.get("error")
    sizes = {part: row.manifest.get(part) or {} for part in ("targets", "inspectors", "conflicts")}
    return DrawView(
        id=DrawSessionId(row.id),
        uid=row.uid,
        task_id=TaskId(task.id),
        task_no=task.task_no,
        task_name=task.name,
        kind=row.kind,
        kind_text=KIND_TEXT.get(row.kind, row.kind),
        attempt=row.attempt,
        based_on_id=row.based_on_id,
        status=row.status,
        status_text=STATUS_TEXT.get(row.status, row.status),
        manifest_digest=row.manifest_digest,
        commitment=str(row.manifest.get("commitment", "")),
        observers=tuple(row.manifest.get("observers", [])),
        strata=_sizes(row, task),
        team_text=_team_text(row.manifest),
        population_targets=int(sizes["targets"].get("count", 0)),  # the lock's counts (§3)
        population_inspectors=int(sizes["inspectors"].get("count", 0)),
        conflicts=int(sizes["conflicts"].get("count", 0)),
        locked_at=fmt_time(row.locked_at, seconds=True),
        finished_at=fmt_time(row.finished_at, seconds=True),
        operator=row.operator or "",
        signed_off_by=row.signed_off_by or "",
        abort_reason=row.abort_reason or "",
        observer_inputs=tuple(row.observer_inputs or ()),
        public_value=row.public_value or "",
        office_secret=row.office_secret if revealed else "",
        seed=row.seed or "",
        record_digest=row.record_digest or "",
        error=f"{err['reason']}（对象 {err['target']}）" if err else "",
        protocol=str(row.manifest.get("protocol", engine.PROTOCOL_V1)),
        public_value_source=str(row.manifest.get("public_value_source", "")),
        secret_lost=row.status == DrawState.LOCKED
        and not row.office_secret
        and held_secrets.peek(row.uid) is None,
    )


def _outcome(session: Session, row: DrawSession) -> DrawOutcome:
    view = view_of(session, row)
    pop = row.population
    names = {t["id"]: t["name"] for t in pop.get("targets", [])}
    people = {i["id"]: i for i in pop.get("inspectors", [])}
    record = row.record or {}
    teams = {a["target"]: a["team"] for a in record.get("assignment") or []}
    targets: list[DrawnTarget] = []
    reserve: dict[str, tuple[str, ...]] = {}
    candidates: dict[str, tuple[str, ...]] = {}
    excluded = {s["code"]: set(s["excluded"]) for s in row.manifest.get("strata", [])}
    for t in pop.get("targets", []):
        if t["stratum"] in excluded and t["id"] not in excluded[t["stratum"]]:
            bucket = candidates.setdefault(t["stratum"], ())
            if len(bucket) < 400:
                candidates[t["stratum"]] = (*bucket, t["name"])
    borrowed = {  # 外借 (officers of a neighbouring area) are said on every output
        cert: area
        for cert, area in session.execute(
            select(Inspector.cert_no, Inspector.external_area).where(
                Inspector.external_area.is_not(None), Inspector.external_area != ""
            )
        )
    }
    for entry in record.get("selection") or []:
        mandatory = set(entry["mandatory"])
        for tid in entry["selected"]:
            team = tuple(
                DrawnTeamMember(
                    m,
                    people.get(m, {}).get("name", m),
                    people.get(m, {}).get("department", "")
                    + (f"，外借：{borrowed[m]}" if m in borrowed else ""),
                )
                for m in teams.get(tid, [])
            )
            targets.append(
                DrawnTarget(tid, names.get(tid, tid), entry["stratum"], tid in mandatory, team)
            )
        reserve[entry["stratum"]] = tuple(names.get(r, r) for r in entry["reserve"])
    return DrawOutcome(view=view, targets=tuple(targets), reserve=reserve, candidates=candidates)


def stored_record(record: dict[str, Any]) -> dict[str, Any]:
    """A record as its row stores it, nothing held twice: the population is in the row's own
    `population` column, and an amendment's `amends` is the record of the row it is based on
    (`based_on_id`), so both are stored as null (same keys, same order); full_record puts them
    back. A city's draw has a million businesses: each amendment would carry them again."""
    stored = dict(record, population=None)
    if record.get("kind") == AMENDMENT:
        stored["amends"] = None
    return stored


def full_record(row: DrawSession) -> dict[str, Any] | None:
    """The published JSON record (DRAW-v1 §8, §11.3) of a row: as stored, with what
    `stored_record` left null put back (None before the draw is computed). Rows stored before
    that carry everything already."""
    if row.record is None:
        return None
    record = dict(row.record)
    if record.get("population") is None:
        record["population"] = row.population
    if record.get("kind") == AMENDMENT and record.get("amends") is None:
        session = object_session(row)
        previous = session.get(DrawSession, row.based_on_id) if session is not None else None
        record["amends"] = full_record(previous) if previous is not None else None
    return record


def draw_record_of(ws: Workspace, session_id: DrawSessionId) -> dict[str, Any]:
    """The published JSON record (DRAW-v1 §8) of a computed attempt."""
    with ws.db.read_session() as s:
        record = full_record(load_session(s, session_id))
        if record is None:
            raise ConflictError("这次抽取还没有记录（未计算或已中止）。 / No record yet.")
        return record


def get_draw(ws: Workspace, session_id: DrawSessionId) -> DrawOutcome:
    with ws.db.read_session() as s:
        return _outcome(s, load_session(s, session_id))


def list_draw_sessions(ws: Workspace, *, task_ref: int | str | None = None) -> list[DrawView]:
    """Every attempt (the trail), newest first; of one task when given."""
    with ws.db.read_session() as s:
        q = select(DrawSession).order_by(DrawSession.id.desc())
        if task_ref is not None:
            q = q.where(DrawSession.task_id == find_task(s, task_ref).id)
        return [view_of(s, r) for r in s.scalars(q)]


def qr_matrix(text: str) -> qr_codes.QrMatrix:
    """The QR matrix of `text` for the screen (digest on the projector)."""
    from app.core.reports import qr as qr_codes  # on use: reportlab stays out of start-up

    return qr_codes.qr_matrix(text)


def load_session(session: Session, session_id: int) -> DrawSession:
    """The draw session row with this id (NotFoundError when there is none)."""
    row = session.get(DrawSession, session_id)
    if row is None:
        raise NotFoundError(f"抽取记录 {session_id} 不存在。 / Draw session not found.")
    return row
