"""The audit trail in words: each action code (`target.update`, `sync.conflict.resolve`) and
entity code as people say it (修改检查对象, 解决同步冲突), for the audit viewer and its export.

Codes stay the stored, stable key of an event; this table only names them. A code not named
here is shown as its noun and verb in words where those are known, never as a bare code where
avoidable.
"""

from __future__ import annotations

NOUNS = {
    "archive": "归档",
    "audit": "审计日志",
    "backup": "备份",
    "bundle": "数据包",
    "calendar": "工作日历",
    "check": "检查登记",
    "checklist_template": "检查表模板",
    "conflict": "回避",
    "data": "数据",
    "deadline": "期限设置",
    "demo": "示例数据",
    "department": "部门",
    "draw": "随机抽取",
    "draw_session": "随机抽取",
    "expert": "专家",
    "follow_up": "后续处置",
    "inspection": "检查表",
    "inspector": "检查人员",
    "item": "抽查事项",
    "items": "抽查事项清单",
    "joint": "联合检查",
    "key": "密钥",
    "notice": "告知书",
    "office": "机构信息",
    "plan": "抽查计划",
    "reference": "基础数据",
    "registry": "名录库",
    "result": "检查结果",
    "settings": "设置",
    "sheet": "检查表",
    "stats": "统计",
    "sync": "同步",
    "target": "检查对象",
    "task": "抽查任务",
    "team": "检查组",
    "timetable": "年度工作安排",
    "user": "用户",
    "visit": "检查",
    "form": "检查表",
}

VERBS = {
    "create": "新增",
    "update": "修改",
    "delete": "删除",
    "save": "保存",
    "export": "导出",
    "import": "导入",
    "print": "打印",
    "state": "状态变更",
    "lock": "锁定",
    "compute": "计算结果",
    "sign_off": "签认",
    "abort": "中止",
    "replace": "递补",
    "publish": "公示",
    "activate": "启用",
    "deactivate": "停用",
    "complete": "完成",
    "sign": "签名",
    "unsign": "撤销签名",
    "attach": "添加照片",
    "detach": "删除照片",
    "start": "开始填写",
    "save_draft": "保存草稿",
    "refusal": "登记拒绝",
    "correct": "更正",
    "seal": "加封",
    "retire": "停用",
    "revise": "调整",
    "add": "登记",
    "submit": "提交",
    "adopt": "采用",
    "withhold": "暂缓公示",
    "record": "登记",
    "declare": "登记",
    "withdraw": "撤回",
    "trust": "信任",
    "revoke": "吊销",
    "restore": "恢复",
    "auto": "自动",
    "assign": "分配",
    "merge": "合并",
    "adjust": "调整",
    "set": "设置",
    "configure": "设置",
    "send": "发送",
    "login": "登录",
    "unlock": "解锁",
    "done": "完成",
}

ACTIONS = {
    "undo": "撤销",
    "data.unlogged": "审计日志以外的数据改动",
    "audit.cover": "纳入审计（启用审计前的数据）",
    "audit.export": "导出审计日志",
    "backup.auto": "自动备份",
    "backup.create": "备份",
    "backup.restore": "从备份恢复",
    "backup.export": "备份到U盘或其他文件夹",
    "sync.conflict.resolve": "解决同步冲突",
    "sync.configure": "设置同步",
    "sync.send": "同步发送",
    "bundle.export": "导出数据包",
    "bundle.import": "导入数据包",
    "demo.create": "生成示例县",
    "demo.results": "生成示例检查结果",
    "demo.visits": "生成示例检查",
    "reference.ensure": "补全基础数据",
    "plan.create_joint": "新建联合计划",
    "plan.publish_adjustment": "公示计划调整",
    "plan.state": "计划状态变更",
    "task.cap_exception": "一般事项比例上限例外",
    "task.batches": "分批",
    "draw.publish_place": "设置公示地点",
    "draw.compute": "揭示密钥并计算抽取结果",
    "conflict.declare_expert": "登记专家回避",
    "calendar.save_year": "保存工作日历年度",
    "calendar.delete_year": "删除工作日历年度",
    "deadline.update_settings": "修改期限设置",
    "department.review_levels": "设置审核层级",
    "items.publish": "公示抽查事项清单",
    "item.revise": "调整抽查事项（新版本）",
    "target.status_from_result": "按检查结果更新登记状态",
    "target.status_proposal_dismissed": "不采纳登记状态建议",
    "team.replace_infeasible": "无法递补检查人员",
    "user.change_password": "修改密码",
    "user.create_first_admin": "创建首个管理员",
    "user.login_failed": "登录失败",
    "user.login_refused": "登录被拒绝",
    "user.reset_password": "重置密码",
    "user.set_department": "设置所属部门",
    "user.set_role": "设置角色",
    "settings.adopt_window": "设置采用期限",
    "settings.year_ratio": "设置年度比例",
    "settings.year_rules": "年度规则设置",
    "settings.check_ceiling": "设置每户检查上限",
    "settings.timetable": "设置年度工作安排",
    "settings.liaisons": "设置联络员",
    "settings.archive_pattern": "设置归档编号规则",
    "visit.archive_no": "编写归档号",
    "check.record": "登记随机抽查以外的检查",
    "inspection.save_draft": "保存检查表草稿",
    "result.adopt": "采用检查结果",
    "inspection.sign": "检查表签名",
    "inspection.unsign": "撤销检查表签名",
    "inspection.refusal": "登记拒绝签字",
    "inspection.attach": "添加现场照片",
    "inspection.detach": "删除现场照片",
    "inspection.seal": "检查表加封",
    "inspection.correct": "更正检查表",
    "result.withhold": "暂缓公示检查结果",
    "result.submit": "提交检查结果审核",
}


def action_words(code: str) -> str:
    """An action code in words: 修改检查对象 for target.update."""
    if code in ACTIONS:
        return ACTIONS[code]
    noun, _sep, verb = code.partition(".")
    if noun in NOUNS and verb in VERBS:
        return VERBS[verb] + NOUNS[noun]
    if noun in NOUNS:
        return f"{NOUNS[noun]}：{verb}" if verb else NOUNS[noun]
    return code


def entity_words(code: str | None) -> str:
    """An entity code in words: 检查对象 for target."""
    if not code:
        return ""
    return NOUNS.get(code, code)
