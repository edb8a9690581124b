"""English UI through Qt's translation machinery: the shipped .ts/.qm are complete and current,
the main window switches language, and no user-visible Chinese literal bypasses tr()/translate().
"""

from __future__ import annotations

import argparse
import ast
import re
import string
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLabel, QMenu

from app.core.domain.errors import ValidationError
from app.core.services.kernel.workspace import open_workspace
from app.core.services.registry import experts, inspectors, items, targets
from app.core.services.registry.fields import SPECS
from app.ui import table_text
from app.ui.app import GuiController, LanguageSwitcher, choose_language, create_application
from app.ui.errors import message_for
from app.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "resources" / "i18n" / "app_en.ts"
QM = REPO / "resources" / "i18n" / "app_en.qm"
UI = REPO / "app" / "ui"
CJK = re.compile(r"[\u4e00-\u9fff]")

# Chinese a translation may keep: data the user types in Chinese (department codes, the
# holiday file's keywords).
DATA_EXAMPLES = "市场监管|休|元旦|班"
ZH_TABS = ["名录库", "抽查计划", "随机抽取", "检查表", "结果公示"]
EN_TABS = ["Registry", "Inspection plans", "Random draw", "Checklist", "Results & publication"]


def _messages() -> list[tuple[str, ET.Element]]:
    root = ET.parse(TS).getroot()
    return [
        (ctx.findtext("name") or "", m) for ctx in root.iter("context") for m in ctx.iter("message")
    ]


def _fields(text: str) -> list[str]:
    return sorted(f[1] for f in string.Formatter().parse(text) if f[1] is not None)


def _shown(text: str) -> str:
    """Text as a menu bar or tab shows it: mnemonic markers removed, "&&" as "&"."""
    return re.sub(r"&(?!&)", "", re.sub(r"\(&\w\)$", "", text)).replace("&&", "&")


# -- the translation files ----------------------------------------------------------------


def test_qm_is_compiled_from_the_current_ts(tmp_path: Path) -> None:
    fresh = tmp_path / "app_en.qm"
    subprocess.run(
        [str(REPO / ".venv" / "bin" / "pyside6-lrelease"), str(TS), "-qm", str(fresh)],
        check=True,
        capture_output=True,
    )
    assert QM.read_bytes() == fresh.read_bytes(), "run: bash scripts/i18n.sh release"


def test_every_message_has_a_finished_english_translation() -> None:
    messages = _messages()
    assert len(messages) > 900
    root = ET.parse(TS).getroot()
    assert (root.get("language"), root.get("sourcelanguage")) == ("en", "zh_CN")
    bad = []
    for ctx, m in messages:
        source = m.findtext("source") or ""
        tr = m.find("translation")
        text = (tr.text or "") if tr is not None else ""
        if (
            tr is None
            or tr.get("type") in ("unfinished", "vanished", "obsolete")
            or not text.strip()
        ):
            bad.append((ctx, source, "untranslated"))
        elif CJK.search(re.sub(DATA_EXAMPLES, "", text)):
            bad.append((ctx, source, "Chinese in the translation"))
        elif _fields(source) != _fields(text):
            bad.append((ctx, source, f"placeholders differ: {text}"))
        elif source.count("\n") != text.count("\n"):
            bad.append((ctx, source, "line breaks differ"))
        elif bool(re.search(r"\(&\w\)", source)) != bool(re.search(r"&(?!&|[a-z]+;)\w", text)):
            bad.append((ctx, source, f"menu mnemonic missing: {text}"))
    assert not bad, bad[:20]


