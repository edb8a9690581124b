"""Bundle benchmarks: export and import of 10,000 completed forms with 10,000 signature images,
and re-import of the same bundle.

Baselines in the same run: zipping the same bytes with zipfile (export) and reading every
entry of the bundle back (import). Data is built with Core bulk inserts (not timed).
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

N = 10_000


def _build(folder: Path):  # type: ignore[no-untyped-def]
    from sqlalchemy import insert, select

    from app.core.services.kernel import keys
    from app.core.services.kernel.workspace import open_workspace
    from app.core.storage.models import (
        AttachmentBlob,
        Department,
        Inspection,
        Inspector,
        Signature,
        Target,
        Task,
        Visit,
        VisitMember,
        new_uid,
        utcnow,
    )

    office_db, laptop_db = folder / "office.db", folder / "laptop.db"
    ws = open_workspace(office_db)
    now = utcnow()
    with ws.db.session() as s:
        dept = Department(code="SCJG", name="市场监管局", short_name="五原市监")
        s.add(dept)
        s.flush()
        task = Task(
            task_no="五原市监抽查〔2026〕1号",
            short_name="五原市监",
            year=2026,
            seq_no=1,
            name="bench",
            initiating_department_id=dept.id,
        )
        s.add(task)
        inspector = Inspector(cert_no="15010001", name="张三", department_id=dept.id)
        s.add(inspector)
        s.flush()
        s.execute(
            insert(Target),
            [
                {
                    "uid": new_uid(),
                    "version": 1,
                    "name": f"对象{i}",
                    "uscc": None,
                    "search_text": "",
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(N)
            ],
        )
        tids = list(s.scalars(select(Target.id)))
        s.execute(
            insert(Visit),
            [
                {
                    "uid": new_uid(),
                    "version": 1,
                    "task_id": task.id,
                    "target_id": t,
                    "created_at": now,
                    "updated_at": now,
                }
                for t in tids
            ],
        )
        # Every visit is the laptop inspector's: the office accepts forms of assigned visits only.
        s.execute(
            insert(VisitMember),
            [
                {"visit_id": v, "inspector_id": inspector.id, "role": "组长", "position": 0}
                for v in s.scalars(select(Visit.id))
            ],
        )
    ws.db.dispose()
    shutil.copyfile(office_db, laptop_db)
    office, laptop = open_workspace(office_db), open_workspace(laptop_db)
    keys.export_public_key(office, folder / "o.pub")
    keys.export_public_key(laptop, folder / "l.pub")
    keys.trust_key(office, folder / "l.pub", role="laptop", inspectors=["15010001"])
    rng = random.Random(1)
    blobs = []
    with laptop.db.session() as s:
        vids = list(s.scalars(select(Visit.id)))
        s.execute(
            insert(Inspection),
            [
                {
                    "uid": new_uid(),
                    "version": 1,
                    "visit_id": v,
                    "version_no": 1,
                    "status": "completed",
                    "header": {"target": f"对象{i}", "team": ["张三", "李四"]},
                    "templates": [
                        {"item_code": "SC001", "template_code": "T-SPJY", "version_no": 1}
                    ],
                    "data": {
                        "answers": {str(k): rng.choice(["是", "否"]) for k in range(20)},
                        "result": ["1"],
                    },
                    "completed_at": now,
                    "created_at": now,
                    "updated_at": now,
                }
                for i, v in enumerate(vids)
            ],
        )
        iids = list(s.scalars(select(Inspection.id)))
        sigs = []
        for i, iid in enumerate(iids):
            png = b"\x89PNG\r\n\x1a\n" + os.urandom(3000)  # a ~3 KB signature image
            sha = hashlib.sha256(png).hexdigest()
            blobs.append(png)
            sigs.append(
                {
                    "uid": new_uid(),
                    "version": 1,
                    "inspection_id": iid,
                    "role": "party",
                    "signer_name": f"负责人{i}",
                    "strokes": [],
                    "image_sha256": sha,
                    "signed_at": now,
                    "refused": False,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        s.execute(
            insert(AttachmentBlob),
            [
                {
                    "sha256": x["image_sha256"],
                    "size": len(b),
                    "mime": "image/png",
                    "data": b,
                    "created_at": now,
                }
                for x, b in zip(sigs, blobs, strict=True)
            ],
        )
        s.execute(insert(Signature), sigs)
    return office, laptop, blobs


def measures() -> list[dict]:
    from app.core.services.exchange import bundle_export, bundles

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ.setdefault("APP_DATA_DIR", str(folder / "appdata"))
        office, laptop, blobs = _build(folder)
        try:
            t0 = time.perf_counter()
            out = bundle_export.export_bundle(laptop, "results", folder / "results.zip")
            export_s = time.perf_counter() - t0

            t0 = time.perf_counter()
            with zipfile.ZipFile(folder / "baseline.zip", "w") as zf:
                with zipfile.ZipFile(out.path) as src:
                    for name in src.namelist():
                        if name.startswith("records/"):
                            zf.writestr(name, src.read(name), zipfile.ZIP_DEFLATED)
                for i, b in enumerate(blobs):
                    zf.writestr(f"blobs/{i}", b)
            zip_s = time.perf_counter() - t0

            t0 = time.perf_counter()
            report = bundles.import_bundle(office, out.path)
            import_s = time.perf_counter() - t0
            assert report.added["inspection"] == N and report.added["signature"] == N, report

            t0 = time.perf_counter()
            with zipfile.ZipFile(out.path) as zf:
                for info in zf.infolist():
                    hashlib.sha256(zf.read(info)).hexdigest()
            read_s = time.perf_counter() - t0

            t0 = time.perf_counter()
            again = bundles.import_bundle(office, out.path)
            reimport_s = time.perf_counter() - t0
            assert again.already_imported
        finally:
            office.db.dispose()
            laptop.db.dispose()
    return [
        {
            "name": f"export {N} forms + {N} signature images",
            "seconds": export_s,
            "baseline_name": "zipfile of the same bytes",
            "baseline_seconds": zip_s,
            "goal": "≤ 10 s",
        },
        {
            "name": f"import {N} forms + {N} signature images",
            "seconds": import_s,
            "baseline_name": "read + sha256 every entry",
            "baseline_seconds": read_s,
            "goal": "≤ 10 s",
        },
        {
            "name": "re-import the same bundle",
            "seconds": reimport_s,
            "baseline_name": "read + sha256 every entry",
            "baseline_seconds": read_s,
            "goal": "≤ 2 s",
        },
    ]


if __name__ == "__main__":
    for m in measures():
        print(m)
