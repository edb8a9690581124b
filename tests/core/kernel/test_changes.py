"""What a mutation changed is typed: Changes carries Area members, the views listen to Area
members, and an area nobody declared is refused where it is written, not silently never heard."""

from __future__ import annotations

import pytest

from app.core.services.kernel.workspace import Area, Changes


def test_changes_hold_areas_and_refuse_an_unknown_one() -> None:
    changes = Changes.of(Area.RESULTS, Area.STATS, message="已提交审核1项")
    assert changes.areas == {Area.RESULTS, Area.STATS} and changes.message == "已提交审核1项"
    with pytest.raises(ValueError):
        Changes.of("result")  # type: ignore[arg-type]  # a typo, refused at once
