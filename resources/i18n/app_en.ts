<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AdminMenu</name>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="39"/>
        <source>管理(&amp;G)</source>
        <translation>&amp;Admin</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="44"/>
        <source>机构与部门…</source>
        <translation>Office &amp;&amp; departments…</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="50"/>
        <source>用户管理…</source>
        <translation>Users…</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="56"/>
        <source>审计日志…</source>
        <translation>Audit log…</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="63"/>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="69"/>
        <source>备份到U盘或其他文件夹…</source>
        <translation>Back up to a USB stick or another folder…</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="75"/>
        <source>从备份恢复…</source>
        <translation>Restore from backup…</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="81"/>
        <source>打开备份文件夹</source>
        <translation>Open backup folder</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="88"/>
        <source>复制诊断信息</source>
        <translation>Copy diagnostics</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="104"/>
        <source>修改我的密码…</source>
        <translation>Change my password…</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="137"/>
        <source>已备份到 {0}</source>
        <translation>Backed up to {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="146"/>
        <source>选择备份到的文件夹（如U盘）</source>
        <translation>Choose the folder to back up to (e.g. a USB stick)</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="153"/>
        <source>正在备份到 {0}…</source>
        <translation>Backing up to {0}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="158"/>
        <source>已备份到 {0}（已校验）</source>
        <translation>Backed up to {0} (checked)</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="171"/>
        <source>其他位置的备份文件（如U盘）…</source>
        <translation>A backup file elsewhere (e.g. on a USB stick)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="178"/>
        <source>选择要恢复的备份（最新在前）：</source>
        <translation>Choose the backup to restore (newest first):</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="188"/>
        <source>选择要恢复的备份</source>
        <translation>Choose the backup to restore</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="190"/>
        <source>数据库备份 (*.db)</source>
        <translation>Database backups (*.db)</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="177"/>
        <location filename="../../app/ui/menus/admin.py" line="198"/>
        <source>从备份恢复</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="29"/>
        <source>每日自动备份</source>
        <translation>Daily automatic backup</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="30"/>
        <source>手动备份</source>
        <translation>Manual backup</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="31"/>
        <source>升级、导入或恢复前的备份</source>
        <translation>Backup before an upgrade, import or restore</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="32"/>
        <source>其他备份</source>
        <translation>Other backup</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="199"/>
        <source>将用备份 {0} 替换当前数据库。当前数据库会先另存一份备份。
恢复后程序将关闭，请重新打开。继续吗？</source>
        <translation>The current database will be replaced by backup {0}. A backup of the current database is saved first.
The program closes after the restore; please open it again. Continue?</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="218"/>
        <source>已恢复</source>
        <translation>Restored</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="219"/>
        <source>已从 {0} 恢复。原数据库已另存为 {1}。
程序将关闭，请重新打开。</source>
        <translation>Restored from {0}. The previous database was saved as {1}.
The program will now close; please open it again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/admin.py" line="255"/>
        <source>诊断信息已复制到剪贴板</source>
        <translation>Diagnostics copied to the clipboard</translation>
    </message>
</context>
<context>
    <name>AdoptDialog</name>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="64"/>
        <source>结果互认</source>
        <translation>Adopt a result</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="69"/>
        <source>{0}&#x3000;{1}完成&#x3000;{2}&#x3000;检查结果：{3}</source>
        <translation>{0}, completed {1}, {2}, result: {3}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="75"/>
        <source>如：同一户半年内已由该部门检查</source>
        <translation>e.g. checked by that department within six months</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="77"/>
        <source>检查对象</source>
        <translation>Business</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="78"/>
        <source>采用的结果</source>
        <translation>Result adopted</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="79"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>AssignMemberDialog</name>
    <message>
        <location filename="../../app/ui/features/draw/assign_dialog.py" line="40"/>
        <source>指定检查人员</source>
        <translation>Assign an inspector</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/assign_dialog.py" line="45"/>
        <source>本部门符合条件的检查人员不足、无法随机抽取时，经批准可直接指定一名人员参加检查。指定的人员在检查名单和检查表上注明“指定”，并计入统计。</source>
        <translation>When a department has too few eligible inspectors to draw from, an inspector can be assigned directly with approval. Assigned inspectors are marked &quot;assigned&quot; on the visit list and the sheet, and counted in the statistics.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/assign_dialog.py" line="59"/>
        <source>输入姓名、执法证号或部门查找</source>
        <translation>Type a name, certificate number or department</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/assign_dialog.py" line="64"/>
        <source>如：本部门在岗人员不足，借调应急管理局</source>
        <translation>e.g. too few officers on duty; borrowed from emergency management</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/assign_dialog.py" line="67"/>
        <source>检查对象</source>
        <translation>Business</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/assign_dialog.py" line="68"/>
        <source>人员情况</source>
        <translation>Officers</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/assign_dialog.py" line="69"/>
        <source>指定人员</source>
        <translation>Assigned inspector</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/assign_dialog.py" line="70"/>
        <location filename="../../app/ui/features/draw/assign_dialog.py" line="143"/>
        <source>指定原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/assign_dialog.py" line="71"/>
        <location filename="../../app/ui/features/draw/assign_dialog.py" line="144"/>
        <source>批准人</source>
        <translation>Approved by</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/assign_dialog.py" line="80"/>
        <source>指定</source>
        <translation>Assign</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/assign_dialog.py" line="84"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/assign_dialog.py" line="102"/>
        <source>本次抽取没有可指定人员的检查对象。</source>
        <translation>This draw has no business to assign an inspector to.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/assign_dialog.py" line="111"/>
        <source>无需本部门人员</source>
        <translation>No officers of this department needed</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/assign_dialog.py" line="142"/>
        <source>指定人员（从列表中选择）</source>
        <translation>Assigned inspector (pick from the list)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/assign_dialog.py" line="149"/>
        <source>请填写：{0}</source>
        <translation>Please fill in: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/assign_dialog.py" line="152"/>
        <source>正在指定…</source>
        <translation>Assigning…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/assign_dialog.py" line="164"/>
        <source>。可用 编辑 → 撤销 收回。</source>
        <translation>. Edit → Undo takes it back.</translation>
    </message>
</context>
<context>
    <name>AttachmentsBox</name>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="89"/>
        <source>附件（照片、文件）</source>
        <translation>Attachments (photos, files)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="104"/>
        <source>添加附件…</source>
        <translation>Add attachment…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="106"/>
        <source>删除所选</source>
        <translation>Delete selected</translation>
    </message>
</context>
<context>
    <name>AuditViewerDialog</name>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="47"/>
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="62"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="65"/>
        <source>摘要包含…</source>
        <translation>Summary contains…</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="68"/>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="69"/>
        <source>到</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="70"/>
        <location filename="../../app/ui/admin/audit_viewer.py" line="87"/>
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="71"/>
        <location filename="../../app/ui/admin/audit_viewer.py" line="88"/>
        <source>动作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="72"/>
        <location filename="../../app/ui/admin/audit_viewer.py" line="89"/>
        <source>对象</source>
        <translation>Object</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="77"/>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="85"/>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="86"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="90"/>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="100"/>
        <source>校验审计链</source>
        <translation>Verify audit chain</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="103"/>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="105"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="171"/>
        <source>登录名：{0}</source>
        <translation>Login name: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="175"/>
        <source>改动数据 {0} 行</source>
        <translation>{0} stored rows changed</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="184"/>
        <source>共 {0} 条，显示最新 {1} 条</source>
        <translation>{0} in total, showing the latest {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="187"/>
        <source>正在校验…</source>
        <translation>Verifying…</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="196"/>
        <source>审计链完整：{0} 个事件，{1} 行数据均与记录一致。</source>
        <translation>Audit chain intact: {0} events; all {1} data rows match the record.</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="200"/>
        <source> 链头 head：{0}</source>
        <translation> chain head: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="203"/>
        <source>校验通过</source>
        <translation>Verification passed</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="204"/>
        <source>链头 head：{0}</source>
        <translation>Chain head: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="207"/>
        <source>审计链校验失败</source>
        <translation>Audit chain verification failed</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="210"/>
        <source>校验失败</source>
        <translation>Verification failed</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="211"/>
        <source>审计记录或数据在程序之外被改动：
{0}</source>
        <translation>Audit records or data were changed outside the program:
{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="219"/>
        <source>导出审计日志</source>
        <translation>Export audit log</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/audit_viewer.py" line="226"/>
        <source>已导出 {0} 条</source>
        <translation>{0} exported</translation>
    </message>
</context>
<context>
    <name>CalendarDialog</name>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="237"/>
        <source>工作日历（法定节假日与调休）</source>
        <translation>Working-day calendar (public holidays and make-up days)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="249"/>
        <source>新年份…</source>
        <translation>New year…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="250"/>
        <source>导入文件…</source>
        <translation>Import file…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="251"/>
        <source>检查</source>
        <translation>Check</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="252"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="253"/>
        <source>删除用户年份</source>
        <translation>Delete user year</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="263"/>
        <source>每行一项：“2027-01-01~2027-01-03 休 元旦”，调休上班日“2027-02-07 班”</source>
        <translation>One entry per line: &quot;2027-01-01~2027-01-03 休 元旦&quot;; make-up working days: &quot;2027-02-07 班&quot;</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="297"/>
        <source>用户添加</source>
        <translation>Added by user</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="297"/>
        <source>随软件提供</source>
        <translation>Shipped with the software</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="305"/>
        <source>已有 {0} 年的安排；没有数据的年份不会被猜测，相关期限会提示“日历缺失”。</source>
        <translation>Holiday schedules available for {0}. Years without data are never guessed; their deadlines show &quot;calendar missing&quot;.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="325"/>
        <source>导入放假安排</source>
        <translation>Import holiday schedule</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="325"/>
        <source>放假安排 (*.json *.txt);;所有文件 (*)</source>
        <translation>Holiday schedules (*.json *.txt);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="334"/>
        <source>已读入{0}年，请核对后保存</source>
        <translation>Read {0}; please check, then save</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="347"/>
        <source>{0}年：放假{1}天，调休上班{2}天，全年工作日{3}天，无误。</source>
        <translation>{0}: {1} holidays, {2} make-up working days, {3} working days in the year. No problems found.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="360"/>
        <source>{0}年已有安排，是否用当前内容替换？</source>
        <translation>{0} already has a schedule. Replace it with the current content?</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="125"/>
        <source>修改我的密码</source>
        <translation>Change my password</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="132"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="133"/>
        <source>当前密码</source>
        <translation>Current password</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="134"/>
        <source>新密码（至少8位）</source>
        <translation>New password (at least 8 characters)</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="135"/>
        <source>再次输入新密码</source>
        <translation>New password again</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="149"/>
        <source>两次输入的新密码不一致。</source>
        <translation>The two new passwords differ.</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="168"/>
        <source>密码已修改。</source>
        <translation>The password was changed.</translation>
    </message>
</context>
<context>
    <name>CheckRecordDialog</name>
    <message>
        <location filename="../../app/ui/features/registry/check_dialog.py" line="44"/>
        <source>登记随机抽查以外的检查</source>
        <translation>Record an inspection outside the random checks</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/check_dialog.py" line="63"/>
        <source>来源、文号或投诉编号（选填）</source>
        <translation>Source, document or complaint number (optional)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/check_dialog.py" line="65"/>
        <source>检查对象</source>
        <translation>Business</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/check_dialog.py" line="66"/>
        <source>检查部门</source>
        <translation>Inspecting department</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/check_dialog.py" line="67"/>
        <source>检查日期</source>
        <translation>Inspection date</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/check_dialog.py" line="68"/>
        <source>检查类别</source>
        <translation>Kind of inspection</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/check_dialog.py" line="69"/>
        <source>来源/文号</source>
        <translation>Source / document no.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/check_dialog.py" line="72"/>
        <source>投诉举报、转办交办等个案须立即检查，不受随机抽查限制。登记后计入检查台账：无事不扰和每户年度检查上限都按台账计算，上次检查日期随之更新。</source>
        <translation>Complaints, referrals and similar individual cases must be inspected at once, outside the random checks. A recorded inspection enters the inspection ledger: the no-disturbance rule and the yearly cap per business count it, and the last inspection date follows it.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/check_dialog.py" line="80"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/check_dialog.py" line="80"/>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/check_dialog.py" line="80"/>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/check_dialog.py" line="80"/>
        <source>任务/文号</source>
        <translation>Task / document no.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/check_dialog.py" line="91"/>
        <source>登记</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/check_dialog.py" line="92"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/check_dialog.py" line="98"/>
        <source>该户检查台账</source>
        <translation>This business&apos;s inspection ledger</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/check_dialog.py" line="116"/>
        <source>（已抽中，未检查）</source>
        <translation>(drawn, not inspected yet)</translation>
    </message>
</context>
<context>
    <name>ChecklistForm</name>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="104"/>
        <location filename="../../app/ui/features/checklist/form.py" line="582"/>
        <location filename="../../app/ui/features/checklist/form.py" line="587"/>
        <source>检查完整性</source>
        <translation>Check completeness</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="105"/>
        <source>打印预览…</source>
        <translation>Print preview…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="106"/>
        <source>更正…</source>
        <translation>Correct…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="107"/>
        <location filename="../../app/ui/features/checklist/form.py" line="602"/>
        <source>完成检查</source>
        <translation>Complete inspection</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="126"/>
        <source>请在左侧列表中选择一个检查对象。</source>
        <translation>Select a business in the list on the left.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="207"/>
        <source>已完成并锁定（第{0}版）· 核对码 {1}</source>
        <translation>Completed and locked (version {0}) · check code {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="211"/>
        <source>尚未填写 · 第一次修改时开始检查并自动保存</source>
        <translation>Not filled in yet · the inspection starts and is saved with the first change</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="213"/>
        <source>已被更正版本取代（第{0}版）</source>
        <translation>Superseded by a corrected version (version {0})</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="215"/>
        <source>草稿（第{0}版）· 每次修改自动保存</source>
        <translation>Draft (version {0}) · every change is saved automatically</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="221"/>
        <source>基本信息</source>
        <translation>General information</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="225"/>
        <source>任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="226"/>
        <source>被检查单位</source>
        <translation>Inspected business</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="227"/>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="228"/>
        <source>住所</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="229"/>
        <source>法定代表人/电话</source>
        <translation>Legal representative / phone</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="230"/>
        <source>联络员/电话</source>
        <translation>Contact person / phone</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="231"/>
        <source>检查人员</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="242"/>
        <source>（第一次填写时）</source>
        <translation>(at the first change)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="243"/>
        <source>（完成检查时）</source>
        <translation>(at completion)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="253"/>
        <source>检查地点：</source>
        <translation>Place of inspection:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="257"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="259"/>
        <source>检查时间：</source>
        <translation>Time of inspection:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="266"/>
        <source>更正原因：</source>
        <translation>Reason for correction:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="272"/>
        <source>{0}. {1} {2}（{3}） · {4} 第{5}版</source>
        <translation>{0}. {1} {2} ({3}) · {4} v{5}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="289"/>
        <source>检查方法/要领：</source>
        <translation>Method / key points:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="306"/>
        <source>本事项发现问题情况</source>
        <translation>Problems found for this item</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="307"/>
        <source>本事项处置情况</source>
        <translation>Action taken for this item</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="319"/>
        <source>核查方式 · 检查结果 · 后续处置</source>
        <translation>Verification method · Result · Follow-up</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="321"/>
        <source>核查方式：</source>
        <translation>Verification method:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="323"/>
        <source>检查结果（可多选；“未发现问题”等不能与其他结果同选）：</source>
        <translation>Result (several allowed; &quot;no problems found&quot; and similar cannot be combined with others):</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="345"/>
        <source>发现问题情况</source>
        <translation>Problems found</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="350"/>
        <source>后续处置措施：</source>
        <translation>Follow-up measures:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="355"/>
        <source>其他处置措施：</source>
        <translation>Other measures:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="356"/>
        <source>被检查单位意见：</source>
        <translation>Inspected business&apos;s comments:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="428"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="495"/>
        <source>未保存：此检查表已在其他工作站修改</source>
        <translation>Not saved: this form was changed on another workstation</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="497"/>
        <source>检查表未保存</source>
        <translation>Form not saved</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="500"/>
        <source>载入最新内容</source>
        <translation>Load the latest version</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="501"/>
        <source>保留我的填写（不保存）</source>
        <translation>Keep my input (not saved)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="515"/>
        <source>已保存 {0}（草稿）</source>
        <translation>Saved {0} (draft)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="62"/>
        <source>选择照片或文件</source>
        <translation>Choose a photo or file</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="64"/>
        <source>照片 (*.jpg *.jpeg *.png);;所有文件 (*)</source>
        <translation>Photos (*.jpg *.jpeg *.png);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="564"/>
        <location filename="../../app/ui/features/checklist/form.py" line="598"/>
        <source>检查表尚未填写</source>
        <translation>The form is not filled in yet</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="582"/>
        <source>检查表已填写完整，可以完成检查。</source>
        <translation>The checklist is complete; the inspection can be completed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="588"/>
        <source>还有{0}处需要填写：</source>
        <translation>{0} fields still to fill in:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="603"/>
        <source>签名后将锁定，之后只能更正。

确定完成对“{0}”的检查吗？</source>
        <translation>Once signed the form is locked; after that it can only be corrected.

Complete the inspection of “{0}”?</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="610"/>
        <source>完成并锁定</source>
        <translation>Complete and lock</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form.py" line="611"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ChecklistPage</name>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="67"/>
        <location filename="../../app/ui/features/checklist/page.py" line="150"/>
        <source>待检查</source>
        <translation>To inspect</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="67"/>
        <location filename="../../app/ui/features/checklist/page.py" line="150"/>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="67"/>
        <location filename="../../app/ui/features/checklist/page.py" line="150"/>
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="71"/>
        <source>搜索：名称、代码、地址、任务编号</source>
        <translation>Search: name, code, address, task no.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="74"/>
        <source>被检查单位</source>
        <translation>Inspected business</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="74"/>
        <source>任务编号</source>
        <translation>Task no.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="74"/>
        <source>检查人员</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="105"/>
        <source>批量打印任务检查表…</source>
        <translation>Print all checklists of the task…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="107"/>
        <source>打印随机抽查通知书…</source>
        <translation>Print inspection notice…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="109"/>
        <source>检查表另存为PDF…</source>
        <translation>Save checklist as PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="111"/>
        <source>检查表模板…</source>
        <translation>Checklist templates…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="118"/>
        <location filename="../../app/ui/features/checklist/page.py" line="322"/>
        <source>检查表</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="161"/>
        <source>没有符合条件的检查对象。</source>
        <translation>No matching targets.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="203"/>
        <source>正在打开…</source>
        <translation>Opening…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="227"/>
        <source>未能打开检查表。</source>
        <translation>The form could not be opened.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="319"/>
        <source>请先打开一份已开始填写的检查表。</source>
        <translation>First open a form that has been started.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="252"/>
        <source>不能完成检查</source>
        <translation>Cannot complete the inspection</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="319"/>
        <location filename="../../app/ui/features/checklist/page.py" line="330"/>
        <source>另存为PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="324"/>
        <source>检查表另存为PDF</source>
        <translation>Save checklist as PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="330"/>
        <source>已保存 {0} 页。</source>
        <translation>{0} pages saved.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="344"/>
        <location filename="../../app/ui/features/checklist/page.py" line="356"/>
        <source>批量打印</source>
        <translation>Batch print</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="344"/>
        <source>请先在列表中选择该任务的一个检查对象。</source>
        <translation>First select a target of this task in the list.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="348"/>
        <source>批量打印：{0}</source>
        <translation>Batch print: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="356"/>
        <source>已输出 {0} 份检查表。</source>
        <translation>{0} checklists written.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="365"/>
        <source>通知书</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/page.py" line="365"/>
        <source>请先打开一个检查对象。</source>
        <translation>Open a target first.</translation>
    </message>
</context>
<context>
    <name>CommissionDialog</name>
    <message>
        <location filename="../../app/ui/features/plan/commission_dialog.py" line="47"/>
        <source>委托第三方</source>
        <translation>Commission a third party</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/commission_dialog.py" line="51"/>
        <source>有效期至 {0}</source>
        <translation>valid until {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/commission_dialog.py" line="53"/>
        <source>新的机构（在下面填写）</source>
        <translation>A new body (fill in below)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/commission_dialog.py" line="57"/>
        <source>如 检验检测，多个用“，”分隔</source>
        <translation>e.g. testing; separate several with commas</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/commission_dialog.py" line="62"/>
        <source>如 抽样检验（食品安全）</source>
        <translation>e.g. sampling and testing (food safety)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/commission_dialog.py" line="66"/>
        <source>抽查任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/commission_dialog.py" line="67"/>
        <source>受托机构</source>
        <translation>Commissioned body</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/commission_dialog.py" line="68"/>
        <source>机构名称</source>
        <translation>Name of the body</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/commission_dialog.py" line="69"/>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/commission_dialog.py" line="70"/>
        <source>资质</source>
        <translation>Qualifications</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/commission_dialog.py" line="71"/>
        <source>资质有效期至</source>
        <translation>Qualified until</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/commission_dialog.py" line="72"/>
        <source>委托事项</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/commission_dialog.py" line="73"/>
        <source>开始日期</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/commission_dialog.py" line="74"/>
        <source>结束日期</source>
        <translation>End</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../app/ui/features/registry/conflict_dialog.py" line="39"/>
        <source>登记回避</source>
        <translation>Declare conflict of interest</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/conflict_dialog.py" line="41"/>
        <source>输入姓名或执法证号查找</source>
        <translation>Type a name or certificate number to search</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/conflict_dialog.py" line="44"/>
        <source>输入企业名称或统一社会信用代码的一部分查找</source>
        <translation>Type part of the business name or credit code</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/conflict_dialog.py" line="63"/>
        <source>选择或填写回避原因</source>
        <translation>Choose or type the reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/conflict_dialog.py" line="69"/>
        <source>检查人员</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/conflict_dialog.py" line="70"/>
        <source>检查对象</source>
        <translation>Business</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/conflict_dialog.py" line="71"/>
        <source>回避原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/conflict_dialog.py" line="125"/>
        <source>请从列表中选择检查人员（输入姓名或执法证号查找）。</source>
        <translation>Choose the inspector from the list (type a name or certificate number).</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/conflict_dialog.py" line="129"/>
        <source>请从列表中选择检查对象（输入名称或代码的一部分查找）。</source>
        <translation>Choose the business from the list (type part of its name or code).</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/conflict_dialog.py" line="132"/>
        <source>请选择或填写回避原因。</source>
        <translation>Choose or type the reason.</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="52"/>
        <source>同步冲突处理</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="57"/>
        <source>下列记录在本机和对方都被修改过。两个版本都已保留，未自动覆盖。请逐条比较后决定采用哪一边；已完成（已签名）的检查表不会被改写，采用对方版本将另存为更正版本。</source>
        <translation>These records were changed both on this computer and on the other side. Both versions were kept; nothing was overwritten. Compare each one and decide which side to keep. Completed (signed) checklists are never rewritten: taking the other version saves it as a corrected version.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="71"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="73"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="74"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="70"/>
        <source>检查对象</source>
        <translation>Business</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="72"/>
        <source>任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="82"/>
        <source>包括已处理的</source>
        <translation>Include resolved</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="91"/>
        <source>请在左侧选择一条冲突。</source>
        <translation>Select a conflict on the left.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="96"/>
        <source>只看不同的字段</source>
        <translation>Only fields that differ</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="104"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="104"/>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="300"/>
        <source>本机版本</source>
        <translation>This computer</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="104"/>
        <source>对方版本（导入的）</source>
        <translation>Other side (imported)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="115"/>
        <source>保留本机版本</source>
        <translation>Keep this version</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="118"/>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="269"/>
        <source>采用对方版本</source>
        <translation>Take other version</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="136"/>
        <source>只有主管（审核权限）可以处理冲突；当前账号只能查看。</source>
        <translation>Only a supervisor (review permission) can resolve conflicts; this account can only view them.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="172"/>
        <source>（无对应检查对象）</source>
        <translation>(no matching business)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="193"/>
        <source>没有待处理的冲突。</source>
        <translation>No open conflicts.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="201"/>
        <source>待处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="202"/>
        <source>已保留本机版本</source>
        <translation>Kept this version</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="203"/>
        <source>已采用对方版本</source>
        <translation>Took other version</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="232"/>
        <source>任务：{0}</source>
        <translation>Task: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="233"/>
        <source>原因：{0}</source>
        <translation>Reason: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="236"/>
        <source>已由 {0} 于 {1} 处理：{2}</source>
        <translation>Resolved by {0} on {1}: {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="301"/>
        <source>对 {0} 的{1}：{2}。
此决定会记入审计日志，不能撤销。继续吗？</source>
        <translation>{1} of {0}: {2}.
This decision is written to the audit log and cannot be undone. Continue?</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="249"/>
        <source>（对方已删除此记录）</source>
        <translation>(deleted on the other side)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="265"/>
        <source>采用对方删除</source>
        <translation>Accept deletion</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="267"/>
        <source>采用对方版本（另存为更正版本）</source>
        <translation>Take other version (saved as a correction)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/conflicts_dialog.py" line="306"/>
        <source>处理冲突</source>
        <translation>Resolve conflict</translation>
    </message>
</context>
<context>
    <name>ConflictsTab</name>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="593"/>
        <source>含已撤销</source>
        <translation>Include withdrawn</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="595"/>
        <source>登记回避…</source>
        <translation>Declare conflict of interest…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="598"/>
        <source>撤销所选</source>
        <translation>Withdraw selected</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="604"/>
        <source>登记的回避关系在随机抽取检查人员时自动排除。</source>
        <translation>Declared conflicts of interest are excluded automatically when inspectors are drawn.</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="176"/>
        <source>更正检查表</source>
        <translation>Correct checklist</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="179"/>
        <source>已完成的检查表不能直接修改。更正将生成新版本，原版本保留备查。</source>
        <translation>A completed checklist cannot be edited. A correction creates a new version; the original is kept for reference.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="182"/>
        <source>更正原因</source>
        <translation>Reason for correction</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="194"/>
        <source>请填写更正原因。</source>
        <translation>Enter the reason for the correction.</translation>
    </message>
</context>
<context>
    <name>DashboardPanel</name>
    <message>
        <location filename="../../app/ui/features/results/dashboard.py" line="58"/>
        <source>导出年度汇总…</source>
        <translation>Export annual summary…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dashboard.py" line="61"/>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dashboard.py" line="65"/>
        <source>各部门抽查完成情况</source>
        <translation>Progress by department</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dashboard.py" line="67"/>
        <source>检查结果分类（户次）</source>
        <translation>Results by category (inspections)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dashboard.py" line="95"/>
        <source>年度时间表：</source>
        <translation>Year&apos;s timetable: </translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dashboard.py" line="100"/>
        <source>抽取 {0} · 检查 {1} · 录入率 {2} · 公示率 {3}（要求100%） · 逾期 {4}</source>
        <translation>Drawn {0} · Inspected {1} · Entered {2} · Published {3} (100% required) · Overdue {4}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dashboard.py" line="105"/>
        <source>抽取</source>
        <translation>Drawn</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dashboard.py" line="105"/>
        <source>已检查</source>
        <translation>Inspected</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dashboard.py" line="105"/>
        <source>已公示</source>
        <translation>Published</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dashboard.py" line="105"/>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dashboard.py" line="144"/>
        <location filename="../../app/ui/features/results/dashboard.py" line="154"/>
        <source>导出年度汇总</source>
        <translation>Export annual summary</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dashboard.py" line="145"/>
        <source>{0}年度双随机抽查汇总.xlsx</source>
        <translation>Double random inspections {0} summary.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dashboard.py" line="146"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>DeadlinePanel</name>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="61"/>
        <source>也显示未到期的</source>
        <translation>Also show items not yet due</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="66"/>
        <source>截至</source>
        <translation>As of</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="81"/>
        <source>正在计算期限…</source>
        <translation>Computing deadlines…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="109"/>
        <source>{0} 项即将到期，{1} 项已逾期</source>
        <translation>{0} due soon, {1} overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="113"/>
        <source>；日历缺少{0}年的放假安排，请在“工作日历”中添加</source>
        <translation>; the calendar lacks the holiday schedule for {0}; add it under &quot;Working-day calendar&quot;</translation>
    </message>
</context>
<context>
    <name>DeadlineSettingsDialog</name>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="55"/>
        <source>期限设置</source>
        <translation>Deadline settings</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="64"/>
        <source>期限按工作日计算：起算日当天不计，自次日起的第N个工作日为截止日；法定节假日和调休以“工作日历”为准，没有放假安排的年份不会被推算。</source>
        <translation>Deadlines count working days: the start day itself does not count; the Nth working day after it is the due date. Public holidays and make-up days follow the working-day calendar; years without a holiday schedule are never estimated.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="77"/>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="78"/>
        <source>工作日</source>
        <translation>Working days</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="79"/>
        <source>规定/默认</source>
        <translation>Rule / default</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="80"/>
        <source>示例截止日</source>
        <translation>Example due date</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="86"/>
        <source>“即将到期”提醒：剩余工作日不超过</source>
        <translation>&quot;Due soon&quot; when working days left are at most</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="91"/>
        <source> 个工作日</source>
        <translation> working days</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="102"/>
        <source>{0}个工作日（{1}）</source>
        <translation>{0} working days ({1})</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="104"/>
        <source>{0}个工作日</source>
        <translation>{0} working days</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="114"/>
        <source>期限规则</source>
        <translation>Deadline rules</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="118"/>
        <source>示例起算日（如检查完成日）</source>
        <translation>Example start day (e.g. inspection date)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="130"/>
        <source>工作日历（法定节假日）…</source>
        <translation>Working-day calendar (public holidays)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="141"/>
        <source>只有管理员可以修改期限设置；这里仅供查看。</source>
        <translation>Only an administrator can change deadline settings; view only.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="142"/>
        <source>恢复规定值</source>
        <translation>Restore defaults</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="145"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="149"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="149"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="195"/>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="197"/>
        <source>工作日历已有 {0} 年的放假安排。新年份请按国务院办公厅通知添加。</source>
        <translation>The calendar has holiday schedules for {0}. Add new years from the State Council General Office notice.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="215"/>
        <source>剩余 ≤ {0} 个工作日时标为“即将到期”</source>
        <translation>Marked &quot;due soon&quot; at ≤ {0} working days left</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="223"/>
        <source>{0}设为{1}个工作日，长于规定的{2}个工作日</source>
        <translation>{0} is set to {1} working days, longer than the prescribed {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="229"/>
        <source>注意：</source>
        <translation>Note:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="242"/>
        <source>{0}（自名单送达日 {1} 起算）</source>
        <translation>{0} (counted from list delivery on {1})</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="245"/>
        <source>日历缺少{0}年的放假安排，无法计算</source>
        <translation>Cannot compute: the calendar lacks the holiday schedule for {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="259"/>
        <source>正在保存并重新计算未公示结果的截止日…</source>
        <translation>Saving and recomputing due dates of unpublished results…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/deadline_settings.py" line="271"/>
        <source>期限设置已保存；未公示结果的截止日已按新期限重新计算。</source>
        <translation>Deadline settings saved; due dates of unpublished results were recomputed.</translation>
    </message>
</context>
<context>
    <name>DeadlineStatus</name>
    <message>
        <location filename="../../app/ui/menus/deadlines.py" line="25"/>
        <source>检查结果公示等工作日期限（点击查看清单）</source>
        <translation>Working-day deadlines for publishing results (click for the list)</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/deadlines.py" line="33"/>
        <source>期限：无法计算</source>
        <translation>Deadlines: cannot compute</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/deadlines.py" line="37"/>
        <source>{0} 项即将到期 / {1} 项已逾期</source>
        <translation>{0} due soon / {1} overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/deadlines.py" line="39"/>
        <source>（日历缺{0}年）</source>
        <translation>(calendar lacks {0})</translation>
    </message>
</context>
<context>
    <name>DepartmentDialog</name>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="183"/>
        <source>所属部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="185"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="188"/>
        <source>全县（不限部门）</source>
        <translation>Whole county (any department)</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="194"/>
        <source>选填，如 监督一科</source>
        <translation>Optional, e.g. Supervision Section 1</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="195"/>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="196"/>
        <source>科室/单位</source>
        <translation>Section/unit</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="197"/>
        <source>属于某一部门的监管人员只能查看、审核和公示本部门的检查结果。</source>
        <translation>Supervisors who belong to a department see, review and publish only that department&apos;s results.</translation>
    </message>
</context>
<context>
    <name>DrawPage</name>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="54"/>
        <source>抽取检查对象并同时组队</source>
        <translation>Draw targets and assign teams</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="55"/>
        <source>只抽取检查对象（人员另行抽取）</source>
        <translation>Draw targets only (inspectors later)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="56"/>
        <source>抽取执法检查人员（已抽对象）</source>
        <translation>Draw inspectors (for drawn targets)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="57"/>
        <source>抽取专家（已抽对象）</source>
        <translation>Draw experts (for drawn targets)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="81"/>
        <source>抽查任务</source>
        <translation>Inspection task</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="86"/>
        <source>抽取记录（每次尝试都保留）</source>
        <translation>Draw record (every attempt is kept)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="106"/>
        <source>① 准备：选择任务、宣布观察员顺序</source>
        <translation>① Prepare: choose the task, announce the observer order</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="108"/>
        <source>请在左侧选择任务</source>
        <translation>Choose a task on the left</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="118"/>
        <source>每行一位观察员，按输入顺序，如：
公证员 王平
企业代表 李娜</source>
        <translation>One observer per line, in input order, e.g.:
Notary Wang Ping
Business representative Li Na</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="130"/>
        <source>锁定抽取清单 (Ctrl+L)</source>
        <translation>Lock draw manifest (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="134"/>
        <source>任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="135"/>
        <source>抽取内容</source>
        <translation>Draw</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="136"/>
        <source>抽取日期</source>
        <translation>Draw date</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="137"/>
        <source>观察员</source>
        <translation>Observers</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="145"/>
        <source>② 清单已锁定：公布摘要，观察员依次输入</source>
        <translation>② Manifest locked: announce the digest; observers enter in turn</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="161"/>
        <location filename="../../app/ui/features/draw/page.py" line="595"/>
        <source>揭示密钥并计算 (Ctrl+R)</source>
        <translation>Reveal keys and compute (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="165"/>
        <source>中止本次抽取…</source>
        <translation>Abort this draw…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="159"/>
        <source>公开数值</source>
        <translation>Public value</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="469"/>
        <source>双击一次抽取，查看它的结果（签认、公告、记录、递补、更换人员）</source>
        <translation>Double-click an attempt to see its result (sign-off, notice, record, reserve, team changes)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="123"/>
        <source>可选：锁定后才公布的公开数值的来源，如“中国福利彩票双色球第2026031期开奖号码”</source>
        <translation>Optional: the source of a public value published after the lock, e.g. “China Welfare Lottery Double Color Ball draw 2026031”</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="127"/>
        <source>要使用公开数值，必须在锁定前声明它的来源；来源写入抽取清单和公告。不填则本次不使用公开数值。</source>
        <translation>To use a public value its source must be declared before the lock; the source is written into the draw manifest and the notice. Left empty, this draw uses no public value.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="138"/>
        <source>公开数值来源</source>
        <translation>Public value source</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="168"/>
        <source>观察员输入齐全后，揭示锁定时生成的局方密钥并按公开规则计算结果（不能撤销）</source>
        <translation>Once every observer has entered an input, reveal the office secret made at the lock and compute the result by the published rules (cannot be undone)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="170"/>
        <source>中止本次抽取并写明理由；记录保留，可重新锁定</source>
        <translation>Abort this draw with a reason; the record stays and the task can be locked again</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="172"/>
        <source>抽取清单摘要：</source>
        <translation>Manifest digest:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="180"/>
        <source>这次抽取不是由本程序锁定的：锁定它的程序已关闭（或中断），或在另一台电脑上。局方密钥只保存在锁定它的程序内存中，数据库里只有承诺值，所以在这里不能揭示和计算。若锁定它的程序已不在运行，请点“中止本次抽取…”写明理由，再重新锁定；两次都保留在抽取记录和审计日志里。</source>
        <translation>This attempt was not locked by this program: the program that locked it has closed (or stopped), or runs on another computer. The office secret is held only in that program&apos;s memory and the database has only the commitment, so it cannot be revealed and computed here. If that program is no longer running, click “Abort this attempt…”, give the reason and lock again; both stay in the draw records and the audit trail.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="204"/>
        <source>③ 抽取结果</source>
        <translation>③ Draw result</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="215"/>
        <source>签认…</source>
        <translation>Sign off…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="217"/>
        <source>保存记录 JSON…</source>
        <translation>Save record JSON…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="219"/>
        <source>打印公告 PDF…</source>
        <translation>Print notice PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="221"/>
        <source>导出名单 xlsx…</source>
        <translation>Export list xlsx…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="223"/>
        <source>备选递补…</source>
        <translation>Replace with reserve…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="225"/>
        <source>更换检查人员…</source>
        <translation>Replace an inspector…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="228"/>
        <source>指定检查人员…</source>
        <translation>Assign an inspector…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="230"/>
        <source>符合条件的人员不足、无法抽取时，经批准直接指定</source>
        <translation>When too few eligible officers remain to draw from, assign one directly with approval</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="232"/>
        <source>跳过动画</source>
        <translation>Skip animation</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="234"/>
        <source>投影屏上立即显示全部抽取结果（结果不变）</source>
        <translation>Show every drawn result on the projector now (the result is the same)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="238"/>
        <source>投影屏动画速度；整段动画最长 90 秒</source>
        <translation>Projector animation speed; the whole animation takes at most 90 s</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="240"/>
        <source>动画 1×</source>
        <translation>Animation 1×</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="241"/>
        <source>动画 2×</source>
        <translation>Animation 2×</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="242"/>
        <source>动画 4×</source>
        <translation>Animation 4×</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="246"/>
        <source>返回任务</source>
        <translation>Back to task</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="269"/>
        <source>随机抽取</source>
        <translation>Random draw</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="274"/>
        <source>投影窗口(&amp;P)</source>
        <translation>&amp;Projector window</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="276"/>
        <source>投影到屏幕</source>
        <translation>Project on screen</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="286"/>
        <source>屏幕 {0}：{1}（{2}×{3}）</source>
        <translation>Screen {0}: {1} ({2}×{3})</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="290"/>
        <source> — 默认</source>
        <translation> — default</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="332"/>
        <source>计划：{0}；任务：{1}；已尝试 {2} 次</source>
        <translation>Plan: {0}; task: {1}; attempts: {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="388"/>
        <source>这是更换检查人员的补抽记录，不是一次抽取；换上的人员已写入该户的检查组。</source>
        <translation>This is the record of a team member&apos;s replacement, not a draw; the new member is already on that business&apos;s team.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="390"/>
        <source>这是一次无效的补抽（没有可换上的人员），检查组没有改变。</source>
        <translation>This replacement draw was void (no one could take the place); the team did not change.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="394"/>
        <source>第{0}次抽取已中止（{1}），没有结果。</source>
        <translation>Attempt {0} was aborted ({1}); it has no result.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="462"/>
        <source>抽取进行中：揭示结果或中止本次抽取后，才能选择其他任务或记录</source>
        <translation>A draw is in progress: reveal its result or abort it before choosing another task or attempt</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="482"/>
        <source>{0} {1} · {2} · 第{3}次</source>
        <translation>{0} {1} · {2} · attempt {3}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="526"/>
        <source>公开数值（锁定前声明的来源：{0}）</source>
        <translation>Public value (source declared before the lock: {0})</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="528"/>
        <source>输入该来源公布的数值</source>
        <translation>Enter the value published by that source</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="530"/>
        <source>公开数值：锁定前未声明来源，本次不使用</source>
        <translation>Public value: no source declared before the lock, not used in this draw</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="581"/>
        <source>正在计算…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="614"/>
        <source>{0} · {1} · 第{2}次 · &lt;b&gt;{3}&lt;/b&gt;</source>
        <translation>{0} · {1} · attempt {2} · &lt;b&gt;{3}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="618"/>
        <source>&lt;br&gt;种子：&lt;tt&gt;{0}&lt;/tt&gt;&lt;br&gt;记录摘要：&lt;tt&gt;{1}&lt;/tt&gt;</source>
        <translation>&lt;br&gt;Seed: &lt;tt&gt;{0}&lt;/tt&gt;&lt;br&gt;Record digest: &lt;tt&gt;{1}&lt;/tt&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="621"/>
        <source>&lt;br&gt;签认：{0}</source>
        <translation>&lt;br&gt;Signed off by: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="685"/>
        <source>{0}：对象库 {1} · 排除 {2} · 可抽 {3} · 应抽 {4} · 已抽 {5}</source>
        <translation>{0}: pool {1} · excluded {2} · eligible {3} · quota {4} · drawn {5}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="692"/>
        <source>合计：对象库 {0} · 已抽 {1} 户</source>
        <translation>Total: pool {0} · drawn {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="701"/>
        <source>中止抽取</source>
        <translation>Abort draw</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="701"/>
        <source>中止理由（记入抽取记录）：</source>
        <translation>Reason for aborting (kept in the draw record):</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="723"/>
        <source>签认</source>
        <translation>Sign off</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="724"/>
        <source>操作人姓名：</source>
        <translation>Operator&apos;s name:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="765"/>
        <source>已保存：{0}</source>
        <translation>Saved: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="767"/>
        <source>
同一文件夹中的 verify.html 可在浏览器中核验这次抽取。</source>
        <translation>
The verify.html in the same folder checks this draw in a browser.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="778"/>
        <source>保存抽取记录</source>
        <translation>Save draw record</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="786"/>
        <source>抽取结果公告</source>
        <translation>Draw result notice</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="796"/>
        <source>抽查名单</source>
        <translation>Inspection list</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="815"/>
        <source>{0}（{1}，分层 {2}）</source>
        <translation>{0} ({1}, stratum {2})</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="819"/>
        <location filename="../../app/ui/features/draw/page.py" line="824"/>
        <source>备选递补</source>
        <translation>Replace with reserve</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="819"/>
        <source>无法检查的对象：</source>
        <translation>Target that cannot be inspected:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="824"/>
        <source>理由（如：已注销、无法联系）：</source>
        <translation>Reason (e.g. deregistered, unreachable):</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/page.py" line="852"/>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
</context>
<context>
    <name>DrawProjectorWindow</name>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="115"/>
        <source>公开随机抽取</source>
        <translation>Public random draw</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="146"/>
        <location filename="../../app/ui/widgets/projector.py" line="196"/>
        <source>分层</source>
        <translation>Stratum</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="147"/>
        <source>规则</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="148"/>
        <source>可抽户数</source>
        <translation>Eligible</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="149"/>
        <location filename="../../app/ui/widgets/projector.py" line="359"/>
        <source>必查</source>
        <translation>Mandatory</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="150"/>
        <source>抽取户数</source>
        <translation>To draw</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="156"/>
        <source>抽取清单摘要（锁定后公布，请拍照留存）</source>
        <translation>Manifest digest (announced after locking; take a photo)</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="197"/>
        <source>检查对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="198"/>
        <source>统一社会信用代码/注册号</source>
        <translation>USCC / registration no.</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="199"/>
        <source>检查人员</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="200"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="239"/>
        <source>{0} · {1} · 第{2}次 · </source>
        <translation>{0} · {1} · attempt {2} · </translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="242"/>
        <source>检查对象 {0} 户 · 检查人员 {1} 名</source>
        <translation>{0} targets · {1} inspectors</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="255"/>
        <source>组队规则：</source>
        <translation>Team rules:</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="257"/>
        <source>公开数值来源（锁定前声明）：</source>
        <translation>Public value source (declared before the lock):</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="283"/>
        <source>正在计算…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="284"/>
        <source>局方密钥已揭示，正在按公开规则计算抽取结果</source>
        <translation>The office secret is revealed; computing the draw by the published rules</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="310"/>
        <source>随机种子 </source>
        <translation>Random seed </translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="325"/>
        <source>分层 {0} · 第 {1} / {2} 户</source>
        <translation>Stratum {0} · {1} of {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="352"/>
        <source>共抽取 {0} 户</source>
        <translation>{0} drawn in total</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="359"/>
        <source>随机</source>
        <translation>Random</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/projector.py" line="365"/>
        <source>记录摘要 </source>
        <translation>Record digest </translation>
    </message>
</context>
<context>
    <name>EvidenceDialog</name>
    <message>
        <location filename="../../app/ui/features/results/evidence.py" line="53"/>
        <source>检查表与照片</source>
        <translation>Form and photos</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/evidence.py" line="56"/>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/evidence.py" line="70"/>
        <source>检查表</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/evidence.py" line="77"/>
        <source>打印的检查表</source>
        <translation>Printed form</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/evidence.py" line="84"/>
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/evidence.py" line="87"/>
        <source>打印预览…</source>
        <translation>Print preview…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/evidence.py" line="90"/>
        <location filename="../../app/ui/features/results/evidence.py" line="252"/>
        <source>审核通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/evidence.py" line="94"/>
        <source>退回…</source>
        <translation>Return…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/evidence.py" line="97"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/evidence.py" line="132"/>
        <source>任务：{0}&#x3000;部门：{1}&#x3000;状态：&lt;b&gt;{2}&lt;/b&gt;&#x3000;检查结果：{3}&#x3000;公示期限：{4}</source>
        <translation>Task: {0}&#x3000;Department: {1}&#x3000;Status: &lt;b&gt;{2}&lt;/b&gt;&#x3000;Result: {3}&#x3000;Publish by: {4}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/evidence.py" line="142"/>
        <source>结果与已签名检查表不一致：{0}</source>
        <translation>The result differs from the signed form: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/evidence.py" line="175"/>
        <source>此检查表没有照片。</source>
        <translation>This form has no photos.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/evidence.py" line="180"/>
        <source>照片（{0}）</source>
        <translation>Photos ({0})</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/evidence.py" line="254"/>
        <source>这项检查结果没有已签名的检查表可以核对。
仍要审核通过吗？通过后结果将进入公示。</source>
        <translation>This result has no signed checklist to check it against.
Approve it anyway? Once approved it goes to publication.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/evidence.py" line="256"/>
        <source>仍然通过</source>
        <translation>Approve anyway</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/evidence.py" line="265"/>
        <location filename="../../app/ui/features/results/evidence.py" line="270"/>
        <source>退回检查结果</source>
        <translation>Return the result</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/evidence.py" line="265"/>
        <source>退回的原因（检查人员将看到）：</source>
        <translation>Reason for returning (the inspector will see it):</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/evidence.py" line="270"/>
        <source>请填写退回原因。</source>
        <translation>Please give the reason for returning.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="73"/>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="78"/>
        <source>检查人员</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="74"/>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="76"/>
        <source>抽查任务</source>
        <translation>Inspection task</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="79"/>
        <source>加密给</source>
        <translation>Encrypt for</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="86"/>
        <source>选择公示工作簿</source>
        <translation>Choose the publication workbook</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="87"/>
        <source>公示文件 (*.xlsx *.pdf);;所有文件 (*)</source>
        <translation>Publication files (*.xlsx *.pdf);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="91"/>
        <source>附带公示工作簿</source>
        <translation>Attach publication workbook</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="92"/>
        <source>同时加入在线同步发送队列</source>
        <translation>Also queue for online sync</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="96"/>
        <source>保存数据包</source>
        <translation>Save bundle</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="96"/>
        <source>数据包 (*.zip)</source>
        <translation>Bundles (*.zip)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="100"/>
        <source>保存到</source>
        <translation>Save to</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="110"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="123"/>
        <source>当前账号没有数据交换权限。</source>
        <translation>This account has no data exchange permission.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="131"/>
        <source>导出任务分配（给检查人员笔记本）</source>
        <translation>Export assignments (for inspectors&apos; laptops)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="132"/>
        <source>导出检查结果（交回局里）</source>
        <translation>Export results (back to the bureau)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="133"/>
        <source>导出公示数据（给县级平台）</source>
        <translation>Export publication data (for the county platform)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="139"/>
        <source>导出一名检查人员（或一个任务）的待检查对象、检查组、所需检查表模板，拷到检查人员的笔记本上导入。只包含这些，不含其他企业和人员的数据。</source>
        <translation>Exports one inspector&apos;s (or one task&apos;s) targets to inspect, teams and checklist templates, to import on the inspector&apos;s laptop. Nothing else: no data of other businesses or people.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="143"/>
        <source>导出本机填写的检查表（草稿和已完成的）、签名和照片及其审计记录，交回局里导入。</source>
        <translation>Exports the checklists filled in on this computer (drafts and completed), signatures, photos and their audit records, to import at the bureau.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="146"/>
        <source>导出已审核通过或已公示的检查结果，交县级平台公示；可附带公示时生成的工作簿。</source>
        <translation>Exports approved or published results for publication on the county platform; the publication workbook can be attached.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="168"/>
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="168"/>
        <source>（全部）</source>
        <translation>(all)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="172"/>
        <source>{0}（{1}）· {2} 户，其中待检查 {3} 户</source>
        <translation>{0} ({1}) · {2} targets, {3} to inspect</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="178"/>
        <source>（全部任务）</source>
        <translation>(all tasks)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="181"/>
        <source>{0} {1} · {2} 户</source>
        <translation>{0} {1} · {2} targets</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="184"/>
        <source>（不加密）</source>
        <translation>(not encrypted)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="187"/>
        <source>{0} · {1} · {2}</source>
        <translation>{0} · {1} · {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="207"/>
        <source>数据包内容将加密，只有该密钥的电脑能读取；清单仍可公开校验。</source>
        <translation>The bundle is encrypted: only the computer holding that key can read it. The manifest can still be verified by anyone.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="212"/>
        <source>尚未信任任何可接收加密的公钥（数据交换 → 密钥管理）。数据包将不加密。</source>
        <translation>No trusted public key can receive encrypted bundles yet (Data exchange → Keys). The bundle will not be encrypted.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="217"/>
        <source>未加密：U 盘丢失时，他人可读取其中企业和个人的信息。</source>
        <translation>Not encrypted: if the USB drive is lost, others can read the business and personal data in it.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="226"/>
        <source>请填写数据包保存位置。</source>
        <translation>Enter where to save the bundle.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="234"/>
        <source>请选择检查人员或抽查任务。</source>
        <translation>Choose an inspector or an inspection task.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="240"/>
        <source>文件 {0} 已存在，要替换它吗？</source>
        <translation>The file {0} already exists. Replace it?</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="241"/>
        <source>替换</source>
        <translation>Replace</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="262"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="293"/>
        <source>&lt;b&gt;已导出并校验&lt;/b&gt;：{0}</source>
        <translation>&lt;b&gt;Exported and verified&lt;/b&gt;: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="294"/>
        <source>第 {0} 号数据包，{1:,} 字节；{2}</source>
        <translation>Bundle no. {0}, {1:,} bytes; {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="297"/>
        <source>已加密给 {0}</source>
        <translation>Encrypted for {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="299"/>
        <source>未加密</source>
        <translation>Not encrypted</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="311"/>
        <source>已取消。</source>
        <translation>Cancelled.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/export_dialog.py" line="312"/>
        <source>未导出，没有写出数据包，记录也未标记为已导出。</source>
        <translation>Nothing exported: no bundle was written and no record was marked as exported.</translation>
    </message>
</context>
<context>
    <name>FilterBox</name>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="142"/>
        <source>{0}：全部</source>
        <translation>{0}: all</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <location filename="../../app/ui/login.py" line="113"/>
        <source>创建管理员账户</source>
        <translation>Create administrator account</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="117"/>
        <source>这是第一次使用此数据库。请创建管理员账户：管理员可以添加其他用户、备份与恢复、查看审计日志。请牢记密码，忘记后只能由其他管理员重置。</source>
        <translation>This database is used for the first time. Create an administrator account: administrators add other users, back up and restore, and view the audit log. Remember the password: if forgotten, only another administrator can reset it.</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="134"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="135"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="136"/>
        <source>密码（至少8位）</source>
        <translation>Password (at least 8 characters)</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="137"/>
        <source>再次输入密码</source>
        <translation>Repeat password</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="147"/>
        <source>创建并登录</source>
        <translation>Create and log in</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="148"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="156"/>
        <source>两次输入的密码不一致。</source>
        <translation>The passwords do not match.</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../app/ui/first_run.py" line="30"/>
        <source>首次使用</source>
        <translation>First start</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="33"/>
        <source>尚未找到数据库：
{0}

请选择：</source>
        <translation>No database found at:
{0}

Please choose:</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="34"/>
        <source>创建示例县（五原县），先熟悉一遍</source>
        <translation>Create the sample county (Wuyuan) to get to know the app first</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="35"/>
        <source>创建空数据库，从导入名录库开始</source>
        <translation>Create an empty database and start by importing the registries</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="39"/>
        <source>示例县包含：</source>
        <translation>The sample county holds:</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_run.py" line="53"/>
        <source>创建</source>
        <translation>Create</translation>
    </message>
</context>
<context>
    <name>FollowUpDialog</name>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="114"/>
        <source>登记后续处置</source>
        <translation>Record follow-up</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="117"/>
        <source>移送其他部门</source>
        <translation>Transfer to another department</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="118"/>
        <source>移送司法机关</source>
        <translation>Transfer to judicial authorities</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="119"/>
        <source>责令改正</source>
        <translation>Order to rectify</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="120"/>
        <source>抄告相关部门</source>
        <translation>Notify related departments</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="121"/>
        <source>立案查处（行政处罚）</source>
        <translation>File a penalty case</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="122"/>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="126"/>
        <source>处罚决定（已立案的案件）</source>
        <translation>Decision on a filed case</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="128"/>
        <source>结案</source>
        <translation>Close the case</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="135"/>
        <source>接收部门或机关</source>
        <translation>Receiving department or authority</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="140"/>
        <source>如 五市监立〔2026〕12号</source>
        <translation>e.g. the office’s case number, WYSJL [2026] No. 12</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="148"/>
        <source>检查对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="149"/>
        <source>处置方式</source>
        <translation>Measure</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="150"/>
        <source>接收单位</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="151"/>
        <source>改正期限</source>
        <translation>Rectify by</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="152"/>
        <source>案号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="154"/>
        <source>案件</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="155"/>
        <source>日期（立案、决定、结案）</source>
        <translation>Date (filed, decided or closed)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/dialogs.py" line="156"/>
        <source>说明或处罚决定</source>
        <translation>Note, or the decision</translation>
    </message>
</context>
<context>
    <name>FollowUpPanel</name>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="260"/>
        <source>只看未完结</source>
        <translation>Open only</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="263"/>
        <source>完结…</source>
        <translation>Close…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="285"/>
        <source>（逾期）</source>
        <translation>(overdue)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="305"/>
        <source>完结后续处置</source>
        <translation>Close follow-up</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="305"/>
        <source>完结情况：</source>
        <translation>Outcome:</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../app/ui/features/registry/dialogs.py" line="247"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/dialogs.py" line="248"/>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/dialogs.py" line="249"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/dialogs.py" line="250"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/dialogs.py" line="251"/>
        <source>原值</source>
        <translation>Old value</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/dialogs.py" line="252"/>
        <source>新值</source>
        <translation>New value</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/dialogs.py" line="253"/>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/dialogs.py" line="262"/>
        <source>尚无变更记录（导入新增的行从导入时起记录修改）。</source>
        <translation>No changes recorded yet (rows added by an import are tracked from the import on).</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="325"/>
        <source>输入企业名称或统一社会信用代码</source>
        <translation>Business name or USCC</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="327"/>
        <source>多头/重复检查名单</source>
        <translation>Multiple / repeated inspections</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="380"/>
        <source>多头检查</source>
        <translation>Multiple inspections</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="381"/>
        <source>重复检查</source>
        <translation>Repeated inspections</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="385"/>
        <source>（{0}次：{1}）</source>
        <translation>({0}×: {1})</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="411"/>
        <source>{0}（{1}）最近检查：{2}</source>
        <translation>{0} ({1}) last inspected: {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="413"/>
        <source>；未发现多头或重复检查</source>
        <translation>; no multiple or repeated inspections</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="65"/>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="302"/>
        <source>导入数据包</source>
        <translation>Import bundle</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="70"/>
        <source>先校验：签名须来自受信任的密钥，每个文件的哈希须一致。校验通过后确认导入；导入在一个事务中完成，同一数据包导入两次不会改变任何数据。</source>
        <translation>Verify first: the signature must come from a trusted key and every file hash must match. Then confirm the import. The import is one transaction; importing the same bundle twice changes nothing.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="78"/>
        <source>选择数据包</source>
        <translation>Choose bundle</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="78"/>
        <source>数据包 (*.zip)</source>
        <translation>Bundles (*.zip)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="83"/>
        <source>数据包文件</source>
        <translation>Bundle file</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="86"/>
        <source>选择数据包后点击“校验”。</source>
        <translation>Choose a bundle, then click &quot;Verify&quot;.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="99"/>
        <source>校验</source>
        <translation>Verify</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="102"/>
        <source>确认导入</source>
        <translation>Confirm import</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="108"/>
        <source>核对指纹并信任…</source>
        <translation>Check the fingerprint and trust…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="114"/>
        <source>只导入允许的部分…</source>
        <translation>Import only the permitted part…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="127"/>
        <source>当前账号没有数据交换权限。</source>
        <translation>This account has no data exchange permission.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="135"/>
        <source>文件已更改，请重新校验。</source>
        <translation>The file changed; verify again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="140"/>
        <source>请选择要导入的数据包文件。</source>
        <translation>Choose the bundle file to import.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="147"/>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="152"/>
        <source>正在校验…</source>
        <translation>Verifying…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="151"/>
        <source>校验数据包</source>
        <translation>Verify bundle</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="176"/>
        <source>✔ 校验通过</source>
        <translation>✔ Verified</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="178"/>
        <source>签名有效，签发密钥受信任，所有文件哈希一致。</source>
        <translation>Valid signature, trusted signing key, all file hashes match.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="180"/>
        <source>类型：{0}</source>
        <translation>Type: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="181"/>
        <source>来源：{0}（{1}）· 第 {2} 号 · 生成于 {3}</source>
        <translation>From: {0} ({1}) · no. {2} · created {3}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="187"/>
        <source>内容：{0}</source>
        <translation>Contents: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="191"/>
        <source>已加密给 {0}；{1}</source>
        <translation>Encrypted for {0}; {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="193"/>
        <source>本机可以解密。</source>
        <translation>This computer can decrypt it.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="196"/>
        <source>本机没有对应私钥，无法导入。</source>
        <translation>This computer lacks the matching private key; cannot import.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="203"/>
        <source>此数据包已导入过（或由本机生成），再次导入不会有任何更改。</source>
        <translation>This bundle was already imported (or made here); importing it again changes nothing.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="208"/>
        <source>确认无误后点击“确认导入”。</source>
        <translation>When everything is correct, click &quot;Confirm import&quot;.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="221"/>
        <source>✘ 校验未通过，不能导入</source>
        <translation>✘ Verification failed; cannot import</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="232"/>
        <source>这是“{0}”的任务分派，由本机尚未信任的机构密钥签发。其指纹为：&lt;br&gt;&lt;b style=&apos;font-size:15px&apos;&gt;{1}&lt;/b&gt;&lt;br&gt;请与局里提供的本局公钥指纹逐组核对；一致后点击“核对指纹并信任…”，再导入。</source>
        <translation>This is an assignment from “{0}”, signed by an office key this computer does not trust yet. Its fingerprint is:&lt;br&gt;&lt;b style=&apos;font-size:15px&apos;&gt;{1}&lt;/b&gt;&lt;br&gt;Compare it group by group with the office&apos;s public key fingerprint you were given; if they match, click “Check the fingerprint and trust…”, then import.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="240"/>
        <source>校验时发生意外错误。</source>
        <translation>An unexpected error occurred during verification.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="246"/>
        <source>只导入允许的部分</source>
        <translation>Import only the permitted part</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="248"/>
        <source>导入发送方有权写入的记录，拒收的记录不写入，随本次导入留存并记入审计记录，供复核。确定？</source>
        <translation>Import the records the sender may write; the refused records are not written, but kept with this import and recorded in the audit trail for review. Go ahead?</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="251"/>
        <source>导入允许的部分</source>
        <translation>Import the permitted part</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="261"/>
        <source>信任机构密钥</source>
        <translation>Trust the office key</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="263"/>
        <source>信任“{0}”的密钥？

指纹：{1}

只有与局里提供的指纹完全一致时才信任。信任后本机接受该机构签发的任务分派。</source>
        <translation>Trust the key of “{0}”?

Fingerprint: {1}

Trust it only if it matches the fingerprint the office gave you exactly. Once trusted, this computer accepts assignments signed by that office.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="266"/>
        <source>指纹一致，信任</source>
        <translation>The fingerprint matches: trust</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="303"/>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="502"/>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="324"/>
        <source>已导入：</source>
        <translation>Imported:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="350"/>
        <source>整包拒收，未导入任何数据：发送方无权写入以下 {0} 条记录。</source>
        <translation>The whole bundle was refused and nothing imported: the sender may not write the following {0} records.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="356"/>
        <source>另有 {0} 条未列出。</source>
        <translation>{0} more not listed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="364"/>
        <source>未导入，数据库没有任何更改。</source>
        <translation>Not imported; the database is unchanged.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="137"/>
        <source>导入{0}</source>
        <translation>Import {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="145"/>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="147"/>
        <source>列对应…</source>
        <translation>Map columns…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="152"/>
        <source>文件：</source>
        <translation>File:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="171"/>
        <source>值</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="172"/>
        <source>级别</source>
        <translation>Severity</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="173"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="169"/>
        <source>单元格</source>
        <translation>Cell</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="158"/>
        <source>请选择要导入的 Excel 文件（没有现成的文件时，可在名录库点“下载模板…”）。</source>
        <translation>Choose the Excel file to import (without one, use “Download template…” on the registry tab).</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="170"/>
        <source>列（文件表头）</source>
        <translation>Column (file header)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="183"/>
        <source>问题清单</source>
        <translation>Issues</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="184"/>
        <source>数据预览（规范化后）</source>
        <translation>Data preview (normalised)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="187"/>
        <source>导入所有有效行，跳过有问题的行</source>
        <translation>Import all valid rows, skip rows with problems</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="188"/>
        <source>全部通过才导入（有任何问题则不写入）</source>
        <translation>Import only if all rows pass (write nothing otherwise)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="190"/>
        <source>接受警告（如校验位不符）：仅有警告的行也导入</source>
        <translation>Accept warnings (e.g. check digit mismatch): import rows with warnings only</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="193"/>
        <source>保存问题报告…</source>
        <translation>Save issue report…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="196"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="200"/>
        <source>取消校验</source>
        <translation>Cancel validation</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="207"/>
        <source>登记表中的下属执法单位（…所、分局、科、大队），归入部门：</source>
        <translation>Subordinate enforcement units in the sheet (stations, branches, sections, brigades…) go to department:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="209"/>
        <source>抽查主体写成文字（如“市、县级市场监督管理部门”）时，对应部门：</source>
        <translation>When the checking authority is written as text (e.g. “city or county market regulation department”), it stands for department:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="231"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="257"/>
        <source>选择 Excel 文件</source>
        <translation>Choose Excel file</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="259"/>
        <source>表格文件 (*.xlsx *.xlsm *.xls *.ods *.xml *.csv *.txt);;所有文件 (*)</source>
        <translation>Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.xml *.csv *.txt);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="299"/>
        <source>正在读取并校验…</source>
        <translation>Reading and validating…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="354"/>
        <source>工作表“{0}”，表头在第{1}行；数据 {2} 行：无问题 {3}，仅有警告 {4}，有错误 {5}。将新增 {6}，更新 {7}（按代码识别）。</source>
        <translation>Sheet &quot;{0}&quot;, header in row {1}; {2} data rows: {3} clean, {4} with warnings only, {5} with errors. {6} will be added, {7} updated (matched by code).</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="367"/>
        <source>自动对应的列：</source>
        <translation>Columns mapped automatically:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="371"/>
        <source>建议对应（未采用，请在“列对应…”中确认）：</source>
        <translation>Suggested mappings (not applied; confirm them in “Column mapping…”):</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="381"/>
        <source>已跳过（不作为数据）：</source>
        <translation>Skipped (not data):</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="385"/>
        <source>；空行 {0} 行</source>
        <translation>; {0} empty rows</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="391"/>
        <source>导入时将登记的执法单位：</source>
        <translation>Units to be registered on import:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="395"/>
        <source>合并单元格已按所见填充：</source>
        <translation>Merged cells filled as they appear:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="402"/>
        <source>缺少必填列：{0}，请点“列对应…”指定。</source>
        <translation>Required columns missing: {0}. Use &quot;Map columns…&quot; to assign them.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="418"/>
        <source>第{0}行</source>
        <translation>Row {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="421"/>
        <source>错误</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="421"/>
        <source>警告</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="435"/>
        <source>问题清单（{0}）</source>
        <translation>Issues ({0})</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="439"/>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="458"/>
        <source>导入 {0} 行</source>
        <translation>Import {0} rows</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="483"/>
        <source>-校验报告</source>
        <translation>-validation report</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="486"/>
        <source>保存问题报告</source>
        <translation>Save issue report</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="492"/>
        <source>报告已保存：</source>
        <translation>Report saved:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="538"/>
        <source>已导入：新增 {0}，更新 {1}，未变 {2}，跳过 {3}。</source>
        <translation>Imported: {0} added, {1} updated, {2} unchanged, {3} skipped.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="542"/>
        <source>未写入任何数据：{0}</source>
        <translation>Nothing was written: {0}</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="380"/>
        <source>导入报告</source>
        <translation>Import report</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="385"/>
        <source>&lt;b&gt;{0}&lt;/b&gt; · 来源 {1} · 第 {2} 号</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; · from {1} · no. {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="402"/>
        <source>记录类型</source>
        <translation>Record type</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="403"/>
        <source>新增</source>
        <translation>Added</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="404"/>
        <source>更新</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="405"/>
        <source>未变</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="406"/>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="407"/>
        <source>删除</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="424"/>
        <source>处理冲突…</source>
        <translation>Resolve conflicts…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="437"/>
        <source>此数据包已导入过（或由本机生成），没有任何更改。</source>
        <translation>This bundle was already imported (or made here); nothing changed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="440"/>
        <source>新增 {0}，更新 {1}，未变 {2}，冲突 {3}，删除 {4}</source>
        <translation>{0} added, {1} updated, {2} unchanged, {3} conflicts, {4} deleted</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="467"/>
        <source>有 {0} 条记录两边都改过：两个版本都已保留，请主管在“冲突处理”中决定采用哪一个。</source>
        <translation>{0} records were changed on both sides. Both versions were kept; a supervisor decides which to keep under &quot;Conflicts&quot;.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/import_dialog.py" line="474"/>
        <source>缺少该来源第 {0} 号数据包：请向对方索取后补导入。</source>
        <translation>Bundle no. {0} from this source is missing: ask the sender for it and import it.</translation>
    </message>
</context>
<context>
    <name>JobProgressDialog</name>
    <message>
        <location filename="../../app/ui/features/exchange/widgets.py" line="115"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/widgets.py" line="149"/>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>KeysDialog</name>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="39"/>
        <source>公钥文件 (*.pub *.json);;所有文件 (*)</source>
        <translation>Public keys (*.pub *.json);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="57"/>
        <source>密钥管理</source>
        <translation>Keys</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="61"/>
        <source>本机密钥（签名本机导出的数据包；对方用它校验并加密给本机）</source>
        <translation>This computer&apos;s key (signs bundles exported here; others use it to verify and to encrypt for this computer)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="65"/>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="95"/>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="137"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="71"/>
        <source>复制</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="76"/>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="97"/>
        <source>密钥编号</source>
        <translation>Key ID</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="79"/>
        <source>导出本机公钥</source>
        <translation>Export this public key</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="82"/>
        <source>导出公钥</source>
        <translation>Export public key</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="88"/>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="125"/>
        <source>公钥文件</source>
        <translation>Public key file</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="91"/>
        <source>受信任的公钥（只接受这些密钥签发的数据包）</source>
        <translation>Trusted public keys (only bundles signed by these are accepted)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="96"/>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="131"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="98"/>
        <source>可加密</source>
        <translation>Can encrypt</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="99"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="100"/>
        <source>添加时间</source>
        <translation>Added</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="101"/>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="145"/>
        <source>终端持有人</source>
        <translation>Device holders</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="111"/>
        <source>吊销所选公钥</source>
        <translation>Revoke selected key</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="118"/>
        <source>信任新的公钥</source>
        <translation>Trust a new public key</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="121"/>
        <source>选择对方的公钥文件</source>
        <translation>Choose the other side&apos;s public key file</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="135"/>
        <source>可选，如“朱玉的笔记本”；不填用公钥文件里的名称</source>
        <translation>Optional, e.g. &quot;Zhu Yu&apos;s laptop&quot;; defaults to the name in the key file</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="142"/>
        <source>检查终端必填：持有人的执法证号，多人用逗号分隔；该终端只能交回这些人员的检查表</source>
        <translation>Required for an inspection device: the holders&apos; certificate numbers, separated by commas; the device may return only these people&apos;s forms</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="149"/>
        <source>信任…</source>
        <translation>Trust…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="162"/>
        <source>只有管理员可以信任或吊销公钥；当前账号只能查看和导出本机公钥。</source>
        <translation>Only an administrator can trust or revoke keys; this account can only view and export this computer&apos;s public key.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="195"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="195"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="196"/>
        <source>已吊销</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="196"/>
        <source>有效</source>
        <translation>Valid</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="223"/>
        <source>密钥编号已复制到剪贴板。</source>
        <translation>Key ID copied to the clipboard.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="228"/>
        <source>请填写公钥文件的保存位置（文件名）。</source>
        <translation>Enter where to save the public key file (file name).</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="241"/>
        <source>已导出本机公钥到 {0}。把它交给对方的管理员，请对方核对密钥编号 {1}。</source>
        <translation>This computer&apos;s public key was exported to {0}. Give it to the other side&apos;s administrator and ask them to check key ID {1}.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="263"/>
        <source>请选择对方导出的公钥文件。</source>
        <translation>Choose the public key file exported by the other side.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="276"/>
        <source>信任此公钥为“{0}”？

名称：{1}
密钥编号：{2}

请与对方电脑“密钥管理”中显示的密钥编号逐位核对（电话或当面），一致后再信任。</source>
        <translation>Trust this public key as &quot;{0}&quot;?

Name: {1}
Key ID: {2}

Compare the key ID digit by digit with the one shown under &quot;Keys&quot; on the other computer (by phone or in person) and trust it only if they match.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="284"/>
        <source>终端持有人（执法证号）：{0}</source>
        <translation>Device holders (certificate numbers): {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="286"/>
        <source>未填写终端持有人：该终端交回的检查结果将被拒收。</source>
        <translation>No device holder given: results this device returns will be refused.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="290"/>
        <source>信任公钥</source>
        <translation>Trust public key</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="292"/>
        <source>编号一致，信任</source>
        <translation>IDs match — trust</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="311"/>
        <source>已信任 {0}（{1}）。</source>
        <translation>Trusted {0} ({1}).</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="325"/>
        <source>吊销公钥</source>
        <translation>Revoke public key</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="327"/>
        <source>吊销 {0}（{1}）？
吊销后不再接受它签发的数据包，也不能再加密给它。</source>
        <translation>Revoke {0} ({1})?
Bundles it signs will no longer be accepted, and nothing can be encrypted for it.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/keys_dialog.py" line="329"/>
        <source>吊销</source>
        <translation>Revoke</translation>
    </message>
</context>
<context>
    <name>LineEditor</name>
    <message>
        <location filename="../../app/ui/features/checklist/answers.py" line="135"/>
        <source>不涉及</source>
        <translation>N/A</translation>
    </message>
</context>
<context>
    <name>ListCompleter</name>
    <message>
        <location filename="../../app/ui/widgets/list_completer.py" line="32"/>
        <source>输入代码或名称的任意部分，从列表中选择；多项用“、”分隔</source>
        <translation>Type any part of a code or name and choose from the list; separate several with “、”</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../app/ui/login.py" line="51"/>
        <source>已锁定 — 请重新输入密码</source>
        <translation>Locked — enter your password again</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="51"/>
        <location filename="../../app/ui/login.py" line="81"/>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="54"/>
        <source>因长时间未操作，程序已锁定。请输入 {0} 的密码继续。</source>
        <translation>Locked after a period of inactivity. Enter the password of {0} to continue.</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="58"/>
        <source>请登录。数据库：{0}</source>
        <translation>Please log in. Database: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="69"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="70"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="81"/>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="84"/>
        <source>退出程序</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="84"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="67"/>
        <source>正在打开…</source>
        <translation>Opening…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="140"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="143"/>
        <source>退出(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="148"/>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="150"/>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="157"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="159"/>
        <source>关于(&amp;A)</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="208"/>
        <source>检查对象 {0} · 检查人员 {1} · 事项 {2} · 任务 {3} · 待检查 {4}</source>
        <translation>Targets {0} · Inspectors {1} · Items {2} · Tasks {3} · To inspect {4}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="215"/>
        <source>正在处理…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="230"/>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="232"/>
        <source>&lt;h3&gt;{0}&lt;/h3&gt;&lt;p&gt;版本 {1}&lt;/p&gt;&lt;p&gt;市场监管领域部门联合“双随机、一公开”监管：名录库、抽查计划、公开随机抽取、现场检查表与结果公示。&lt;/p&gt;&lt;p&gt;数据库：{2}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;{0}&lt;/h3&gt;&lt;p&gt;Version {1}&lt;/p&gt;&lt;p&gt;Joint &quot;double random, one public&quot; market supervision across departments: registries, inspection plans, public random draws, on-site checklists, and results &amp;amp; publication.&lt;/p&gt;&lt;p&gt;Database: {2}&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MappingDialog</name>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="61"/>
        <source>列对应 — {0}</source>
        <translation>Column mapping — {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="66"/>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="66"/>
        <source>文件中的表头</source>
        <translation>Header in file</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="66"/>
        <source>对应字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="66"/>
        <source>依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="74"/>
        <source>（不导入）</source>
        <translation>(do not import)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="81"/>
        <source>表头或别名相同</source>
        <translation>Same header or alias</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="83"/>
        <source>建议：表头部分相同，请确认</source>
        <translation>Suggested: the header partly matches, please confirm</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="97"/>
        <source>自动对应依据表头和常见别名（含省级平台、登记系统的列名）；表头只部分相同的列列为“建议”，按“确定”后才采用。带 * 的字段必须有对应的列。</source>
        <translation>Columns are matched by header and common aliases (including the names used by provincial platforms and registration systems); a column whose header only partly matches is listed as “suggested” and applied only after OK. Fields marked * need a column.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="105"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/import_dialog.py" line="106"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <location filename="../../app/ui/widgets/message_bar.py" line="25"/>
        <source>知道了</source>
        <translation>Got it</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/message_bar.py" line="27"/>
        <source>关闭这条消息</source>
        <translation>Close this message</translation>
    </message>
</context>
<context>
    <name>NewUserDialog</name>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="46"/>
        <source>添加用户</source>
        <translation>Add user</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="54"/>
        <source>输入姓名或执法证号查找</source>
        <translation>Type a name or certificate number to search</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="58"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="60"/>
        <source>名录库中的检查人员</source>
        <translation>Inspector in the registry</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="61"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="113"/>
        <source>检查人员账户须从名录库中选择对应的检查人员。</source>
        <translation>An inspector account needs its inspector chosen from the registry.</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="59"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="62"/>
        <source>初始密码（至少8位）</source>
        <translation>Initial password (at least 8 characters)</translation>
    </message>
</context>
<context>
    <name>OfficeDialog</name>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="40"/>
        <source>机构与部门</source>
        <translation>Office and departments</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="45"/>
        <source>本机构的名称和文号简称（用于抽查任务编号，如“五原市监抽查〔2026〕1号”）。</source>
        <translation>The office&apos;s name and the short name its task numbers begin with.</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="51"/>
        <source>如：五原县市场监督管理局</source>
        <translation>e.g. Wuyuan County Administration for Market Regulation</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="54"/>
        <source>如：五原市监</source>
        <translation>e.g. the short name on its documents</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="61"/>
        <source>所有界面、打印件和导出中的时间都按此时区显示；数据库中保存为 UTC。</source>
        <translation>Every screen, printout and export shows times in this time zone; the database stores UTC.</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="63"/>
        <source>机构名称</source>
        <translation>Office name</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="64"/>
        <source>文号简称</source>
        <translation>Short name</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="65"/>
        <source>时区</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="67"/>
        <source>保存机构信息</source>
        <translation>Save office</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="72"/>
        <source>参与的部门（每个部门的简称用于该部门的任务编号）</source>
        <translation>Departments taking part (each department&apos;s short name numbers its tasks)</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="77"/>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="78"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="79"/>
        <source>简称</source>
        <translation>Short name</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="80"/>
        <source>审核层级</source>
        <translation>Review levels</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="81"/>
        <source>联络员</source>
        <translation>Liaison officers</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="92"/>
        <source>代码，如：应急管理</source>
        <translation>Code, e.g. emergency management</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="95"/>
        <source>名称，如：五原县应急管理局</source>
        <translation>Name, e.g. Wuyuan County Emergency Management Bureau</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="98"/>
        <source>简称，如：五原应急</source>
        <translation>Short name on its documents</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="99"/>
        <source>添加/修改部门</source>
        <translation>Add/update department</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="102"/>
        <source>删除部门…</source>
        <translation>Remove department…</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="105"/>
        <source>删除所选部门（只能删除尚未使用的部门，如误添加的）</source>
        <translation>Remove the selected department (only one not yet in use, e.g. added by mistake)</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="123"/>
        <source>审核层级，如：组长审核→分管领导审批</source>
        <translation>Review levels, e.g. team leader review → deputy head approval</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="126"/>
        <source>联络员姓名</source>
        <translation>Liaison officer&apos;s name</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="129"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="132"/>
        <source>职务</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="133"/>
        <source>保存审核层级与联络员</source>
        <translation>Save review levels and liaison officers</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="250"/>
        <source>删除部门</source>
        <translation>Remove department</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="251"/>
        <source>删除部门“{0}”？只能删除尚未使用的部门，删除记入审计日志。</source>
        <translation>Remove the department “{0}”? Only a department not yet in use can be removed; the removal is recorded in the audit log.</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/office_dialog.py" line="252"/>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <location filename="../../app/ui/features/exchange/widgets.py" line="88"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
</context>
<context>
    <name>PhotoEditor</name>
    <message>
        <location filename="../../app/ui/features/checklist/answers.py" line="186"/>
        <source>添加照片…</source>
        <translation>Add photo…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/answers.py" line="189"/>
        <source>不涉及</source>
        <translation>N/A</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/answers.py" line="209"/>
        <source>{0} 张</source>
        <translation>{0} photos</translation>
    </message>
</context>
<context>
    <name>PlanPage</name>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="45"/>
        <source>向社会公开本计划及其任务；公示后不能撤销，修改任务要填写调整理由（先询问）</source>
        <translation>Make this plan and its tasks public; this cannot be undone, and later task changes need a reason (asks first)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="48"/>
        <source>计划进入执行：可以锁定抽取、开展检查</source>
        <translation>Start carrying out the plan: draws can be locked and inspections done</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="49"/>
        <source>结束本计划：不能再增加或修改任务（先询问）</source>
        <translation>Close this plan: no task can be added or changed any more (asks first)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="50"/>
        <source>撤回已公示的计划，须说明理由（记入审计日志）</source>
        <translation>Withdraw the published plan, with a reason (recorded in the audit trail)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="54"/>
        <source>公示计划</source>
        <translation>Publish plan</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="55"/>
        <source>开始执行</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="56"/>
        <source>完成</source>
        <translation>Complete</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="57"/>
        <source>撤回公示…</source>
        <translation>Withdraw publication…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="70"/>
        <source>年度抽查工作计划与抽查任务</source>
        <translation>Annual inspection plans and tasks</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="85"/>
        <source>新建年度计划…</source>
        <translation>New annual plan…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="86"/>
        <source>新建联合计划…</source>
        <translation>New joint plan…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="87"/>
        <source>导出 xlsx…</source>
        <translation>Export xlsx…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="88"/>
        <source>导出公告 PDF…</source>
        <translation>Export notice PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="89"/>
        <source>联合检查…</source>
        <translation>Joint inspections…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="104"/>
        <source>公示调整</source>
        <translation>Publish adjustments</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="107"/>
        <source>公示本计划尚未公示的调整（结束其10个工作日期限）</source>
        <translation>Publish this plan&apos;s adjustments not yet published (ends their 10-working-day deadline)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="127"/>
        <source>新建任务…</source>
        <translation>New task…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="128"/>
        <source>编辑/调整任务…</source>
        <translation>Edit / revise task…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="129"/>
        <location filename="../../app/ui/features/plan/page.py" line="454"/>
        <location filename="../../app/ui/features/plan/page.py" line="456"/>
        <source>删除任务</source>
        <translation>Delete task</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="130"/>
        <source>委托第三方…</source>
        <translation>Commission a third party…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="136"/>
        <source>计划调整记录</source>
        <translation>Plan revisions</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="142"/>
        <source>抽查计划</source>
        <translation>Inspection plans</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="145"/>
        <source>联合检查合并(&amp;J)…</source>
        <translation>Merge into &amp;joint inspections…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="203"/>
        <source>&lt;b&gt;{0}&lt;/b&gt;（{1}，{2}，调整 {3} 次）</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; ({1}, {2}, revised {3} times)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="206"/>
        <source>&lt;br&gt;并入：{0}</source>
        <translation>&lt;br&gt;Includes: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="234"/>
        <source>待公示</source>
        <translation>Not yet published</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="268"/>
        <location filename="../../app/ui/features/plan/page.py" line="272"/>
        <location filename="../../app/ui/features/plan/page.py" line="279"/>
        <source>新建年度计划</source>
        <translation>New annual plan</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="268"/>
        <location filename="../../app/ui/features/plan/page.py" line="295"/>
        <source>计划名称：</source>
        <translation>Plan name:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="272"/>
        <source>部门代码（如 市场监管）：</source>
        <translation>Department code (e.g. 市场监管):</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="279"/>
        <source>年度：</source>
        <translation>Year:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="294"/>
        <source>新建联合计划</source>
        <translation>New joint plan</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="314"/>
        <source>公示“{0}”？
公示后计划及其任务向社会公开，不能撤销；此后修改任务要填写调整理由，并在10个工作日内公示调整。</source>
        <translation>Publish “{0}”?
Once published the plan and its tasks are public and this cannot be undone; later changes to tasks need a reason and must be published within 10 working days.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="319"/>
        <source>将“{0}”标为完成？
完成后不能再增加或修改任务，也不能撤销。</source>
        <translation>Mark “{0}” as completed?
Afterwards no task can be added or changed, and this cannot be undone.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="331"/>
        <source>撤回公示</source>
        <translation>Withdraw publication</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="331"/>
        <source>撤回理由：</source>
        <translation>Reason for withdrawal:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="353"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="408"/>
        <source>任务未保存</source>
        <translation>Task not saved</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="411"/>
        <source>载入最新内容</source>
        <translation>Load the latest version</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="412"/>
        <source>保留我的填写</source>
        <translation>Keep my input</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="455"/>
        <source>删除任务 {0}“{1}”？
可以用 编辑 → 撤销 恢复。</source>
        <translation>Delete task {0} “{1}”?
Edit → Undo brings it back.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="468"/>
        <source>联合检查：进一次门、查多项事</source>
        <translation>Joint inspection: one visit, several items</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="473"/>
        <source>以下 {0} 户被不同任务在重叠期限内抽中，将合并为一次联合检查：</source>
        <translation>These {0} targets were drawn by different tasks with overlapping periods and will be merged into one joint inspection:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/page.py" line="496"/>
        <source>合并</source>
        <translation>Merge</translation>
    </message>
</context>
<context>
    <name>ProposalPanel</name>
    <message>
        <location filename="../../app/ui/features/results/proposals.py" line="33"/>
        <source>检查结果为未发现经营活动、已关闭停业、已注销、被吊销、被撤销或已迁出时，建议变更名录状态；由监管人员采纳或不采纳，全程留痕。</source>
        <translation>When a result says no business activity, closed, deregistered, revoked, cancelled or moved away, a change of the registry status is proposed; a supervisor applies or dismisses it, and both are recorded.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/proposals.py" line="38"/>
        <source>采纳所选</source>
        <translation>Apply selected</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/proposals.py" line="41"/>
        <source>不采纳…</source>
        <translation>Dismiss…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/proposals.py" line="93"/>
        <source>不采纳名录变更建议</source>
        <translation>Dismiss the registry proposal</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/proposals.py" line="93"/>
        <source>不采纳的理由：</source>
        <translation>Reason for dismissing:</translation>
    </message>
</context>
<context>
    <name>PublicationPanel</name>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="136"/>
        <source>生成抽查结果公告…</source>
        <translation>Create results notice…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="140"/>
        <source>谁检查、谁公示：每个部门公示本部门的检查结果</source>
        <translation>Who inspects, publishes: each department publishes its own results</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="175"/>
        <location filename="../../app/ui/features/results/panels.py" line="214"/>
        <location filename="../../app/ui/features/results/panels.py" line="230"/>
        <source>公示</source>
        <translation>Publication</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="175"/>
        <source>请先选择一个任务和部门。</source>
        <translation>Select a task and department first.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="178"/>
        <source>{0}_{1}_抽查结果公告.xlsx</source>
        <translation>{0}_{1}_results notice.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="180"/>
        <source>保存抽查结果公告</source>
        <translation>Save results notice</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="180"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="206"/>
        <source>已生成 {0}（{1}）的抽查结果公告预览，并在 PDF 阅读器中打开：
{2}

公告列出 {3} 户，其中 {4} 户将在公示后向社会公开，公示后不能撤回。
核对无误后点“公示”，公告写入 {5}。</source>
        <translation>A preview of the results notice of {0} ({1}) was generated and opened in the PDF reader:
{2}

The notice lists {3} businesses; {4} of them become public when published, which cannot be withdrawn.
When it is right, click Publish; the notice is written to {5}.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="212"/>
        <source>公示抽查结果</source>
        <translation>Publish inspection results</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/panels.py" line="231"/>
        <source>{0}（{1}）公示 {2} 户，本次新公示 {3} 户。
{4}
{5}</source>
        <translation>{0} ({1}): {2} published, {3} newly published.
{4}
{5}</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <location filename="../../app/ui/features/registry/dialogs.py" line="78"/>
        <source>由检查台账得出</source>
        <translation>From the inspection ledger</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/dialogs.py" line="81"/>
        <source>上次检查日期由检查台账自动得出；登记随机抽查以外的检查请用“登记检查”。</source>
        <translation>The last inspection date comes from the inspection ledger; record inspections outside the random checks with “Record inspection”.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/dialogs.py" line="97"/>
        <source>我已核对，接受以上警告并保存</source>
        <translation>I have checked; accept the warnings and save</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/dialogs.py" line="100"/>
        <source>载入最新内容（放弃本次填写）</source>
        <translation>Load the latest version (discard my input)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/dialogs.py" line="107"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/dialogs.py" line="108"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/dialogs.py" line="201"/>
        <source>请确认以下警告：</source>
        <translation>Please confirm these warnings:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/dialogs.py" line="201"/>
        <source>不能保存：</source>
        <translation>Cannot save:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/dialogs.py" line="219"/>
        <source>已载入最新内容，请核对后再修改、保存。</source>
        <translation>The latest version is loaded; check it before changing and saving.</translation>
    </message>
</context>
<context>
    <name>RefusalDialog</name>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="101"/>
        <source>记录拒绝签字</source>
        <translation>Record refusal to sign</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="104"/>
        <source>被检查单位法定代表人（负责人）{0}拒绝在检查表上签字。</source>
        <translation>The legal representative (person in charge) {0} of the inspected business refused to sign the checklist.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="108"/>
        <source>拒绝签字的原因（如实记录当事人的表述）</source>
        <translation>Reason for refusing (record the person&apos;s own words)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="110"/>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="143"/>
        <source>拒绝原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="112"/>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="144"/>
        <source>见证人姓名</source>
        <translation>Witness&apos;s name</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="114"/>
        <source>18位居民身份证号码</source>
        <translation>18-digit resident ID number</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="115"/>
        <source>见证人身份证号</source>
        <translation>Witness&apos;s ID number</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="118"/>
        <source>见证人未提供身份证号码时，说明原因</source>
        <translation>If the witness gives no ID number, say why</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="119"/>
        <source>未提供号码的原因</source>
        <translation>Reason no number was given</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="126"/>
        <source>见证人签名：</source>
        <translation>Witness&apos;s signature:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="146"/>
        <source>见证人身份证号（或未提供的原因）</source>
        <translation>Witness ID number (or why none was given)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="149"/>
        <source>见证人签名</source>
        <translation>Witness&apos;s signature</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="155"/>
        <source>请填写：{0}</source>
        <translation>Please fill in: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="160"/>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="168"/>
        <source>身份证号码有误：{0}</source>
        <translation>The ID number is wrong: {0}</translation>
    </message>
</context>
<context>
    <name>RegistryPage</name>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="50"/>
        <source>检查对象</source>
        <translation>Targets</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="51"/>
        <source>执法检查人员</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="52"/>
        <source>专家</source>
        <translation>Experts</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="53"/>
        <source>抽查事项</source>
        <translation>Inspection items</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="669"/>
        <source>回避</source>
        <translation>Conflicts of interest</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="677"/>
        <source>名录库</source>
        <translation>Registry</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="695"/>
        <source>导入{0}…</source>
        <translation>Import {0}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="698"/>
        <source>导入专项库（许可信息）…</source>
        <translation>Import special pools (licences)…</translation>
    </message>
</context>
<context>
    <name>RegistryTab</name>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="168"/>
        <source>搜索名称或代码（支持一两个字）</source>
        <translation>Search name or code</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="170"/>
        <source>搜索姓名、编号、单位</source>
        <translation>Search name, number, unit</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="187"/>
        <source>行业代码前缀</source>
        <translation>Industry</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="192"/>
        <source>含已停用</source>
        <translation>Include deactivated</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="193"/>
        <source>仅可抽取</source>
        <translation>Eligible only</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="194"/>
        <source>含历史版本</source>
        <translation>Include old versions</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="206"/>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="207"/>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="208"/>
        <source>停用/启用</source>
        <translation>Deactivate / activate</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="210"/>
        <source>导入…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="211"/>
        <source>导出当前筛选…</source>
        <translation>Export filtered…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="212"/>
        <source>下载模板…</source>
        <translation>Download template…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="213"/>
        <source>登记检查…</source>
        <translation>Record inspection…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="214"/>
        <source>导入专项库…</source>
        <translation>Import special pool…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="222"/>
        <source>停用的记录不再进入随机抽取，历史保留，可再启用（先询问）</source>
        <translation>A deactivated record leaves the draws, keeps its history and can be activated again (asks first)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="224"/>
        <source>这条记录的每次修改：谁、何时、改了什么</source>
        <translation>Every change of this record: who, when, what</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="225"/>
        <source>下载可直接填写的 Excel 导入模板</source>
        <translation>Download an Excel import template ready to fill in</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="229"/>
        <source>导入专项库名单及许可信息（许可证名称、编号、有效期）；任务可从专项库抽取</source>
        <translation>Import a special pool list with its licences (name, number, expiry); tasks can draw from a special pool</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="232"/>
        <source>登记投诉举报、转办交办、专项检查、日常检查等随机抽查以外的检查</source>
        <translation>Record complaint, referral, special and routine inspections outside the random checks</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="300"/>
        <location filename="../../app/ui/features/registry/page.py" line="317"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="301"/>
        <source>属地</source>
        <translation>Township</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="302"/>
        <source>管辖单位</source>
        <translation>Supervising unit</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="303"/>
        <source>信用</source>
        <translation>Credit</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="304"/>
        <source>风险</source>
        <translation>Risk</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="305"/>
        <source>存续</source>
        <translation>Reg. status</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="306"/>
        <source>标签</source>
        <translation>Tags</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="307"/>
        <source>专项库</source>
        <translation>Special pool</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="308"/>
        <source>认领部门</source>
        <translation>Claimed by</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="311"/>
        <location filename="../../app/ui/features/registry/page.py" line="316"/>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="312"/>
        <location filename="../../app/ui/features/registry/page.py" line="314"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="331"/>
        <source>在岗</source>
        <translation>On duty</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="331"/>
        <source>失效</source>
        <translation>Inactive</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="349"/>
        <source>重点</source>
        <translation>Key</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="349"/>
        <source>一般</source>
        <translation>General</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="399"/>
        <source>加载中…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="403"/>
        <source>共 {0} 条</source>
        <translation>{0} in total</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="442"/>
        <source>编辑{0}</source>
        <translation>Edit {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="442"/>
        <source>新增{0}</source>
        <translation>New {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="444"/>
        <source>调整抽查事项（保存为新版本）</source>
        <translation>Revise inspection item (saved as a new version)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="470"/>
        <source>停用抽查事项</source>
        <translation>Deactivate inspection item</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="470"/>
        <source>停用原因：</source>
        <translation>Reason for deactivation:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="209"/>
        <location filename="../../app/ui/features/registry/page.py" line="540"/>
        <source>变更记录</source>
        <translation>Change history</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="56"/>
        <source>检查对象</source>
        <translation>target</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="57"/>
        <source>检查人员</source>
        <translation>inspector</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="58"/>
        <source>专家</source>
        <translation>expert</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="59"/>
        <source>抽查事项</source>
        <translation>inspection item</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="490"/>
        <source>停用</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="492"/>
        <source>停用“{0}”？
停用后不再进入随机抽取的名录（历史记录保留），可以随时再启用。</source>
        <translation>Deactivate “{0}”?
It leaves the pools of random draws (its history is kept) and can be activated again at any time.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="495"/>
        <source>启用</source>
        <translation>Activate</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="496"/>
        <source>启用“{0}”？
启用后重新进入随机抽取的名录。</source>
        <translation>Activate “{0}”?
It joins the pools of random draws again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="554"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="564"/>
        <source>已导出 {0} 行到 {1}</source>
        <translation>Exported {0} rows to {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="571"/>
        <source>下载模板</source>
        <translation>Download template</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="572"/>
        <source>{0}导入模板.xlsx</source>
        <translation>{0} import template.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/registry/page.py" line="579"/>
        <source>模板已保存：{0}</source>
        <translation>Template saved: {0}</translation>
    </message>
</context>
<context>
    <name>ResultsPage</name>
    <message>
        <location filename="../../app/ui/features/results/page.py" line="51"/>
        <source>审核</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/page.py" line="52"/>
        <source>期限</source>
        <translation>Deadlines</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/page.py" line="53"/>
        <source>公示</source>
        <translation>Publication</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/page.py" line="54"/>
        <source>后续处置</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/page.py" line="55"/>
        <source>企业检查记录</source>
        <translation>Inspection history</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/page.py" line="56"/>
        <source>名录变更建议</source>
        <translation>Registry proposals</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/page.py" line="57"/>
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/page.py" line="64"/>
        <source>工作日历（法定节假日）…</source>
        <translation>Working-day calendar (public holidays)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/page.py" line="66"/>
        <source>期限设置…</source>
        <translation>Deadline settings…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/page.py" line="69"/>
        <source>年度规则设置…</source>
        <translation>Rules of the year…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/page.py" line="75"/>
        <source>结果公示</source>
        <translation>Results &amp;&amp; publication</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="75"/>
        <source>待审核</source>
        <translation>Awaiting review</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="76"/>
        <source>已完成（待提交）</source>
        <translation>Completed (not submitted)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="77"/>
        <source>退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="78"/>
        <source>通过（待公示）</source>
        <translation>Approved (to publish)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="79"/>
        <source>已公示</source>
        <translation>Published</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="549"/>
        <location filename="../../app/ui/features/results/review.py" line="558"/>
        <location filename="../../app/ui/features/results/review.py" line="563"/>
        <location filename="../../app/ui/features/results/review.py" line="567"/>
        <source>不予公示</source>
        <translation>Withhold from publication</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="82"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="81"/>
        <source>不予公示</source>
        <comment>status filter</comment>
        <translation>Withheld</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="84"/>
        <location filename="../../app/ui/features/results/review.py" line="365"/>
        <source>审核通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="86"/>
        <source>退回…</source>
        <translation>Return…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="88"/>
        <source>提交审核</source>
        <translation>Submit for review</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="89"/>
        <source>登记后续处置…</source>
        <translation>Record follow-up…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="90"/>
        <source>查看检查表与照片…</source>
        <translation>View form and photos…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="93"/>
        <source>审核前查看已签名的检查表、打印的检查表和照片（双击行也可打开）</source>
        <translation>See the signed form, the printed form and the photos before reviewing (or double-click the row)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="98"/>
        <source>导出案卷PDF…</source>
        <translation>Export archive PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="102"/>
        <source>把所选结果的检查对象导出为一份案卷PDF：通知书、检查表、照片、签名、审核记录、公示情况</source>
        <translation>Export the selected result&apos;s check as one archive PDF: notice, sheet, photos, signatures, review history, publication</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="106"/>
        <source>导出本任务全部案卷…</source>
        <translation>Export all archives of the task…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="110"/>
        <source>所选结果所属任务中已完成检查的每户各导出一份案卷PDF，以档案号命名，存入所选文件夹</source>
        <translation>One archive PDF, named by its archive number, for every checked business of the selected result&apos;s task, into the chosen folder</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="117"/>
        <source>不予公示…</source>
        <translation>Withhold from publication…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="120"/>
        <source>所选结果不在抽查结果公告中公开（如涉及商业秘密、个人隐私），须写明理由</source>
        <translation>Keep the selected result out of the published notice (trade secrets, privacy); a reason is required</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="123"/>
        <source>恢复公示…</source>
        <translation>Lift withholding…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="126"/>
        <source>撤销所选结果的不予公示决定（须写明理由），它将随下一次抽查结果公告公开</source>
        <translation>Reverse the decision to withhold the selected result (a reason is required); it is published with the next results notice</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="129"/>
        <source>结果互认…</source>
        <translation>Adopt a result…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="133"/>
        <source>本部门采用其他部门期限内对同一对象已审核的检查结果，不再重复上门检查；记录来源，统计只计一次</source>
        <translation>This department adopts another department’s recent, reviewed result for the same business instead of checking it again; the source is recorded and the business is counted once</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="150"/>
        <source>状态：</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="167"/>
        <source>选择一项结果查看流转记录</source>
        <translation>Select a result to see its history</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="225"/>
        <source>·不予公示</source>
        <translation> · withheld</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="248"/>
        <source>共 {0} 项</source>
        <translation>{0} in total</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="292"/>
        <source>已选择 {0} 项</source>
        <translation>{0} selected</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="312"/>
        <source>{0}  第{1}轮 {2}：{3}  {4}</source>
        <translation>{0}  round {1} {2}: {3}  {4}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="319"/>
        <source>案件 {0}：{1}立案，{2}</source>
        <translation>Case {0}: filed {1}, {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="320"/>
        <source>，处罚决定：{0}</source>
        <translation>, decision: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="325"/>
        <source>不予公示，理由：{0}</source>
        <translation>Withheld from publication, reason: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="326"/>
        <source>尚无流转记录</source>
        <translation>No history yet</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="361"/>
        <source> 等 {0} 户</source>
        <translation> and others ({0} in all)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="367"/>
        <source>{0} 的检查结果没有已签名的检查表可以核对。
仍要审核通过吗？通过后结果将进入公示。</source>
        <translation>The results of {0} have no signed checklist to check them against.
Approve anyway? Once approved they go to publication.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="369"/>
        <source>仍然通过</source>
        <translation>Approve anyway</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="382"/>
        <location filename="../../app/ui/features/results/review.py" line="388"/>
        <source>退回检查结果</source>
        <translation>Return results</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="383"/>
        <source>退回 {0} 项结果的原因（检查人员将看到）：</source>
        <translation>Reason for returning {0} results (shown to the inspectors):</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="388"/>
        <source>必须填写退回原因。</source>
        <translation>A reason for returning is required.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="442"/>
        <source>结果互认</source>
        <translation>Adopt a result</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="444"/>
        <source>“{0}”没有可互认的结果：期限内没有其他部门对它审核通过或已公示的检查结果。</source>
        <translation>“{0}” has no result to adopt: no other department has an approved or published result for it within the window.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="461"/>
        <source>{0}_{1}_案卷.pdf</source>
        <translation>{0}_{1}_archive.pdf</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="463"/>
        <location filename="../../app/ui/features/results/review.py" line="505"/>
        <source>导出案卷PDF</source>
        <translation>Export archive PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="463"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="482"/>
        <source>选择存放任务“{0}”案卷的文件夹</source>
        <translation>Choose the folder for the archives of task “{0}”</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="500"/>
        <source>档案号 {0}：{1}（{2} 页）</source>
        <translation>Archive no. {0}: {1} ({2} pages)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="506"/>
        <source>已导出 {0} 份案卷：</source>
        <translation>{0} archive(s) exported:</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="518"/>
        <location filename="../../app/ui/features/results/review.py" line="527"/>
        <location filename="../../app/ui/features/results/review.py" line="532"/>
        <location filename="../../app/ui/features/results/review.py" line="536"/>
        <source>恢复公示</source>
        <translation>Lift withholding</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="519"/>
        <source>“{0}”的检查结果恢复公示的理由（原不予公示理由：{1}）：</source>
        <translation>Reason for publishing the result of “{0}” again (withheld because: {1}):</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="527"/>
        <source>必须填写恢复公示的理由。</source>
        <translation>A reason for lifting the withholding is required.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="534"/>
        <source>“{0}”（{1}）的检查结果将随下一次抽查结果公告公开，决定记入审计日志。
理由：{2}</source>
        <translation>The result of “{0}” ({1}) will be published with the next results notice; the decision is recorded in the audit log.
Reason: {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="550"/>
        <source>“{0}”的检查结果不予公示的理由（如涉及商业秘密、个人隐私）：</source>
        <translation>Reason for withholding the result of “{0}” from publication (trade secrets, privacy):</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="558"/>
        <source>必须填写不予公示的理由。</source>
        <translation>A reason for withholding is required.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/review.py" line="565"/>
        <source>“{0}”（{1}）的检查结果将不在抽查结果公告中公开，决定记入审计日志。
理由：{2}</source>
        <translation>The result of “{0}” ({1}) will be kept out of the published notice; the decision is recorded in the audit log.
Reason: {2}</translation>
    </message>
</context>
<context>
    <name>SheetPreviewDialog</name>
    <message>
        <location filename="../../app/ui/features/checklist/preview.py" line="183"/>
        <source>打印预览 — {0}</source>
        <translation>Print preview — {0}</translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="46"/>
        <source>签名人姓名</source>
        <translation>Signer&apos;s name</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="48"/>
        <source>18位居民身份证号码</source>
        <translation>18-digit resident ID number</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="50"/>
        <source>身份证号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="67"/>
        <source>请填写签名人姓名。</source>
        <translation>Enter the signer&apos;s name.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="70"/>
        <source>请先在签名板上签名。</source>
        <translation>Sign on the signature pad first.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="73"/>
        <source>请填写身份证号码。</source>
        <translation>Enter the ID number.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="78"/>
        <source>身份证号码有误：{0}</source>
        <translation>The ID number is wrong: {0}</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../../app/ui/widgets/signature_pad.py" line="44"/>
        <source>签名板</source>
        <translation>Signature pad</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets/signature_pad.py" line="162"/>
        <source>请在此处签名</source>
        <translation>Sign here</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="86"/>
        <source>撤销一笔</source>
        <translation>Undo stroke</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/dialogs.py" line="88"/>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
</context>
<context>
    <name>SignaturesBox</name>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="143"/>
        <source>签字确认</source>
        <translation>Signatures</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="152"/>
        <source>法定代表人（负责人）</source>
        <translation>Legal representative (person in charge)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="155"/>
        <source>检查人员 {0}</source>
        <translation>Inspector {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="160"/>
        <source>见证人</source>
        <translation>Witness</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="167"/>
        <source>未签字</source>
        <translation>Not signed</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="169"/>
        <source>拒绝签字：{0}</source>
        <translation>Refused to sign: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="171"/>
        <source>{0} 已盖章（印章照片）</source>
        <translation>{0} sealed (photo of the seal)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="173"/>
        <source>{0} 已签字</source>
        <translation>Signed by {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="186"/>
        <source>撤销拒绝记录…</source>
        <translation>Undo the refusal record…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="192"/>
        <source>签字…</source>
        <translation>Sign…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="205"/>
        <source>拒绝签字…</source>
        <translation>Refused to sign…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="209"/>
        <source>盖章…</source>
        <translation>Seal…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="211"/>
        <source>当事人以盖章代替签字：拍摄或选择印章印迹的照片</source>
        <translation>The party seals instead of signing: take or choose a photo of the seal impression</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="233"/>
        <source>签字 — {0}</source>
        <translation>Signature — {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="255"/>
        <source>选择印章印迹照片</source>
        <translation>Choose the photo of the seal impression</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="255"/>
        <source>照片 (*.jpg *.jpeg *.png)</source>
        <translation>Photos (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="260"/>
        <source>被检查单位</source>
        <translation>Inspected business</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="297"/>
        <source>撤销拒绝记录</source>
        <translation>Undo the refusal record</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/form_evidence.py" line="298"/>
        <source>撤销后，拒绝签字的原因和见证人签名将被删除。确定撤销吗？</source>
        <translation>Undoing deletes the reason of the refusal and the witness&apos;s signature. Undo it?</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="55"/>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="220"/>
        <source>在线同步</source>
        <translation>Online sync</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="59"/>
        <source>同步服务器</source>
        <translation>Sync server</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="64"/>
        <source>同步地址</source>
        <translation>Sync URL</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="68"/>
        <source>访问令牌</source>
        <translation>Access token</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="71"/>
        <source>选择服务器证书</source>
        <translation>Choose server certificate</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="72"/>
        <source>证书 (*.pem *.crt);;所有文件 (*)</source>
        <translation>Certificates (*.pem *.crt);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="75"/>
        <source>服务器证书（自签名时）</source>
        <translation>Server certificate (if self-signed)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="80"/>
        <source>保存设置</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="89"/>
        <source>只有管理员可以修改同步设置。</source>
        <translation>Only an administrator can change sync settings.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="92"/>
        <source>发送队列</source>
        <translation>Send queue</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="96"/>
        <source>生成时间</source>
        <translation>Created</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="97"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="98"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="99"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="100"/>
        <source>尝试次数</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="101"/>
        <source>最后错误</source>
        <translation>Last error</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="102"/>
        <source>内容</source>
        <translation>Contents</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="118"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="121"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="160"/>
        <source>尚未设置同步地址：只能用 U 盘交换数据包。</source>
        <translation>No sync URL set: bundles can only be exchanged on USB drives.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="165"/>
        <source>待发送</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="165"/>
        <source>已发送</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="204"/>
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="216"/>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="221"/>
        <source>正在连接同步服务器…</source>
        <translation>Connecting to the sync server…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="250"/>
        <source>有 {0} 条冲突待主管处理（数据交换 → 冲突处理）。</source>
        <translation>{0} conflicts wait for a supervisor (Data exchange → Conflicts).</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="258"/>
        <source>已取消。</source>
        <translation>Cancelled.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/sync_dialog.py" line="258"/>
        <source>同步未完成。</source>
        <translation>Sync did not finish.</translation>
    </message>
</context>
<context>
    <name>TaskEditorDialog</name>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="45"/>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="46"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="47"/>
        <source>信用等级</source>
        <translation>Credit grade</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="48"/>
        <source>风险等级</source>
        <translation>Risk class</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="49"/>
        <source>比例‰</source>
        <translation>Ratio ‰</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="50"/>
        <source>户数</source>
        <translation>Count</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="51"/>
        <source>资格</source>
        <translation>Qualification</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="75"/>
        <source>抽查任务</source>
        <translation>Inspection task</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="99"/>
        <source>任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="109"/>
        <source>事项代码，如 B07、A07:50（一般事项可写比例‰）</source>
        <translation>Item codes, e.g. B07, A07:50 (general items may give a ratio ‰)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="122"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="124"/>
        <source>任务名称</source>
        <translation>Task name</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="131"/>
        <source>发起部门</source>
        <translation>Initiating department</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="136"/>
        <source>参与部门</source>
        <translation>Participating departments</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="137"/>
        <source>抽查事项</source>
        <translation>Inspection items</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="138"/>
        <source>对象类型</source>
        <translation>Target type</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="139"/>
        <source>检查期限</source>
        <translation>Inspection period</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="140"/>
        <source>检查方式</source>
        <translation>Inspection method</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="144"/>
        <source>一般事项抽查比例超出上限时，由监管人员填写理由；留痕并印在抽取结果公告上</source>
        <translation>When a general item&apos;s ratio is above its cap, a supervisor gives the reason here; it is recorded and printed on the draw notice</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="146"/>
        <source>超上限例外</source>
        <translation>Cap exception</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="149"/>
        <source>对象库筛选</source>
        <translation>Target pool filter</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="153"/>
        <source>乡镇</source>
        <translation>Townships</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="154"/>
        <source>管辖单位</source>
        <translation>Supervising units</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="155"/>
        <source>行业代码前缀</source>
        <translation>Industry code prefix</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="156"/>
        <source>登记状态</source>
        <translation>Registration status</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="157"/>
        <source>标签</source>
        <translation>Tags</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="158"/>
        <source>专项库</source>
        <translation>Special pool</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="165"/>
        <source>分层（比例‰ 与户数二选一；比例向上取整）</source>
        <translation>Strata (ratio ‰ or count; ratios round up)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="173"/>
        <source>增加分层</source>
        <translation>Add stratum</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="175"/>
        <source>删除分层</source>
        <translation>Remove stratum</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="186"/>
        <source>必查、排除与组队</source>
        <translation>Mandatory, exclusions and teams</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="188"/>
        <source>重点对象（全覆盖）</source>
        <translation>Key targets (full coverage)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="190"/>
        <source>问题对象（投诉举报、转办交办）</source>
        <translation>Problem targets (complaints, referrals)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="198"/>
        <source> 个月内已检查的不抽（无事不扰）</source>
        <translation> months (skip targets inspected within)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="206"/>
        <source>不限</source>
        <translation>No limit</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="208"/>
        <source>可抽取外借人员（相邻地区借调）</source>
        <translation>May draw borrowed officers (from a neighbouring area)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="212"/>
        <source>勾选后，名录中填写了“外借来源地区”且在外借有效期内的人员也参加本任务的抽取</source>
        <translation>When ticked, officers whose registry entry names an area they are borrowed from, and whose borrowing has not ended, also take part in this task&apos;s draw</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="218"/>
        <source>必查标签</source>
        <translation>Mandatory tags</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="220"/>
        <source>必查对象代码</source>
        <translation>Mandatory target codes</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="221"/>
        <source>排除登记状态</source>
        <translation>Excluded registration statuses</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="222"/>
        <source>无事不扰</source>
        <translation>No needless visits</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="223"/>
        <source>排除对象代码</source>
        <translation>Excluded target codes</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="224"/>
        <source>每户检查人员</source>
        <translation>Inspectors per target</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="225"/>
        <source>每人最多户数</source>
        <translation>Max targets per inspector</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="227"/>
        <source>每户专家人数</source>
        <translation>Experts per target</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="228"/>
        <source>专家专业</source>
        <translation>Expert field</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="230"/>
        <source>对象库预览（按今天的登记状态）</source>
        <translation>Target pool preview (today&apos;s registration status)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="240"/>
        <source>计划已公示时：调整理由（必填）</source>
        <translation>If the plan is published: reason for the revision (required)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/plan/task_editor.py" line="461"/>
        <source>对象库共 {0} 户，未归入分层 {1} 户；可抽执法人员 {2} 名。</source>
        <translation>{0} targets in the pool, {1} outside any stratum; {2} inspectors eligible.</translation>
    </message>
</context>
<context>
    <name>TeamChangeDialog</name>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="71"/>
        <source>更换检查人员（重新抽取）</source>
        <translation>Replace an inspector (new draw)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="79"/>
        <source>抽取后发现回避情形，或检查人员休假、病假、调离时，经批准后从符合条件的人员中重新抽取一名接替，抽取记录续接在原抽取记录之后，可公开核对。</source>
        <translation>When a conflict of interest comes to light after the draw, or an inspector is on leave, ill or transferred, an approved replacement is drawn from the eligible staff; the record continues the original draw record and can be checked publicly.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="95"/>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="205"/>
        <source>回避：</source>
        <translation>Conflict: </translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="99"/>
        <source>如：回避：配偶在该企业任职</source>
        <translation>e.g. Conflict: spouse works for the business</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="102"/>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="203"/>
        <source>检查对象</source>
        <translation>Business</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="103"/>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="204"/>
        <source>退出的检查人员</source>
        <translation>Inspector leaving</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="104"/>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="205"/>
        <source>更换原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="105"/>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="206"/>
        <source>批准人</source>
        <translation>Approved by</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="107"/>
        <source>观察员及其现场输入（按顺序）：</source>
        <translation>Observers and their inputs (in order):</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="110"/>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="207"/>
        <source>观察员</source>
        <translation>Observers</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="110"/>
        <source>输入（如骰子点数）</source>
        <translation>Input (e.g. dice)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="116"/>
        <source>添加观察员</source>
        <translation>Add observer</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="125"/>
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="128"/>
        <source>投屏…</source>
        <translation>Project…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="131"/>
        <source>揭示并计算</source>
        <translation>Reveal and compute</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="244"/>
        <source>已锁定。抽取清单摘要：{0}
请各观察员依次输入，然后揭示并计算。</source>
        <translation>Locked. Manifest digest: {0}
Each observer enters an input in turn, then reveal and compute.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="290"/>
        <source>正在揭示密钥并计算…</source>
        <translation>Revealing the secret and computing…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="304"/>
        <source>重新抽取结果：{0}（{1}）接替 {2}</source>
        <translation>Replacement drawn: {0} ({1}) replaces {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="348"/>
        <source>已保存补抽记录：{0}
用浏览器打开旁边的 {1} 即可核验这份记录。</source>
        <translation>Amendment record saved: {0}
Open {1} beside it in a browser to check the record.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="136"/>
        <source>保存补抽记录 JSON…</source>
        <translation>Save replacement record JSON…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="139"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="212"/>
        <source>请填写：{0}</source>
        <translation>Please fill in: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="311"/>
        <source>已重新抽取：{0}（{1}）接替 {2}。原因：{3}；批准人：{4}。
补抽记录指纹：{5} … {6}</source>
        <translation>Drawn again: {0} ({1}) replaces {2}. Reason: {3}; approved by {4}.
Replacement record fingerprint: {5} … {6}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="335"/>
        <source>补抽记录-{0}.json</source>
        <translation>amendment-{0}.json</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/draw/team_dialog.py" line="336"/>
        <source>保存补抽记录</source>
        <translation>Save replacement record</translation>
    </message>
</context>
<context>
    <name>TemplateEditorDialog</name>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="52"/>
        <source>检查表模板</source>
        <translation>Checklist templates</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="62"/>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="62"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="62"/>
        <source>当前版本</source>
        <translation>Current version</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="67"/>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="67"/>
        <source>行数</source>
        <translation>Rows</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="67"/>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="135"/>
        <source>修改原因</source>
        <translation>Reason for change</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="86"/>
        <source>模板</source>
        <translation>Template</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="88"/>
        <source>版本历史（旧版本只读）</source>
        <translation>Version history (old versions are read-only)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="97"/>
        <source>添加行</source>
        <translation>Add row</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="100"/>
        <source>删除行</source>
        <translation>Delete row</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="102"/>
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="104"/>
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="106"/>
        <source>以此版本内容为基础修改</source>
        <translation>Edit based on this version</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="109"/>
        <source>把这个旧版本的内容载入编辑区；保存后成为新的当前版本</source>
        <translation>Loads this old version into the editor; saving makes it the new current version</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="119"/>
        <source>必填，例如：依据2026年新规增加第18行“散装食品标签”</source>
        <translation>Required, e.g.: added row 18 &quot;bulk food labels&quot; under the 2026 rules</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="124"/>
        <source>保存为新版本</source>
        <translation>Save as new version</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="127"/>
        <source>放弃修改</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="129"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="133"/>
        <source>模板名称</source>
        <translation>Template name</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="205"/>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="230"/>
        <source>第{0}版</source>
        <translation>Version {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="232"/>
        <source>（当前）</source>
        <translation>(current)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="254"/>
        <source>正在查看 {0} 第{1}版（旧版本，只读）。按此版本开始的检查表仍使用它。</source>
        <translation>Viewing {0} version {1} (old, read-only). Checklists started on this version keep using it.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="258"/>
        <source>{0} 第{1}版（当前）。只有监管人员可以修改检查表模板。</source>
        <translation>{0} version {1} (current). Only supervisors can change checklist templates.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="264"/>
        <source>{0} 第{1}版（当前）。修改后保存为第{2}版；已开始的检查表仍保留原来的版本。</source>
        <translation>{0} version {1} (current). Changes are saved as version {2}; checklists already started keep their version.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="299"/>
        <source>请先填写修改原因</source>
        <translation>Enter the reason for the change first</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="309"/>
        <source>当前模板的修改尚未保存，是否放弃？</source>
        <translation>The changes to this template are not saved. Discard them?</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="344"/>
        <source>恢复第{0}版的内容</source>
        <translation>Restore the content of version {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="357"/>
        <source>请填写修改原因。</source>
        <translation>Enter the reason for the change.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="366"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_editor.py" line="389"/>
        <source>已保存为 {0} 第{1}版。已开始的检查表仍使用原来的版本。</source>
        <translation>Saved as {0} version {1}. Checklists already started keep their version.</translation>
    </message>
</context>
<context>
    <name>TemplateRowsTable</name>
    <message>
        <location filename="../../app/ui/features/checklist/template_rows.py" line="59"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_rows.py" line="60"/>
        <source>检查内容</source>
        <translation>Check</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_rows.py" line="61"/>
        <source>检查方法/要领</source>
        <translation>Method / key points</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_rows.py" line="62"/>
        <source>答案类型</source>
        <translation>Answer type</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_rows.py" line="63"/>
        <source>“是”的表述</source>
        <translation>&quot;Yes&quot; wording</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_rows.py" line="64"/>
        <source>“否”的表述</source>
        <translation>&quot;No&quot; wording</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_rows.py" line="65"/>
        <source>可选不涉及</source>
        <translation>N/A allowed</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_rows.py" line="66"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_rows.py" line="70"/>
        <source>是/否/不涉及</source>
        <translation>Yes/No/N/A</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_rows.py" line="71"/>
        <source>数值</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_rows.py" line="72"/>
        <source>文字</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_rows.py" line="73"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_rows.py" line="74"/>
        <source>照片</source>
        <translation>Photo</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/checklist/template_rows.py" line="251"/>
        <source>勾选后该行可以回答“不涉及”</source>
        <translation>When ticked, this row can be answered &quot;N/A&quot;</translation>
    </message>
</context>
<context>
    <name>UndoMenu</name>
    <message>
        <location filename="../../app/ui/menus/edit.py" line="29"/>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/edit.py" line="46"/>
        <source>撤销(&amp;U)</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/edit.py" line="49"/>
        <source>撤销“{0}”(&amp;U)</source>
        <translation>&amp;Undo “{0}”</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="214"/>
        <source>用户管理</source>
        <translation>Users</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="218"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="219"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="220"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="221"/>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="222"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="223"/>
        <source>上次登录</source>
        <translation>Last login</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="231"/>
        <source>添加…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="232"/>
        <source>更改角色…</source>
        <translation>Change role…</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="233"/>
        <source>所属部门…</source>
        <translation>Department…</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="234"/>
        <source>重置密码…</source>
        <translation>Reset password…</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="235"/>
        <source>停用/启用</source>
        <translation>Deactivate / activate</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="236"/>
        <source>解除锁定</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="239"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="257"/>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="257"/>
        <source>已停用</source>
        <translation>Deactivated</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="259"/>
        <source>（锁定）</source>
        <translation>(locked)</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="261"/>
        <source>全县</source>
        <translation>Whole county</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="307"/>
        <source>更改角色</source>
        <translation>Change role</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="342"/>
        <source>重置密码</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/users_dialog.py" line="343"/>
        <source>{0} 的新密码：</source>
        <translation>New password for {0}:</translation>
    </message>
</context>
<context>
    <name>YearRulesDialog</name>
    <message>
        <location filename="../../app/ui/features/results/year_rules_dialog.py" line="27"/>
        <source>年度规则设置</source>
        <translation>Rules of the year</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/year_rules_dialog.py" line="32"/>
        <source>不设上限</source>
        <translation>No ceiling</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/year_rules_dialog.py" line="35"/>
        <source>如 A07:30、*:50（* 为全部一般事项）</source>
        <translation>e.g. A07:30、*:50 (* = every general item)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/year_rules_dialog.py" line="38"/>
        <source>如 市场监管:50（部门代码，* 为全部部门）</source>
        <translation>e.g. 市场监管:50 (department code, * = every department)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/year_rules_dialog.py" line="41"/>
        <source>本县自定</source>
        <translation>The county&apos;s own</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/year_rules_dialog.py" line="45"/>
        <source>每户每年检查上限（跨部门）</source>
        <translation>Checks per business per year (all departments)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/year_rules_dialog.py" line="46"/>
        <source>一般事项年度比例（‰）</source>
        <translation>Yearly ratio of general items (‰)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/year_rules_dialog.py" line="47"/>
        <source>部门年度比例（‰）</source>
        <translation>Yearly ratio per department (‰)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/year_rules_dialog.py" line="48"/>
        <source>年度时间表</source>
        <translation>Year&apos;s timetable</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/year_rules_dialog.py" line="51"/>
        <source>上限和比例在保存任务和锁定抽取时检查；达到上限的企业列入抽取清单的排除名单。留空表示不设。</source>
        <translation>The ceiling and ratios are checked when a task is saved and when a draw is locked; businesses at the ceiling are listed among the draw&apos;s exclusions. Leave empty for none.</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/year_rules_dialog.py" line="61"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/results/year_rules_dialog.py" line="62"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>YesNoEditor</name>
    <message>
        <location filename="../../app/ui/features/checklist/answers.py" line="63"/>
        <source>3 不涉及</source>
        <translation>3 N/A</translation>
    </message>
</context>
<context>
    <name>columns</name>
    <message>
        <location filename="../../app/ui/table_text.py" line="13"/>
        <source>具体职务</source>
        <translation>Specific post</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="14"/>
        <source>专家类型</source>
        <translation>Expert types</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="15"/>
        <source>执法事项范围</source>
        <translation>Items the person may check</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="16"/>
        <source>外借来源地区</source>
        <translation>Borrowed from (area)</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="17"/>
        <source>外借有效期至</source>
        <translation>Borrowed until</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="18"/>
        <source>抽查对象（公布原文）</source>
        <translation>Targets (published wording)</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="19"/>
        <source>抽查比例（公布原文）</source>
        <translation>Ratio (published wording)</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="20"/>
        <source>抽查主体（公布原文）</source>
        <translation>Inspecting body (published wording)</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="21"/>
        <source>随机以外检查</source>
        <translation>Checks outside the draw</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="22"/>
        <source>完成日期</source>
        <translation>Completed on</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="23"/>
        <source>名录现状</source>
        <translation>Registry now</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="24"/>
        <source>建议变更</source>
        <translation>Proposed change</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="25"/>
        <source>次</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="26"/>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="27"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="28"/>
        <source>锁定时间</source>
        <translation>Locked at</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="29"/>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="30"/>
        <source>分层</source>
        <translation>Stratum</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="31"/>
        <source>规则</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="32"/>
        <source>对象库</source>
        <translation>Pool</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="33"/>
        <source>排除</source>
        <translation>Excluded</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="34"/>
        <source>必查</source>
        <translation>Mandatory</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="35"/>
        <source>可抽</source>
        <translation>Eligible</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="36"/>
        <source>抽取户数</source>
        <translation>To draw</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="37"/>
        <source>检查对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="38"/>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="39"/>
        <source>检查人员</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="40"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="41"/>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="42"/>
        <source>计划名称</source>
        <translation>Plan name</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="43"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="44"/>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="45"/>
        <source>调整</source>
        <translation>Revisions</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="46"/>
        <source>任务数</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="47"/>
        <source>公示日期</source>
        <translation>Published on</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="48"/>
        <source>任务编号</source>
        <translation>Task no.</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="49"/>
        <source>任务名称</source>
        <translation>Task name</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="50"/>
        <source>事项</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="51"/>
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="52"/>
        <source>结束</source>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="53"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="54"/>
        <source>人员</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="55"/>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="56"/>
        <source>任务</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="57"/>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="58"/>
        <source>将抽取</source>
        <translation>To draw</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="59"/>
        <source>执法证号</source>
        <translation>Certificate no.</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="60"/>
        <source>回避原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="61"/>
        <source>登记日期</source>
        <translation>Declared on</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="62"/>
        <source>已检查</source>
        <translation>Inspected</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="63"/>
        <source>已录入</source>
        <translation>Entered</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="64"/>
        <source>已公示</source>
        <translation>Published</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="65"/>
        <source>逾期未公示</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="66"/>
        <source>录入率</source>
        <translation>Entry rate</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="67"/>
        <source>公示率</source>
        <translation>Publication rate</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="68"/>
        <source>名录库户数</source>
        <translation>In registry</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="69"/>
        <source>覆盖率</source>
        <translation>Coverage</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="70"/>
        <source>年份</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="71"/>
        <source>放假天数</source>
        <translation>Holidays</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="72"/>
        <source>调休上班</source>
        <translation>Make-up days</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="73"/>
        <source>工作日</source>
        <translation>Working days</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="74"/>
        <source>到期日</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="75"/>
        <source>剩余工作日</source>
        <translation>Working days left</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="76"/>
        <source>对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="77"/>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="78"/>
        <source>检查部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="79"/>
        <source>结果数</source>
        <translation>Results</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="80"/>
        <source>待公示（已通过）</source>
        <translation>To publish (approved)</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="81"/>
        <source>未审核通过</source>
        <translation>Not approved</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="82"/>
        <source>处置方式</source>
        <translation>Measure</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="83"/>
        <source>接收单位</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="84"/>
        <source>改正期限</source>
        <translation>Rectify by</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="85"/>
        <source>完结日期</source>
        <translation>Closed on</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="86"/>
        <source>检查完成日期</source>
        <translation>Inspected on</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="87"/>
        <source>检查结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="88"/>
        <source>统一社会信用代码/注册号</source>
        <translation>USCC / registration no.</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="89"/>
        <source>抽查市场主体名称</source>
        <translation>Business name</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="90"/>
        <source>公示期限</source>
        <translation>Publish by</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="91"/>
        <source>审核意见</source>
        <translation>Review note</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="92"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="93"/>
        <source>法定代表人</source>
        <translation>Legal rep.</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="94"/>
        <source>属地</source>
        <translation>Township</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="95"/>
        <source>管辖单位</source>
        <translation>Supervising unit</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="96"/>
        <source>行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="97"/>
        <source>信用</source>
        <translation>Credit</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="98"/>
        <source>风险</source>
        <translation>Risk</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="99"/>
        <source>存续状态</source>
        <translation>Reg. status</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="100"/>
        <source>标签</source>
        <translation>Tags</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="101"/>
        <source>专项库</source>
        <translation>Special pool</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="102"/>
        <source>许可证名称</source>
        <translation>Licence name</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="103"/>
        <source>许可证编号</source>
        <translation>Licence number</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="104"/>
        <source>许可批准日期</source>
        <translation>Licence granted on</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="105"/>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="106"/>
        <source>许可发证机关</source>
        <translation>Licence issued by</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="107"/>
        <source>上次检查</source>
        <translation>Last inspected</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="108"/>
        <source>名录状态</source>
        <translation>Registry status</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="109"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="110"/>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="111"/>
        <source>所属部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="112"/>
        <source>工作单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="113"/>
        <source>职务</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="114"/>
        <source>执法证有效期至</source>
        <translation>Certificate valid until</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="115"/>
        <source>执法资格</source>
        <translation>Qualifications</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="116"/>
        <source>专家</source>
        <translation>Expert</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="117"/>
        <source>组长</source>
        <translation>Team leader</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="118"/>
        <source>人员状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="119"/>
        <source>抽取资格</source>
        <translation>Eligibility</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="120"/>
        <source>专家编号</source>
        <translation>Expert no.</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="121"/>
        <source>专业特长</source>
        <translation>Expertise</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="122"/>
        <source>服务领域</source>
        <translation>Field of service</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="123"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="124"/>
        <source>电子邮箱</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="125"/>
        <source>事项编码</source>
        <translation>Item code</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="126"/>
        <source>抽查事项名称</source>
        <translation>Inspection item</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="127"/>
        <source>职能部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="128"/>
        <source>事项类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="129"/>
        <source>比例上限</source>
        <translation>Max ratio</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="130"/>
        <source>抽查对象</source>
        <translation>Targets</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="131"/>
        <source>抽查方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="132"/>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="133"/>
        <source>生效日期</source>
        <translation>Effective from</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="134"/>
        <source>所属计划</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="135"/>
        <source>计划状态</source>
        <translation>Plan status</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="136"/>
        <source>任务状态</source>
        <translation>Task status</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="138"/>
        <source>注册号</source>
        <translation>Registration no.</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="139"/>
        <source>对象类型</source>
        <translation>Target type</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="140"/>
        <source>住所（经营场所）</source>
        <translation>Address (business premises)</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="141"/>
        <source>登记机关</source>
        <translation>Registration authority</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="142"/>
        <source>行业代码</source>
        <translation>Industry code</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="143"/>
        <source>信用等级</source>
        <translation>Credit grade</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="144"/>
        <source>风险等级</source>
        <translation>Risk class</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="145"/>
        <source>成立日期</source>
        <translation>Established on</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="146"/>
        <source>上次检查日期</source>
        <translation>Last inspected on</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="147"/>
        <source>认领部门</source>
        <translation>Claimed by</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="148"/>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="149"/>
        <source>手机号码</source>
        <translation>Mobile phone</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="150"/>
        <source>发证机关</source>
        <translation>Issuing authority</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="151"/>
        <source>专业领域</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="152"/>
        <source>是否专家</source>
        <translation>Expert</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="153"/>
        <source>是否组长</source>
        <translation>Team leader</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="154"/>
        <source>抽查子项</source>
        <translation>Sub-items</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="155"/>
        <source>事项类型</source>
        <translation>Item type</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="156"/>
        <source>抽查比例上限</source>
        <translation>Max inspection ratio</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="157"/>
        <source>抽查频次</source>
        <translation>Frequency</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="158"/>
        <source>抽查依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="159"/>
        <source>抽查内容及要求</source>
        <translation>Content and requirements</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="160"/>
        <source>检查人员要求</source>
        <translation>Inspector requirements</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="161"/>
        <source>检查表模板</source>
        <translation>Checklist template</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="162"/>
        <source>调整原因</source>
        <translation>Reason for revision</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <location filename="../../app/ui/core_texts.py" line="20"/>
        <source>校验中…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../app/ui/core_texts.py" line="21"/>
        <source>校验并写入中…</source>
        <translation>Checking and writing…</translation>
    </message>
    <message>
        <location filename="../../app/ui/core_texts.py" line="22"/>
        <source>写入中…</source>
        <translation>Writing…</translation>
    </message>
    <message>
        <location filename="../../app/ui/core_texts.py" line="23"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../app/ui/core_texts.py" line="24"/>
        <source>校验</source>
        <translation>Verifying</translation>
    </message>
    <message>
        <location filename="../../app/ui/core_texts.py" line="25"/>
        <source>写出</source>
        <translation>Writing</translation>
    </message>
    <message>
        <location filename="../../app/ui/core_texts.py" line="26"/>
        <source>回读校验</source>
        <translation>Reading back to verify</translation>
    </message>
    <message>
        <location filename="../../app/ui/core_texts.py" line="27"/>
        <source>发送</source>
        <translation>Sending</translation>
    </message>
    <message>
        <location filename="../../app/ui/core_texts.py" line="28"/>
        <source>收集数据</source>
        <translation>Collecting data</translation>
    </message>
    <message>
        <location filename="../../app/ui/core_texts.py" line="29"/>
        <source>合并</source>
        <translation>Merging</translation>
    </message>
    <message>
        <location filename="../../app/ui/core_texts.py" line="30"/>
        <source>名录库</source>
        <translation>Registries</translation>
    </message>
    <message>
        <location filename="../../app/ui/core_texts.py" line="31"/>
        <source>抽查计划</source>
        <translation>Inspection plans</translation>
    </message>
    <message>
        <location filename="../../app/ui/core_texts.py" line="32"/>
        <source>公示抽查计划</source>
        <translation>Publishing the plan</translation>
    </message>
    <message>
        <location filename="../../app/ui/core_texts.py" line="33"/>
        <source>公开随机抽取</source>
        <translation>Public random draw</translation>
    </message>
    <message>
        <location filename="../../app/ui/core_texts.py" line="34"/>
        <source>检查表</source>
        <translation>Checklists</translation>
    </message>
    <message>
        <location filename="../../app/ui/core_texts.py" line="35"/>
        <source>检查结果与公示</source>
        <translation>Results and publication</translation>
    </message>
    <message>
        <location filename="../../app/ui/core_texts.py" line="38"/>
        <source>第{0}份，共{1}份</source>
        <translation>Sheet {0} of {1}</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../app/ui/errors.py" line="57"/>
        <source>
…（共 {0} 条）</source>
        <translation>
… ({0} in total)</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="60"/>
        <source>无法完成</source>
        <translation>Could not complete</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="61"/>
        <source>程序错误</source>
        <translation>Program error</translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="61"/>
        <source>发生了意外错误，操作未完成，数据未被更改。
详情已写入日志。</source>
        <translation>An unexpected error occurred. The operation did not complete and no data was changed.
Details were written to the log.</translation>
    </message>
</context>
<context>
    <name>exchange</name>
    <message>
        <location filename="../../app/ui/features/exchange/widgets.py" line="48"/>
        <source>安装 {0}…（未设置机构名称）</source>
        <translation>Installing {0}… (no organisation name set)</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/widgets.py" line="196"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../app/ui/features/exchange/widgets.py" line="201"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/exchange.py" line="31"/>
        <source>数据交换(&amp;X)</source>
        <translation>Data e&amp;xchange</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/exchange.py" line="38"/>
        <source>导出任务分配（给检查人员笔记本）…</source>
        <translation>Export assignments (for inspectors&apos; laptops)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/exchange.py" line="43"/>
        <source>导出检查结果（交回局里）…</source>
        <translation>Export results (back to the bureau)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/exchange.py" line="48"/>
        <source>导出公示数据（给县级平台）…</source>
        <translation>Export publication data (for the county platform)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/exchange.py" line="54"/>
        <source>导入数据包…</source>
        <translation>Import bundle…</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/exchange.py" line="59"/>
        <location filename="../../app/ui/menus/exchange.py" line="143"/>
        <source>冲突处理…</source>
        <translation>Conflicts…</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/exchange.py" line="65"/>
        <source>密钥管理…</source>
        <translation>Keys…</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/exchange.py" line="70"/>
        <source>同步…</source>
        <translation>Sync…</translation>
    </message>
    <message>
        <location filename="../../app/ui/menus/exchange.py" line="141"/>
        <source>冲突处理（{0} 条待处理）…</source>
        <translation>Conflicts ({0} open)…</translation>
    </message>
</context>
<context>
    <name>single_instance</name>
    <message>
        <location filename="../../app/ui/single_instance.py" line="146"/>
        <source>数据库已打开</source>
        <translation>Database already open</translation>
    </message>
    <message>
        <location filename="../../app/ui/single_instance.py" line="148"/>
        <source>数据库 {0} 已在另一个窗口中打开。
同一数据库同时只能由一个窗口编辑。</source>
        <translation>The database {0} is already open in another window.
Only one window at a time can edit a database.</translation>
    </message>
    <message>
        <location filename="../../app/ui/single_instance.py" line="154"/>
        <source>切换到已打开的窗口</source>
        <translation>Switch to that window</translation>
    </message>
    <message>
        <location filename="../../app/ui/single_instance.py" line="158"/>
        <source>以只读方式打开</source>
        <translation>Open read-only</translation>
    </message>
    <message>
        <location filename="../../app/ui/single_instance.py" line="162"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>startup</name>
    <message>
        <location filename="../../app/ui/startup.py" line="100"/>
        <source>数据库文件已损坏，无法安全打开：
{0}

{1}</source>
        <translation>The database file is damaged and cannot be opened safely:
{0}

{1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/startup.py" line="106"/>
        <source>从备份恢复…</source>
        <translation>Restore from backup…</translation>
    </message>
    <message>
        <location filename="../../app/ui/startup.py" line="111"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../app/ui/startup.py" line="114"/>
        <source>没有找到备份。请联系技术支持，不要删除该文件。</source>
        <translation>No backup found. Contact support and do not delete the file.</translation>
    </message>
    <message>
        <location filename="../../app/ui/startup.py" line="123"/>
        <source>选择要恢复的备份（最新在前）：</source>
        <translation>Choose the backup to restore (newest first):</translation>
    </message>
    <message>
        <location filename="../../app/ui/startup.py" line="138"/>
        <source>已恢复。损坏的文件已另存为 {0}。</source>
        <translation>Restored. The damaged file was saved as {0}.</translation>
    </message>
    <message>
        <location filename="../../app/ui/startup.py" line="202"/>
        <source>今日自动备份失败：{0}</source>
        <translation>Today&apos;s automatic backup failed: {0}</translation>
    </message>
</context>
<context>
    <name>values</name>
    <message>
        <location filename="../../app/ui/table_text.py" line="168"/>
        <source>草拟</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="169"/>
        <source>公示</source>
        <translation>Published</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="170"/>
        <source>执行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="171"/>
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="172"/>
        <source>待抽取</source>
        <translation>To draw</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="173"/>
        <source>已抽取</source>
        <translation>Drawn</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="174"/>
        <source>检查中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="175"/>
        <source>待检查</source>
        <translation>To inspect</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="176"/>
        <source>待审核</source>
        <translation>Awaiting review</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="177"/>
        <source>退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="178"/>
        <source>通过</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="179"/>
        <source>已公示</source>
        <translation>Published</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="180"/>
        <source>部门联合</source>
        <translation>Joint</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="181"/>
        <source>年度计划</source>
        <translation>Annual plan</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="182"/>
        <source>随机抽取检查对象</source>
        <translation>Random draw of targets</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="183"/>
        <source>随机选派执法检查人员</source>
        <translation>Random assignment of inspectors</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="184"/>
        <source>随机抽取专家</source>
        <translation>Random draw of experts</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="185"/>
        <source>已锁定，待输入</source>
        <translation>Locked, awaiting input</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="186"/>
        <source>有效</source>
        <translation>Valid</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="187"/>
        <source>无效（无法组队）</source>
        <translation>Invalid (no team possible)</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="188"/>
        <source>已中止</source>
        <translation>Aborted</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="189"/>
        <source>已撤销</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="190"/>
        <source>必查</source>
        <translation>Mandatory</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="191"/>
        <source>随机</source>
        <translation>Random</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="192"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="193"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="194"/>
        <source>在岗</source>
        <translation>On duty</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="195"/>
        <source>失效</source>
        <translation>Inactive</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="196"/>
        <source>重点</source>
        <translation>Key</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="197"/>
        <source>一般</source>
        <translation>General</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="198"/>
        <source>低</source>
        <translation>Low</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="199"/>
        <source>中</source>
        <translation>Medium</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="200"/>
        <source>较高</source>
        <translation>Elevated</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="201"/>
        <source>高</source>
        <translation>High</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="202"/>
        <source>存续</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="203"/>
        <source>吊销</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="204"/>
        <source>注销</source>
        <translation>Deregistered</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="205"/>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="206"/>
        <source>个体工商户</source>
        <translation>Individual</translation>
    </message>
    <message>
        <location filename="../../app/ui/table_text.py" line="207"/>
        <source>农民专业合作社</source>
        <translation>Cooperative</translation>
    </message>
</context>
</TS>
