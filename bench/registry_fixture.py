"""Builds the benchmark databases and files for bench_registry (1,000,000 targets; 100k-row xlsx).

Core bulk inserts only (the demo's ORM path is ~10× slower); results are cached in bench/.cache.
Must not be imported by the app.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

from app.core.demo.registry_data import GIVEN, INDUSTRIES, SURNAMES, TOWNSHIPS, UNITS
from app.core.domain.codes import make_uscc
from app.core.services.kernel.workspace import open_workspace
from app.core.storage.models import Target, new_uid
from app.core.storage.search import ensure_target_index, search_key

CACHE = Path(__file__).resolve().parent / ".cache"
_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _body(n: int) -> str:
    out = []
    for _ in range(8):
        n, r = divmod(n, 31)
        out.append(_BODY[r])
    return "".join(reversed(out))


def target_rows(count: int, *, seed: int = 7, start: int = 0) -> list[dict]:
    rng = random.Random(seed)
    kinds = ["个体工商户"] * 11 + ["企业"] * 8 + ["农民专业合作社"]
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = []
    for i in range(start, start + count):
        kind = rng.choice(kinds)
        town = rng.choice(TOWNSHIPS)
        code, word = rng.choice(INDUSTRIES)
        owner = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        suffix = {"企业": "有限公司", "个体工商户": "", "农民专业合作社": "专业合作社"}[kind]
        name = f"五原县{town[:-1]}{owner}{word}{suffix}"
        cat = {"企业": "91", "个体工商户": "92", "农民专业合作社": "93"}[kind]
        uscc = make_uscc(dept_category=cat, region6="150821", org_body8=_body(i))
        rows.append(
            {
                "uid": new_uid(),
                "version": 1,
                "created_at": now,
                "updated_at": now,
                "uscc": uscc,
                "name": name,
                "kind": kind,
                "legal_rep": owner,
                "phone": "13" + f"{rng.randrange(10**9):09d}",
                "address": f"五原县{town}建设路{rng.randrange(1, 300)}号",
                "township": town,
                "supervising_unit": UNITS[town],
                "industry_code": code,
                "credit_grade": rng.choice("AABBBCD"),
                "risk_class": rng.choice(["低", "低", "中", "较高", "高"]),
                "status": "存续",
                "is_active": True,
                "search_text": search_key(name),
            }
        )
    return rows


def million_db(count: int = 1_000_000) -> Path:
    """A database with `count` targets and its search index (built once, then reused)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"targets-{count}.db"
    if path.exists():
        return path
    tmp = path.with_suffix(".part.db")
    tmp.unlink(missing_ok=True)
    ws = open_workspace(tmp)
    try:
        with ws.db.engine.begin() as conn:
            step = 50_000
            for start in range(0, count, step):
                conn.execute(
                    insert(Target.__table__),
                    target_rows(min(step, count - start), seed=start, start=start),
                )
            ensure_target_index(conn)
    finally:
        ws.db.dispose()
    raw = sqlite3.connect(tmp, isolation_level=None)
    raw.execute("ANALYZE")
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    tmp.rename(path)
    return path
