"""Making the sample county (五原县): `create_sample_county` runs the steps in order, one
transaction per step; each step lives in the module of the capability that owns its data
(registry_data, draw_data, inspection_data, results_data)."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from app.core.domain.errors import AppError
from app.core.services.kernel.workspace import Workspace, open_workspace

from . import draw_data, inspection_data, registry_data, results_data
from .sample import SampleSpec, SampleSummary

__all__ = ["create_sample_county"]

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


Step = Callable[[Workspace, random.Random, SampleSpec], None]


def _steps() -> list[tuple[str, Step]]:
    steps: list[tuple[str, Step]] = [
        ("名录库 / registries", registry_data.populate),
        ("抽查计划 / plans", registry_data.populate_plan),
    ]
    for module in (draw_data, inspection_data, results_data):
        steps.extend(module.STEPS)
    return steps


def create_sample_county(
    path_or_url: str | Path,
    *,
    targets: int = 5000,
    seed: int = 20260101,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> SampleSummary:
    """Creates the sample county in a new database; refuses to touch one that has data (a
    file or a server database alike)."""
    is_new_file = "://" not in str(path_or_url) and not (
        Path(path_or_url).exists() and Path(path_or_url).stat().st_size
    )
    if not is_new_file:
        ws = open_workspace(path_or_url)
        try:
            if registry_data.has_data(ws):
                raise AppError(
                    f"{ws.db.display_name} 已有数据，示例数据只能写入新的数据库。"
                    " / The database already has data."
                )
        finally:
            ws.db.dispose()
    ws = open_workspace(path_or_url)
    try:
        spec = SampleSpec(targets=targets, seed=seed)
        rng = random.Random(seed)
        steps = _steps()
        for i, (label, step) in enumerate(steps):
            if cancelled is not None and cancelled():
                raise AppError("已取消 / cancelled")
            if progress is not None:
                progress(i, len(steps), label)
            step(ws, rng, spec)
        if progress is not None:
            progress(len(steps), len(steps), "完成 / done")
        return registry_data.summary(ws)
    finally:
        ws.db.dispose()