def _translation_contexts_in_code() -> set[str]:
    """Class names in app/ui (self.tr context) and explicit translate/NOOP contexts."""
    names: set[str] = set()
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names.add(node.name)
            elif (
                isinstance(node, ast.Call)
                and _call_name(node) in ("translate", "QT_TRANSLATE_NOOP")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names.add(str(node.args[0].value))
    return names


def test_every_context_is_one_qt_looks_up_at_run_time() -> None:
    """`window.tr(...)` gets the context "window" from lupdate but the class name at run time:
    such strings would never be translated."""
    known = _translation_contexts_in_code()
    assert {ctx for ctx, _m in _messages()} <= known


# -- the running window -------------------------------------------------------------------


@pytest.fixture
def gui(qtbot, sample_db: Path) -> Iterator[tuple[QApplication, object]]:
    app = create_application([])
    ws = open_workspace(sample_db)
    yield app, ws
    LanguageSwitcher(app).apply("zh_CN")
    ws.db.dispose()


def _menu_titles(window: MainWindow) -> list[str]:
    return [_shown(a.text()) for a in window.menuBar().actions() if a.menu() is not None]


def _tab_titles(window: MainWindow) -> list[str]:
    return [_shown(window.tabs.tabText(i)) for i in range(window.tabs.count())]


def _close(controller: GuiController) -> None:
    assert controller.window is not None
    controller.window.close()
    controller.runner.wait()


def test_english_main_window_has_english_tabs_menus_and_status(qtbot, gui) -> None:
    app, ws = gui
    controller = GuiController(app, ws, "en")
    try:
        window = controller.window
        assert window is not None
        qtbot.addWidget(window)
        assert _tab_titles(window) == EN_TABS
        menus = _menu_titles(window)
        assert menus[0] == "File" and menus[-1] == "Help"
        assert {"View", "Admin", *EN_TABS} <= set(menus)
        assert not [m for m in menus if CJK.search(m)], menus
        counts = window.findChild(QLabel, "statusCounts")
        qtbot.waitUntil(lambda: "Targets 600" in counts.text(), timeout=10000)
        assert not CJK.search(counts.text())
        registry = window.pages[0]
        headers = registry.registry_tabs["targets"].model
        titles = [headers.headerData(i, _horizontal()) for i in range(headers.columnCount())]
        assert titles[:2] == ["USCC / registration no.", "Name"]
        assert message_for(ValidationError("坏 / bad"))[0] == "Could not complete"
    finally:
        _close(controller)


def _horizontal():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def _language_action(window: MainWindow, label: str):  # type: ignore[no-untyped-def]
    view = next(
        a.menu() for a in window.menuBar().actions() if _shown(a.text()) in ("视图", "View")
    )
    assert isinstance(view, QMenu)
    languages = next(a.menu() for a in view.actions() if a.text() in ("界面语言", "Language"))
    assert isinstance(languages, QMenu)
    return next(a for a in languages.actions() if a.text() == label)


def test_switching_language_from_the_menu_rebuilds_the_window(qtbot, gui) -> None:
    app, ws = gui
    controller = GuiController(app, ws, "zh_CN")
    first = controller.window
    assert first is not None and _tab_titles(first) == ZH_TABS
    _language_action(first, "English").trigger()
    english = controller.window
    assert english is not None and english is not first
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=3000)
    assert _tab_titles(english) == EN_TABS
    assert "File" in _menu_titles(english)
    _language_action(english, "中文").trigger()
    chinese = controller.window
    assert chinese is not None and chinese is not english
    assert _tab_titles(chinese) == ZH_TABS
    assert _menu_titles(chinese)[0] == "文件"
    _close(controller)


def test_chinese_is_the_default_and_unaffected(qtbot, gui) -> None:
    app, ws = gui
    english = GuiController(app, ws, "en")
    _close(english)
    controller = GuiController(app, ws, "zh_CN")
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    assert _tab_titles(window) == ZH_TABS
    assert _menu_titles(window)[0] == "文件" and "帮助" in _menu_titles(window)
    counts = window.findChild(QLabel, "statusCounts")
    qtbot.waitUntil(lambda: "检查对象 600" in counts.text(), timeout=10000)
    assert message_for(ValidationError("坏 / bad"))[0] == "无法完成"
    _close(controller)
    QSettings().remove("ui/language")
    assert choose_language(argparse.Namespace(lang=None)) == "zh_CN"


# -- nothing bypasses translation ---------------------------------------------------------

# Calls whose string arguments a user reads, with the positions of those arguments: a Chinese
# literal there must come through tr()/translate(). (Item data, default values and suggested
# file names are data, not UI text.)
_ALL = slice(0, None)
SHOWN_BY = {
    **dict.fromkeys(
        ("setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "setStatusTip",
         "setTitle", "addAction", "addMenu", "setSuffix", "setPrefix", "setInformativeText",
         "showMessage", "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox",
         "QAction", "QMenu"),
        _ALL,
    ),
    "addItem": slice(0, 1),
    "addRow": slice(0, 1),
    "addTab": slice(1, 2),
    "addButton": slice(0, 1),
    **dict.fromkeys(
        ("information", "warning", "critical", "question", "about", "getText", "getItem",
         "getInt"),
        slice(1, 3),
    ),
    **dict.fromkeys(("getSaveFileName", "getOpenFileName", "getExistingDirectory"), slice(1, 2)),
}  # fmt: skip
TRANSLATING = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
# Names of languages are shown in their own language, whatever the UI language.
ALLOWED = {"中文"}


def _call_name(node: ast.Call) -> str:
    f = node.func
    return f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")


