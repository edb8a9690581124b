"""The sample county (五原县): a realistic database to try the app and to test against.

`create_sample_county` runs the steps in order in one transaction per step; each step lives
in its own module so the capability that owns the data also owns its sample.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core.domain.errors import AppError
from app.core.services.kernel.workspace import Workspace, open_workspace

from . import registry_data

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class SampleSummary:
    path: str
    targets: int
    inspectors: int
    experts: int
    items: int
    plans: int
    tasks: int


@dataclass(frozen=True)
class SampleSpec:
    """How big the sample is; tests use a small one, benchmarks a large one."""

    targets: int = 5000
    inspectors_per_department: int = 10
    seed: int = 20260101


Step = Callable[[Workspace, random.Random, SampleSpec], None]


def sample_contents(spec: SampleSpec | None = None) -> tuple[str, ...]:
    """What the sample county holds, line by line, for the first-run screen (a new user knows
    what to try before creating it)."""
    from .inspection_data import COMPLETED
    from .results_data import READY_TO_FILL

    spec = spec or SampleSpec()
    return (
        f"名录库：约{spec.targets}户检查对象、60名检查人员、20个抽查事项，若干专家",
        "2026年度抽查计划已公示，第1号任务已公开随机抽取（可查看抽取记录与公告）",
        f"{COMPLETED}份已签名的检查表（其中1份当事人拒签、有见证人），1份填到一半的草稿",
        "数十项检查结果分布在待审核、退回、审核通过、已公示各环节，含逾期未公示和后续处置",
        f"{READY_TO_FILL}户以上待检查的对象：可直接打开、填写检查表、签名并完成",
        "示例数据仅供练习；正式使用请创建空数据库并导入本县名录库。",
    )


def _steps() -> list[tuple[str, Step]]:
    steps: list[tuple[str, Step]] = [
        ("名录库 / registries", registry_data.populate),
        ("抽查计划 / plans", registry_data.populate_plan),
    ]
    from . import draw_data, inspection_data, results_data  # on use: the services they drive

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
