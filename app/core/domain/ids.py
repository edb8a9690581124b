"""Typed ids of the rows people act on, so that a visit's id is never passed as a form's.

NewTypes of int: nothing at run time, checked by mypy. The read models carry them and the
services' functions take them; a front end passes back the id a read model gave it.
"""

from __future__ import annotations

from typing import NewType

TargetId = NewType("TargetId", int)  # 检查对象
InspectorId = NewType("InspectorId", int)  # 执法检查人员
ExpertId = NewType("ExpertId", int)  # 专家
ItemId = NewType("ItemId", int)  # 抽查事项 (one version of it)
DepartmentId = NewType("DepartmentId", int)
PlanId = NewType("PlanId", int)  # 抽查计划
TaskId = NewType("TaskId", int)  # 抽查任务
DrawSessionId = NewType("DrawSessionId", int)  # one draw of a task (its record)
VisitId = NewType("VisitId", int)  # one business drawn for a task, with its team
InspectionId = NewType("InspectionId", int)  # one version of a visit's 检查表
ResultId = NewType("ResultId", int)  # one department's result of a visit
