"""What the sample county (五原县) holds, told before it is made: its size and its contents
line by line, for the first-run screen and for the steps that make it (app/core/demo).

Light: reading what the sample holds loads none of the services that make it (the steps in
draw_data, inspection_data and results_data import those).
"""

from __future__ import annotations

from dataclasses import dataclass

COMPLETED = 3  # signed forms (one refused by the party, with a witness)
READY_TO_FILL = 4  # open visits left for a new user to fill in


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


def sample_contents(spec: SampleSpec | None = None) -> tuple[str, ...]:
    """What the sample county holds, line by line, for the first-run screen (a new user knows
    what to try before creating it)."""
    spec = spec or SampleSpec()
    return (
        f"名录库：约{spec.targets}户检查对象、60名检查人员、20个抽查事项，若干专家",
        "2026年度抽查计划已公示，第1号任务已公开随机抽取（可查看抽取记录与公告）",
        f"{COMPLETED}份已签名的检查表（其中1份当事人拒签、有见证人），1份填到一半的草稿",
        "数十项检查结果分布在待审核、退回、审核通过、已公示各环节，含逾期未公示和后续处置",
        f"{READY_TO_FILL}户以上待检查的对象：可直接打开、填写检查表、签名并完成",
        "示例数据仅供练习；正式使用请创建空数据库并导入本县名录库。",
    )
