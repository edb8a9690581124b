"""Each tab page listens to typed areas (Area members), the same ones the core's Changes carry."""

from __future__ import annotations

from app.core.services.kernel.workspace import Area


def test_every_area_a_page_listens_to_is_declared() -> None:
    from app.ui.features.checklist.page import ChecklistPage
    from app.ui.features.draw.page import DrawPage
    from app.ui.features.plan.page import PlanPage
    from app.ui.features.registry.page import RegistryPage
    from app.ui.features.results.page import ResultsPage

    for page in (RegistryPage, PlanPage, DrawPage, ChecklistPage, ResultsPage):
        assert page.areas and all(isinstance(a, Area) for a in page.areas), page.__name__
