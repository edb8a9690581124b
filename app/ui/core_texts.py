"""The core's progress texts in the UI's language.

The core reports what it is doing in Chinese (some older texts carry an English tail,
"合并 / merging"); it never imports Qt. Every progress text a job reports passes through
`shown` (the task runner does it), which drops the tail and looks the Chinese text up in the
"core" context of the catalogue, so the English UI reads English and the Chinese UI reads
Chinese only. lupdate finds the texts here (QT_TRANSLATE_NOOP); a text missing from this list
is shown as the core wrote it, in Chinese.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "core"

TEXTS = (
    QT_TRANSLATE_NOOP("core", "校验中…"),
    QT_TRANSLATE_NOOP("core", "校验并写入中…"),
    QT_TRANSLATE_NOOP("core", "写入中…"),
    QT_TRANSLATE_NOOP("core", "完成"),
    QT_TRANSLATE_NOOP("core", "校验"),
    QT_TRANSLATE_NOOP("core", "写出"),
    QT_TRANSLATE_NOOP("core", "回读校验"),
    QT_TRANSLATE_NOOP("core", "发送"),
    QT_TRANSLATE_NOOP("core", "收集数据"),
    QT_TRANSLATE_NOOP("core", "合并"),
    QT_TRANSLATE_NOOP("core", "名录库"),
    QT_TRANSLATE_NOOP("core", "抽查计划"),
    QT_TRANSLATE_NOOP("core", "公示抽查计划"),
    QT_TRANSLATE_NOOP("core", "公开随机抽取"),
    QT_TRANSLATE_NOOP("core", "检查表"),
    QT_TRANSLATE_NOOP("core", "检查结果与公示"),
)
# Texts with numbers in them: the pattern the core writes, and its template to translate.
_COUNTED = ((re.compile(r"第(\d+)份，共(\d+)份"), QT_TRANSLATE_NOOP("core", "第{0}份，共{1}份")),)


def shown(text: str) -> str:
    """`text` from the core as the user reads it in the UI's language."""
    chinese = text.split(" / ", 1)[0].strip()
    for pattern, template in _COUNTED:
        found = pattern.fullmatch(chinese)
        if found:
            return QCoreApplication.translate(CONTEXT, str(template)).format(*found.groups())
    return QCoreApplication.translate(CONTEXT, chinese)
