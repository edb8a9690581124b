"""The provincial platform's published-result list: its columns and result codes, and how the
app's own result codes map to them (one source for the export and docs/platform-files.md).

The platform's list (抽查结果公示) has the columns `PLATFORM_RESULT_COLUMNS` and codes
`PLATFORM_RESULT_CODES`. The app's shipped result table (resources/codes, table "result")
uses the same codes for the same findings, so most map to themselves. The rest:

- A 发现问题待后续处理 is the app's parent of B/C/6/D/3/4/5: with any of those it is left out;
  alone it is written as D (违反其他工商行政管理规定行为) and its wording goes into 备注.
- A code an office added to its own table that the platform does not know is written as D,
  with the office's wording in 备注 (the platform refuses unknown codes).
- G 违反公安部门相关规定 has no counterpart in the app; it is passed through if an office adds it.

Several codes in one result are written in one cell, separated by ",".
"""

from __future__ import annotations

from collections.abc import Iterable

PLATFORM_RESULT_COLUMNS = (
    "序号", "抽查计划编号", "抽查计划名称", "抽查任务编号", "抽查任务名称", "抽查类型", "检查机关",
    "抽查市场主体名称", "统一社会信用代码/注册号", "检查完成日期", "检查结果", "备注",
)  # fmt: skip

PLATFORM_RESULT_CODES: dict[str, str] = {
    "1": "未发现问题",
    "3": "违反食品药品管理相关规定",
    "4": "违反质量技术监督相关规定",
    "5": "违反其他部门相关规定",
    "6": "通过登记的住所（经营场所）无法联系",
    "7": "已关闭停业或正在组织清算",
    "8": "不配合检查情节严重",
    "9": "注销",
    "10": "被吊销",
    "11": "被撤销",
    "12": "迁出",
    "B": "未按规定公示应当公示的信息",
    "C": "公示信息隐瞒真实情况弄虚作假",
    "D": "违反其他工商行政管理规定行为",
    "E": "发现问题经责令已改正",
    "F": "未发现开展本次抽查涉及的经营活动",
    "G": "违反公安部门相关规定",
}
_PARENT = "A"  # the app's 发现问题待后续处理
_OTHER = "D"


def platform_codes(codes: Iterable[str], texts: dict[str, str]) -> tuple[str, str]:
    """(the platform's codes for an app result, joined by ","; a remark for what had to be
    mapped to D). `texts` gives the app's wording of each code (for the remark)."""
    given = [str(c).strip() for c in codes if str(c).strip()]
    known = [c for c in given if c in PLATFORM_RESULT_CODES]
    notes = [texts.get(c, c) for c in given if c not in PLATFORM_RESULT_CODES and c != _PARENT]
    if _PARENT in given and not known:
        notes.insert(0, texts.get(_PARENT, "发现问题待后续处理"))
    if notes and _OTHER not in known:
        known.append(_OTHER)
    out: list[str] = []
    for c in known:
        if c not in out:
            out.append(c)
    return ",".join(out), "；".join(notes)