def _untranslated_literals(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, shown: bool) -> None:
        if isinstance(node, ast.Call):
            name = _call_name(node)
            if name in TRANSLATING:
                return
            positions = SHOWN_BY.get(name)
            shown_args = node.args[positions] if positions is not None else []
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                visit(arg, shown or any(arg is a for a in shown_args))
            visit(node.func, shown)
            return
        if shown and isinstance(node, ast.Constant) and isinstance(node.value, str):
            if CJK.search(node.value) and node.value not in ALLOWED:
                found.append((node.lineno, node.value))
            return
        for child in ast.iter_child_nodes(node):
            visit(child, shown)

    visit(tree, False)
    return found


def test_scanner_catches_a_bypassing_literal() -> None:
    tree = ast.parse(
        'label.setText("中文以外")\n'
        'box = QMessageBox.warning(self, "标题", f"第{n}次")\n'
        'ok.setText(self.tr("已翻译"))\n'
        'x = QCoreApplication.translate("ctx", "已翻译")\n'
    )
    assert [text for _line, text in _untranslated_literals(tree)] == [
        "中文以外",
        "标题",
        "第",
        "次",
    ]


def test_no_user_visible_chinese_literal_bypasses_translation() -> None:
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        for line, text in _untranslated_literals(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{path.relative_to(REPO)}:{line}: {text!r}")
    assert not offenders, "\n".join(offenders)


def _header_literals() -> set[str]:
    """Chinese header tuples in app/ui handed to SimpleTableView (Table) or RowsView."""
    found: set[str] = set()
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = None
            if (
                isinstance(node, ast.Call)
                and _call_name(node) in ("Table", "RowsView")
                and node.args
            ):
                value = node.args[0]
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "COLUMNS" for t in node.targets
            ):
                value = node.value
            if isinstance(value, ast.Tuple | ast.List):
                found |= {
                    e.value for e in value.elts
                    if isinstance(e, ast.Constant) and isinstance(e.value, str) and CJK.search(e.value)
                }  # fmt: skip
    return found


def test_every_table_header_and_field_label_is_in_the_translated_catalogue() -> None:
    core = {h for m in (targets, inspectors, experts, items) for _k, h in m.TABLE_COLUMNS}
    fields = {f.header for spec in SPECS.values() for f in spec.fields}
    ui = _header_literals()
    assert len(ui) > 50
    missing = (core | fields | ui) - set(table_text.HEADERS)
    assert not missing, sorted(missing)


def test_every_translatable_text_in_the_code_is_in_the_catalogue(tmp_path: Path) -> None:
    """A new tr() text that nobody extracted would show Chinese in the English UI: lupdate over
    the code, into a copy of the catalogue, finds nothing new to translate."""
    copy = tmp_path / "app_en.ts"
    copy.write_bytes(TS.read_bytes())
    sources = sorted(str(p) for p in UI.rglob("*.py"))
    subprocess.run(
        [str(REPO / ".venv" / "bin" / "pyside6-lupdate"), "-source-language", "zh_CN",
         "-target-language", "en", "-no-obsolete", *sources, "-ts", str(copy)],
        check=True, capture_output=True,
    )  # fmt: skip
    new = [
        m.findtext("source")
        for m in ET.parse(copy).getroot().iter("message")
        if (m.find("translation") is not None and m.find("translation").get("type") == "unfinished")
    ]
    assert not new, f"run: bash scripts/i18n.sh update, translate, release — new texts: {new[:10]}"


def test_the_cores_progress_texts_reach_the_ui_in_its_language(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A job's progress text from the core (Chinese, some with an English tail) arrives at the
    screen in one language: Chinese only in the Chinese UI, English in the English UI."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    from app.ui.runner import TaskRunner

    def reported(texts: list[str]) -> list[str]:
        runner = TaskRunner()
        seen: list[str] = []

        def work(job):  # type: ignore[no-untyped-def]
            for n, text in enumerate(texts):
                job.progress(n, len(texts), text)
            return None

        runner.run_mutation(work, on_progress=lambda _d, _t, text: seen.append(text))
        qtbot.waitUntil(lambda: len(seen) == len(texts), timeout=5000)
        assert runner.wait()
        return seen

    core = ["校验中…", "完成 / done", "第3份，共10份", "合并 / merging targets"]
    assert reported(core) == ["校验中…", "完成", "第3份，共10份", "合并"]
    english = QTranslator()
    assert english.load(str(QM))
    QCoreApplication.installTranslator(english)
    try:
        assert reported(core) == ["Checking…", "Done", "Sheet 3 of 10", "Merging"]
    finally:
        QCoreApplication.removeTranslator(english)
