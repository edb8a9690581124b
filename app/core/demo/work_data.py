"""Sample work beyond the registries: draws, inspections, results — one module per capability.

Each optional module exposes `STEPS: list[tuple[label, step]]`; missing ones are skipped.
"""

from __future__ import annotations

import importlib

STEPS: list = []
for _name in ("draw_data", "inspection_data", "results_data"):
    try:
        _module = importlib.import_module(f"{__package__}.{_name}")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"{__package__}.{_name}":
            raise
        continue
    STEPS.extend(_module.STEPS)
