"""Every file the app reads, fed garbage (hypothesis): truncated, wrong types, huge cells.

Each must end in a clear AppError (or a report naming the bad rows) and write nothing; text
starting with = + - @ must stay text in every exported workbook.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.core.domain.errors import AppError

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FORMULA_STARTS = st.sampled_from(["=", "+", "-", "@"])
PRINTABLE = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=50)
CELL = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    PRINTABLE,
    PRINTABLE.map(lambda t: "=" + t),
    st.just("x" * 40_000),
    st.dates(min_value=date(1900, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1)),
    st.just("91150821MA0000000X"),
)


def _fingerprint(path: Path) -> tuple[int, ...]:
    """Row counts of the tables a reader could write to, plus the audit trail's length."""
    conn = sqlite3.connect(path)
    try:
        tables = (
            "targets",
            "inspectors",
            "experts",
            "inspection_items",
            "audit_events",
            "calendar_years",
            "bundles",
            "checklist_templates",
            "visits",
            "inspections",
        )
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)
    finally:
        conn.close()


def _truncations(data: bytes) -> st.SearchStrategy[bytes]:
    return st.integers(min_value=0, max_value=len(data) - 1).map(lambda n: data[:n])


def _flips(data: bytes) -> st.SearchStrategy[bytes]:
    return st.tuples(st.integers(0, len(data) - 1), st.integers(1, 255)).map(
        lambda t: data[: t[0]] + bytes([data[t[0]] ^ t[1]]) + data[t[0] + 1 :]
    )


# -- registry workbooks -----------------------------------------------------------------------


@pytest.fixture
def registry_files(sample_workspace, tmp_path: Path):  # type: ignore[no-untyped-def]
    pytest.importorskip("app.core.services.registry.imports.pipeline")
    from app.core.services.registry.excel import export_registry, write_template

    exported = tmp_path / "targets.xlsx"
    export_registry(sample_workspace, "targets", exported)
    template = tmp_path / "template.xlsx"
    write_template(sample_workspace, "targets", template)
    return sample_workspace, exported, template


def _import(ws, path: Path):  # type: ignore[no-untyped-def]
    from app.core.services.registry.imports.pipeline import import_registry

    return import_registry(ws, kind="targets", path=path, mode="all_or_nothing")


@FUZZ
@given(data=st.data())
def test_truncated_or_damaged_registry_workbook_is_refused_and_writes_nothing(
    registry_files, tmp_path: Path, data: st.DataObject
) -> None:  # type: ignore[no-untyped-def]
    ws, exported, _template = registry_files
    good = exported.read_bytes()
    blob = data.draw(st.one_of(_truncations(good), st.binary(max_size=2000)))
    path = tmp_path / "bad.xlsx"
    path.write_bytes(blob)
    before = _fingerprint(ws.db.path)
    with pytest.raises(AppError) as info:
        _import(ws, path)
    assert str(info.value).strip()
    assert _fingerprint(ws.db.path) == before


@FUZZ
@given(rows=st.lists(st.lists(CELL, min_size=1, max_size=12), min_size=1, max_size=6))
def test_registry_workbook_with_wrong_types_and_huge_cells(
    registry_files, tmp_path: Path, rows: list[list[object]]
) -> None:  # type: ignore[no-untyped-def]
    from app.core.services.kernel.audit import verify_chain

    ws, _good, template = registry_files
    book = openpyxl.load_workbook(template)
    sheet = book.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / "typed.xlsx"
    book.save(path)
    before = _fingerprint(ws.db.path)
    try:
        result = _import(ws, path)
    except AppError as exc:
        assert str(exc).strip()
        assert _fingerprint(ws.db.path) == before
    else:
        if not result.written:  # refused rows are named in the preview; nothing written
            assert _fingerprint(ws.db.path) == before
            assert result.message
    with ws.db.read_session() as s:
        assert verify_chain(s).ok


# Control characters included: the export shows the ones xlsx cannot hold (\x00-\x08, \x0b,
# \x0c, \x0e-\x1f) as U+FFFD. "\r" is left out only because any xlsx reader turns it into "\n".
EXPORTED_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"),
    min_size=1,
    max_size=30,
)
XLSX_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@FUZZ
@given(start=FORMULA_STARTS, rest=EXPORTED_TEXT)
@example(start="=", rest="SUM(A1)\x01\x00店\x1f")
def test_formula_like_text_stays_text_in_exported_registry(
    sample_workspace, tmp_path: Path, start: str, rest: str
) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("app.core.services.registry.excel")
    from app.core.services.registry.excel import export_registry
    from app.core.storage.models import Target

    name = (start + rest).strip() or start + "x"
    with sample_workspace.db.session() as s:  # as an import would store it
        target = s.get(Target, 1)
        target.name = name
        from app.core.services.kernel.audit import log_event

        log_event(s, sample_workspace.actor, "target.update", summary="fuzz")
    out = tmp_path / "out.xlsx"
    export_registry(sample_workspace, "targets", out)
    shown = XLSX_ILLEGAL.sub("\ufffd", name)
    cells = [
        c for row in openpyxl.load_workbook(out).active.iter_rows() for c in row if c.value == shown
    ]
    assert cells, "the name must come back exactly (control characters shown as U+FFFD)"
    assert all(c.data_type == "s" for c in cells)


