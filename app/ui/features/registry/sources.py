"""Table sources of the registry sub-tabs: which service lists ids and rows for each registry."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from app.core.services.registry import experts, inspectors, items, targets


@dataclass(frozen=True)
class RegistrySource:
    kind: str
    columns: tuple[tuple[str, str], ...]
    sortable: frozenset[str]

    def ids(self, ws: Any, query: Any) -> Sequence[int]:
        return _IDS[self.kind](ws, query)

    def rows(self, ws: Any, ids: Sequence[int]) -> Sequence[Any]:
        return _ROWS[self.kind](ws, ids)


# Each registry's functions take its own query type: typed here as what they share.
_IDS: dict[str, Callable[[Any, Any], Sequence[int]]] = {
    "targets": targets.target_ids,
    "inspectors": inspectors.inspector_ids,
    "experts": experts.expert_ids,
    "items": items.item_ids,
}
_ROWS: dict[str, Callable[[Any, Sequence[int]], Sequence[Any]]] = {
    "targets": targets.target_rows,
    "inspectors": inspectors.inspector_rows,
    "experts": experts.expert_rows,
    "items": items.item_rows,
}

SOURCES = {
    "targets": RegistrySource("targets", targets.TABLE_COLUMNS, targets.SORT_KEYS),
    "inspectors": RegistrySource("inspectors", inspectors.TABLE_COLUMNS, inspectors.SORT_KEYS),
    "experts": RegistrySource("experts", experts.TABLE_COLUMNS, experts.SORT_KEYS),
    "items": RegistrySource("items", items.TABLE_COLUMNS, items.SORT_KEYS),
}
QUERIES = {
    "targets": targets.TargetQuery,
    "inspectors": inspectors.InspectorQuery,
    "experts": experts.ExpertQuery,
    "items": items.ItemQuery,
}
