"""The registry's quick search: targets whose name or code contains a text (1+ characters)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.core.services.kernel.workspace import Workspace
from app.core.storage.models import Target
from app.core.storage.search import prepare_search, search_target_ids


@dataclass(frozen=True)
class SearchHit:
    id: int
    code: str
    name: str
    kind: str
    township: str
    is_active: bool


def search_targets(ws: Workspace, text: str, *, limit: int = 50) -> list[SearchHit]:
    """Up to `limit` targets whose name, 统一社会信用代码 or 注册号 contains `text`.

    Full-width/half-width, spaces and letter case are ignored; works for 1- and 2-character
    Chinese queries. Hits come back in registry order (by id).
    """
    prepare_search(ws.db.engine)
    with ws.db.engine.connect() as conn:
        ids = search_target_ids(conn, text, limit=limit)
        if not ids:
            return []
        rows = {
            r.id: r
            for r in conn.execute(
                select(
                    Target.id,
                    Target.uscc,
                    Target.reg_no,
                    Target.name,
                    Target.kind,
                    Target.township,
                    Target.is_active,
                ).where(Target.id.in_(ids))
            )
        }
    return [
        SearchHit(i, r.uscc or r.reg_no or "", r.name, r.kind, r.township or "", bool(r.is_active))
        for i in ids
        if (r := rows.get(i)) is not None
    ]