# -- bundles -----------------------------------------------------------------------------------


@pytest.fixture
def bundle_bytes(sample_workspace, tmp_path: Path):  # type: ignore[no-untyped-def]
    bundle_export = pytest.importorskip("app.core.services.exchange.bundle_export")
    out = tmp_path / "a.bundle"
    bundle_export.export_bundle(
        sample_workspace, "assignments", out, task_no="五原市监抽查〔2026〕1号"
    )
    return sample_workspace, out if out.exists() else next(tmp_path.glob("a*"))


@FUZZ
@given(data=st.data())
def test_damaged_bundle_is_refused_and_writes_nothing(
    bundle_bytes, tmp_path: Path, data: st.DataObject
) -> None:  # type: ignore[no-untyped-def]
    from app.core.services.exchange import bundles

    ws, bundle = bundle_bytes
    good = bundle.read_bytes()
    blob = data.draw(st.one_of(_truncations(good), _flips(good), st.binary(max_size=500)))
    if blob == good:
        return
    path = tmp_path / "bad.bundle"
    path.write_bytes(blob)
    before = _fingerprint(ws.db.path)
    try:
        check = bundles.verify_bundle(ws, path)
    except AppError as exc:
        assert str(exc).strip()
        with pytest.raises(AppError):
            bundles.import_bundle(ws, path)
        assert _fingerprint(ws.db.path) == before
    else:
        # A flip in zip metadata no signature covers (a timestamp) leaves the content whole:
        # accepted only if what was signed is exactly the original.
        assert check.manifest_sha256 == bundles.verify_bundle(ws, bundle).manifest_sha256


# -- draw records ------------------------------------------------------------------------------


def _json_values() -> st.SearchStrategy[object]:
    return st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False)
        | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=20,
    )


@FUZZ
@given(
    blob=st.one_of(
        st.binary(max_size=300), _json_values().map(lambda v: __import__("json").dumps(v).encode())
    )
)
def test_garbage_draw_record_is_reported_not_crashing(tmp_path: Path, blob: bytes) -> None:
    draw_files = pytest.importorskip("app.core.services.draw.draw_files")
    path = tmp_path / "record.json"
    path.write_bytes(blob)
    try:
        problems = draw_files.verify_draw_file(path)
    except AppError as exc:
        assert str(exc).strip()
    else:
        assert problems, "garbage must never verify"


# -- holiday files -----------------------------------------------------------------------------


@FUZZ
@given(
    blob=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300),
        _json_values().map(lambda v: __import__("json").dumps(v, ensure_ascii=False)),
    )
)
def test_garbage_holiday_file_is_refused_and_writes_nothing(workspace, blob: bytes | str) -> None:  # type: ignore[no-untyped-def]
    calendar = pytest.importorskip("app.core.domain.calendar")
    services_calendar = pytest.importorskip("app.core.services.results.calendar")
    try:
        calendar.parse_holiday_file(blob)
    except AppError as exc:
        assert str(exc).strip()
        before = _fingerprint(workspace.db.path)
        with pytest.raises(AppError):
            services_calendar.import_calendar_file(workspace, blob)
        assert _fingerprint(workspace.db.path) == before


def test_truncated_holiday_file_is_refused(workspace) -> None:  # type: ignore[no-untyped-def]
    calendar = pytest.importorskip("app.core.domain.calendar")
    shipped = sorted(Path(__file__).resolve().parents[2].glob("resources/holidays/*"))
    if not shipped:
        pytest.skip("no shipped holiday file")
    text = shipped[-1].read_bytes()
    for cut in (1, len(text) // 3, len(text) // 2, len(text) - 2):
        try:
            calendar.parse_holiday_file(text[:cut])
        except AppError as exc:
            assert str(exc).strip()


# -- checklist templates -----------------------------------------------------------------------


@FUZZ
@given(
    rows=st.one_of(
        st.lists(
            st.dictionaries(
                st.sampled_from(["no", "content", "method", "answer", "yes_text", "x"]),
                CELL,
                max_size=6,
            ),
            max_size=5,
        ),
        st.lists(st.dictionaries(st.text(max_size=8), _json_values(), max_size=4), max_size=3),
    )
)
def test_bad_checklist_template_rows_are_refused(rows: list[object]) -> None:
    checklists = pytest.importorskip("app.core.services.checklist.checklists")
    try:
        checked = checklists.validate_rows(rows)  # type: ignore[arg-type]
    except AppError as exc:
        assert str(exc).strip()
    else:
        assert isinstance(checked, list)


@pytest.mark.parametrize("rows", [[None], ["text"], [[1, 2]]])
def test_template_rows_that_are_not_objects_are_refused(rows: list[object]) -> None:
    checklists = pytest.importorskip("app.core.services.checklist.checklists")
    with pytest.raises(AppError):
        checklists.validate_rows(rows)  # type: ignore[arg-type]


def test_shipped_templates_parse() -> None:
    checklists = pytest.importorskip("app.core.services.checklist.checklists")
    shipped = checklists.shipped_templates()
    assert shipped
    for body in shipped.values():
        assert checklists.validate_rows(body["rows"])
