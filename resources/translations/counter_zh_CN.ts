<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AbsenceDialog</name>
    <message>
        <location filename="../../app/ui/posts_page.py" line="88"/>
        <source>Mark an account absent</source>
        <translation>登记缺岗</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="103"/>
        <source>On these days the B of each post this account is A of holds that post&apos;s depths (the C, when the B is away too). Recorded and sent with the next sync.</source>
        <translation>这些天里，此人任A岗的岗位由B岗顶岗并持有该岗位的授权深度（B岗也不在时由C岗顶岗）。登记即记录，下次同步时上报中心。</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="110"/>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="111"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="112"/>
        <source>To (inclusive)</source>
        <translation>至（含当日）</translation>
    </message>
</context>
<context>
    <name>AccountsPage</name>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="79"/>
        <source>The two passwords differ: type the new password twice alike.</source>
        <translation>两次输入的密码不一致：请把新密码输入两遍且相同。</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="223"/>
        <source>Accounts</source>
        <translation>账号管理</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="229"/>
        <source>Add an account (Ctrl+N)</source>
        <translation>添加账号 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="232"/>
        <source>Disable (Ctrl+D)</source>
        <translation>停用 (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="235"/>
        <source>Enable (Ctrl+E)</source>
        <translation>启用 (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="238"/>
        <source>Reset password (Ctrl+R)</source>
        <translation>重置密码 (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="279"/>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="280"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="281"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="282"/>
        <source>In use</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="283"/>
        <source>Origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="284"/>
        <source>Locked</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="285"/>
        <source>Posts held</source>
        <translation>所在岗位</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="329"/>
        <source>Yes</source>
        <translation>在用</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="329"/>
        <source>Disabled</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="331"/>
        <source>until {0}</source>
        <translation>锁定至 {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="348"/>
        <source>This window is registered with the central: accounts come from the central. A staff change made there (a new account, one disabled or moved) takes effect here at the next sync.</source>
        <translation>本窗口已在中心登记：账号来自中心。中心的人员变动（新增、停用或调岗）在下次同步后在本窗口生效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="354"/>
        <source>Ctrl+N adds an account; Ctrl+D disables and Ctrl+E enables the chosen one; Ctrl+R gives it a new password (and ends a lock-out).</source>
        <translation>Ctrl+N 添加账号；Ctrl+D 停用、Ctrl+E 启用所选账号；Ctrl+R 为其设置新密码（同时解锁）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="358"/>
        <source>Only an administrator changes accounts.</source>
        <translation>只有管理员可以更改账号。</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="370"/>
        <source>Accounts come from the central: add or enable them there.</source>
        <translation>账号来自中心：请在中心添加或启用。</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="382"/>
        <source>The central manages this account&apos;s password: the county administrator sets a new one with counter central user passwd {0}; it works here after the next sync.</source>
        <translation>该账户的密码由中心统一管理：请县级管理员运行 counter central user passwd {0} 设置新密码，本窗口同步后即可使用</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="398"/>
        <source>Account {0} added.</source>
        <translation>已添加账号 {0}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="413"/>
        <source>You cannot disable the account you are logged in with: another administrator can.</source>
        <translation>不能停用当前登录的账号：请由另一位管理员停用。</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="420"/>
        <source>Disable the account</source>
        <translation>停用账号</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="422"/>
        <source>Disable {0} ({1})? They can no longer log in on this window until an account is enabled again.</source>
        <translation>停用 {0}（{1}）？停用后不能在本窗口登录，直到重新启用。</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="433"/>
        <source>Account {0} enabled.</source>
        <translation>已启用账号 {0}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="433"/>
        <source>Account {0} disabled.</source>
        <translation>已停用账号 {0}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="450"/>
        <source>New password set for {0}.</source>
        <translation>已为 {0} 设置新密码。</translation>
    </message>
</context>
<context>
    <name>ApplicantPage</name>
    <message>
        <location filename="../../app/ui/wizard/applicant_page.py" line="195"/>
        <source>Read ID card (F5)</source>
        <translation>读身份证 (F5)</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/applicant_page.py" line="207"/>
        <source>An agent applies on the applicant&apos;s behalf (&amp;G)</source>
        <translation>代办人代为申请 (&amp;G)</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/applicant_page.py" line="214"/>
        <source>optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/applicant_page.py" line="219"/>
        <source>Queue ticket</source>
        <translation>排队号</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/applicant_page.py" line="244"/>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/applicant_page.py" line="248"/>
        <source>Keys: F5 read the ID card · Tab next field · Enter in Phone or Ctrl+Enter: next step · Alt+G agent</source>
        <translation>按键：F5 读身份证 · Tab 下一栏 · 在“电话”栏按 Enter 或 Ctrl+Enter：下一步 · Alt+G 代办人</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/applicant_page.py" line="258"/>
        <source>No ID card reader configured: type the details.</source>
        <translation>未配置身份证阅读器，请手工录入。</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/applicant_page.py" line="303"/>
        <source>Reading the card…</source>
        <translation>正在读卡…</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/applicant_page.py" line="309"/>
        <source>No card on the reader. Place the card and press F5.</source>
        <translation>阅读器上没有证件，请放好证件后按 F5。</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/applicant_page.py" line="320"/>
        <source>Card read: {0}</source>
        <translation>已读取：{0}</translation>
    </message>
</context>
<context>
    <name>ArchivePage</name>
    <message>
        <location filename="../../app/ui/archive_page.py" line="37"/>
        <source>Archive (case files)</source>
        <translation>档案（立卷归档）</translation>
    </message>
    <message>
        <location filename="../../app/ui/archive_page.py" line="44"/>
        <source>List the month</source>
        <translation>列出本月</translation>
    </message>
    <message>
        <location filename="../../app/ui/archive_page.py" line="49"/>
        <location filename="../../app/ui/archive_page.py" line="88"/>
        <source>Volume number</source>
        <translation>档号</translation>
    </message>
    <message>
        <location filename="../../app/ui/archive_page.py" line="52"/>
        <location filename="../../app/ui/archive_page.py" line="89"/>
        <source>Case number</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/archive_page.py" line="55"/>
        <source>Applicant&apos;s ID number</source>
        <translation>申请人证件号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/archive_page.py" line="56"/>
        <source>Search (Enter)</source>
        <translation>查找（Enter）</translation>
    </message>
    <message>
        <location filename="../../app/ui/archive_page.py" line="69"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../app/ui/archive_page.py" line="90"/>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/archive_page.py" line="91"/>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../app/ui/archive_page.py" line="92"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/archive_page.py" line="93"/>
        <source>Ended</source>
        <translation>办结日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/archive_page.py" line="94"/>
        <source>Files /
pages</source>
        <translation>文件数 / 页数</translation>
    </message>
    <message>
        <location filename="../../app/ui/archive_page.py" line="95"/>
        <source>Handed
over</source>
        <translation>移交</translation>
    </message>
    <message>
        <location filename="../../app/ui/archive_page.py" line="129"/>
        <source>{0} volume(s) filed for cases ended in {1}</source>
        <translation>{1} 办结的办件已立卷 {0} 卷</translation>
    </message>
    <message>
        <location filename="../../app/ui/archive_page.py" line="140"/>
        <source>Type a volume number, a case number or an ID number.</source>
        <translation>请输入档号、办件编号或证件号码。</translation>
    </message>
    <message>
        <location filename="../../app/ui/archive_page.py" line="146"/>
        <source>{0} volume(s) found</source>
        <translation>找到 {0} 卷</translation>
    </message>
</context>
<context>
    <name>BundleWizard</name>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="560"/>
        <source>(choose a date)</source>
        <translation>（请选择日期）</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="561"/>
        <source>Supply the missing materials by</source>
        <translation>补齐材料期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="624"/>
        <source>No later than {0}.</source>
        <translation>最迟 {0}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="638"/>
        <source>Choose the date by which the missing materials are supplied: 容缺受理 needs it.</source>
        <translation>请选择补齐材料的日期：容缺受理必须约定补齐期限。</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="647"/>
        <source>The supply deadline {0} is already past: choose today ({1}) or a later date.</source>
        <translation>补齐期限 {0} 已过：请选择今天（{1}）或以后的日期。</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="184"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="186"/>
        <source>← Back (Alt+←)</source>
        <translation>← 上一步（Alt+←）</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="188"/>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="292"/>
        <source>Next (Ctrl+Enter)</source>
        <translation>下一步（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="265"/>
        <source>Bundle: {0} — situation</source>
        <translation>一件事：{0} — 办理情形</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="266"/>
        <source>Bundle: {0} — each item&apos;s situation</source>
        <translation>一件事：{0} — 各事项情形</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="269"/>
        <source>Bundle: {0} — one checklist</source>
        <translation>一件事：{0} — 一张材料清单</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="270"/>
        <source>Bundle: {0} — outcome of each item</source>
        <translation>一件事：{0} — 各事项办理结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="271"/>
        <source>Bundle: {0} — slips</source>
        <translation>一件事：{0} — 单据</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="276"/>
        <source>Keys: ↑/↓ move · 1/O present · 2/M missing · 3/D not acceptable (then type the reason) · 4/P promised · Ctrl+Enter next · Alt+← back</source>
        <translation>按键：1 齐全 · 2 缺少 · 3 不合格（再填原因） · 4 承诺 · ↑/↓ 移动 · Ctrl+Enter 下一步 · Alt+← 上一步</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="280"/>
        <source>Keys: Tab to each item · ↑/↓ choose its outcome · Ctrl+Enter record · Alt+← back</source>
        <translation>按键：Tab 到各事项 · ↑/↓ 选择办理结果 · Ctrl+Enter 登记 · Alt+← 上一步</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="282"/>
        <source>Keys: Tab to the print button · Enter print</source>
        <translation>按键：Tab 到打印按钮 · Enter 打印</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="285"/>
        <source>Keys: Tab next question · Space tick · Ctrl+Enter next</source>
        <translation>按键：Tab 下一个问题 · 空格 勾选 · Ctrl+Enter 下一步</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="288"/>
        <source>Record (Ctrl+Enter)</source>
        <translation>登记（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="290"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="390"/>
        <source> (set by the bundle)</source>
        <translation>（一件事已定）</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="439"/>
        <source>Check “{0}”: press 1 present, 2 missing, 3 not acceptable, 4 promised.</source>
        <translation>请核验“{0}”：按 1 齐全、2 缺少、3 不合格、4 承诺</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="446"/>
        <source>Say what is wrong with this material.</source>
        <translation>请填写该材料不合格的原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="455"/>
        <source>Material</source>
        <translation>材料</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="455"/>
        <source>Form</source>
        <translation>形式</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="455"/>
        <source>For items</source>
        <translation>用于事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="455"/>
        <source>Check</source>
        <translation>核验</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="472"/>
        <source>What is wrong with it (for 3/D)</source>
        <translation>不合格的原因（按 3 时填写）</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="499"/>
        <source>{0} materials for {1} items ({2} if taken one by one).</source>
        <translation>{1} 个事项共收 {0} 份材料（逐项办理需 {2} 份）</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="676"/>
        <source>Reason (for a refusal)</source>
        <translation>原因（不予受理时填写）</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="680"/>
        <source>Suggested: {0}.</source>
        <translation>建议：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="682"/>
        <source>Not {0}: {1}</source>
        <translation>不能{0}：{1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="703"/>
        <source>Recording…</source>
        <translation>正在登记…</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="732"/>
        <source>Cancel intake</source>
        <translation>取消受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/bundle_wizard.py" line="733"/>
        <source>Discard this intake? Nothing has been recorded for it yet.</source>
        <translation>放弃本次受理？尚未登记任何内容。</translation>
    </message>
</context>
<context>
    <name>CaseLookupField</name>
    <message>
        <location filename="../../app/ui/case_lookup.py" line="50"/>
        <source>Scan or type a case number (F2)</source>
        <translation>扫码或输入办件编号 (F2)</translation>
    </message>
</context>
<context>
    <name>CasePage</name>
    <message>
        <location filename="../../app/ui/case_page.py" line="357"/>
        <source>{0} (provisional: subject to the State Council&apos;s {1} holiday schedule)</source>
        <translation>{0}（暂定，以国务院公布的{1}年节假日安排为准）</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="111"/>
        <source>Check the missing materials (Ctrl+Enter)</source>
        <translation>核对补正材料 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="128"/>
        <source>Hand over the result</source>
        <translation>结果送达</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="130"/>
        <source>The applicant collects it (&amp;S)</source>
        <translation>申请人本人领取 (&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="132"/>
        <source>An agent collects it (&amp;G)</source>
        <translation>代领人领取 (&amp;G)</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="141"/>
        <source>Record the pickup</source>
        <translation>登记领取</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="163"/>
        <source>Back office</source>
        <translation>后台流转</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="169"/>
        <source>Transfer the materials (Ctrl+T)</source>
        <translation>材料流转 (Ctrl+T)</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="172"/>
        <source>Result arrived (Ctrl+R)</source>
        <translation>结果到件 (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="199"/>
        <source>Back to home (Esc)</source>
        <translation>返回首页 (Esc)</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="274"/>
        <source>When the materials go to the back office, record it here: a transfer list is printed to go with them.</source>
        <translation>材料移交后台审批时在此登记，系统同时打印材料流转单随材料移交。</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="282"/>
        <source>The materials are with the back office. When the result comes back to this window, record it here: the applicant can then collect it.</source>
        <translation>材料已流转至后台。办理结果送回本窗口时在此登记，申请人即可领取。</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="286"/>
        <source>The materials were transferred already.</source>
        <translation>材料已流转。</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="294"/>
        <source>Transfer the materials</source>
        <translation>材料流转</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="296"/>
        <source>Hand the materials of case {0} ({1}) on to the back office? A transfer list is printed to go with them.</source>
        <translation>确认将办件 {0}（{1}）的材料流转至后台？将打印材料流转单随材料移交。</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="308"/>
        <source>Result arrived</source>
        <translation>结果到件</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="310"/>
        <source>Has the result of case {0} ({1}) arrived at this window? The applicant can then collect it.</source>
        <translation>确认办件 {0}（{1}）的办理结果已送达本窗口？确认后申请人即可领取。</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="340"/>
        <source>Transfer list</source>
        <translation>材料流转单</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="364"/>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="366"/>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="372"/>
        <source>Agent</source>
        <translation>代办人</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="374"/>
        <source>Outcome</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="375"/>
        <source>Received</source>
        <translation>收件时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="376"/>
        <source>Promised completion</source>
        <translation>承诺办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="377"/>
        <source>Visits</source>
        <translation>到窗次数</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="381"/>
        <source>Supply missing materials by</source>
        <translation>补齐期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="384"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_page.py" line="395"/>
        <source>Still missing</source>
        <translation>尚缺材料</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../app/ui/case_table.py" line="131"/>
        <source>Provisional: counted with the statutory holidays of a year whose holiday schedule is not yet published</source>
        <translation>暂定：该年节假日安排尚未公布，按法定节假日计算</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_table.py" line="85"/>
        <source>{0} (provisional)</source>
        <translation>{0}（暂定）</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_table.py" line="73"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_table.py" line="74"/>
        <source>Case number</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_table.py" line="75"/>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_table.py" line="76"/>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_table.py" line="77"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_table.py" line="78"/>
        <source>Due</source>
        <translation>承诺办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_table.py" line="135"/>
        <source>Overdue: the promised date has passed</source>
        <translation>已超期：超过承诺办结日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_table.py" line="137"/>
        <source>Near the promised date</source>
        <translation>临近承诺办结日期</translation>
    </message>
</context>
<context>
    <name>CatalogVersionsPage</name>
    <message>
        <location filename="../../app/ui/catalog_versions_page.py" line="42"/>
        <source>Catalog versions</source>
        <translation>目录版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/catalog_versions_page.py" line="46"/>
        <source>Choose a version to see what it added, changed and dropped against the one before. Open a catalog file (Ctrl+O) to see the same before it takes effect.</source>
        <translation>选择一个版本，查看它相对上一版本新增、修改和删除的事项；打开目录文件（Ctrl+O）可在生效前查看同样的比较。</translation>
    </message>
    <message>
        <location filename="../../app/ui/catalog_versions_page.py" line="52"/>
        <source>Compare a catalog file… (Ctrl+O)</source>
        <translation>比较目录文件…（Ctrl+O）</translation>
    </message>
    <message>
        <location filename="../../app/ui/catalog_versions_page.py" line="55"/>
        <source>Import this file</source>
        <translation>导入此文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/catalog_versions_page.py" line="70"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/catalog_versions_page.py" line="71"/>
        <source>Imported</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/catalog_versions_page.py" line="72"/>
        <source>Published</source>
        <translation>发布日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/catalog_versions_page.py" line="73"/>
        <source>From</source>
        <translation>来源方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/catalog_versions_page.py" line="74"/>
        <source>Items</source>
        <translation>事项数</translation>
    </message>
    <message>
        <location filename="../../app/ui/catalog_versions_page.py" line="148"/>
        <source>Version {0} against version {1}</source>
        <translation>版本 {0} 与版本 {1} 比较</translation>
    </message>
    <message>
        <location filename="../../app/ui/catalog_versions_page.py" line="150"/>
        <source>Version {0}: the first this window imported</source>
        <translation>版本 {0}：本窗口导入的第一个版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/catalog_versions_page.py" line="162"/>
        <location filename="../../app/ui/catalog_versions_page.py" line="185"/>
        <location filename="../../app/ui/catalog_versions_page.py" line="204"/>
        <source>Catalog file</source>
        <translation>目录文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/catalog_versions_page.py" line="162"/>
        <source>Catalog (*.json *.xlsx)</source>
        <translation>目录文件 (*.json *.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/catalog_versions_page.py" line="175"/>
        <source>{0} against the version in effect (not imported yet)</source>
        <translation>{0} 与现行版本比较（尚未导入）</translation>
    </message>
    <message>
        <location filename="../../app/ui/catalog_versions_page.py" line="214"/>
        <source>{0} added · {1} changed · {2} dropped · {3} unchanged</source>
        <translation>新增 {0} 项 · 修改 {1} 项 · 删除 {2} 项 · 未变 {3} 项</translation>
    </message>
    <message>
        <location filename="../../app/ui/catalog_versions_page.py" line="225"/>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../app/ui/catalog_versions_page.py" line="227"/>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../app/ui/catalog_versions_page.py" line="236"/>
        <source>Dropped (kept for the cases that name them)</source>
        <translation>删除（已有办件仍按原版本保留）</translation>
    </message>
</context>
<context>
    <name>ChecklistPage</name>
    <message>
        <location filename="../../app/ui/checklist_browser.py" line="79"/>
        <source>Item checklists</source>
        <translation>事项清单</translation>
    </message>
    <message>
        <location filename="../../app/ui/checklist_browser.py" line="82"/>
        <source>Read-only: the catalog as published. Search by name, pinyin initials or code.</source>
        <translation>只读：县级发布的标准化清单。可按名称、拼音首字母或编码搜索。</translation>
    </message>
</context>
<context>
    <name>ComplaintPage</name>
    <message>
        <location filename="../../app/ui/complaint_page.py" line="31"/>
        <source>Could not get it done (办不成事)</source>
        <translation>办不成事反映</translation>
    </message>
    <message>
        <location filename="../../app/ui/complaint_page.py" line="35"/>
        <source>Record what the person could not get done. Every complaint opens a rectification ticket with a deadline; the supervisor follows it up.</source>
        <translation>记录群众反映的“办不成的事”。每条反映都生成一张有期限的整改单，由值班长跟进。</translation>
    </message>
    <message>
        <location filename="../../app/ui/complaint_page.py" line="43"/>
        <source>What happened, what the person needs</source>
        <translation>遇到了什么问题，需要办什么</translation>
    </message>
    <message>
        <location filename="../../app/ui/complaint_page.py" line="50"/>
        <source>optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <location filename="../../app/ui/complaint_page.py" line="54"/>
        <source>Record complaint (Ctrl+Enter)</source>
        <translation>登记反映 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../app/ui/complaint_page.py" line="69"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/complaint_page.py" line="70"/>
        <source>Name</source>
        <translation>反映人</translation>
    </message>
    <message>
        <location filename="../../app/ui/complaint_page.py" line="71"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/complaint_page.py" line="72"/>
        <source>Case number</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/complaint_page.py" line="110"/>
        <source>Recorded. Ticket due {0}.</source>
        <translation>已登记。整改期限 {0}。</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <location filename="../../app/ui/conflicts_page.py" line="33"/>
        <source>Conflicts between windows</source>
        <translation>多窗口冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_page.py" line="37"/>
        <source>Acts on one case recorded at several windows that could not all take effect. Each act is kept; the rule says which one stands. Enter opens the case.</source>
        <translation>同一办件在多个窗口登记、不能同时生效的办理行为。每条记录都保留，按处理规则确定以哪一条为准。按 Enter 打开办件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_page.py" line="47"/>
        <source>Case number</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_page.py" line="48"/>
        <source>Conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_page.py" line="49"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_page.py" line="50"/>
        <source>Recorded</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_page.py" line="51"/>
        <source>Rule</source>
        <translation>处理规则</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_page.py" line="89"/>
        <source>{0} conflict(s)</source>
        <translation>共 {0} 条冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_page.py" line="91"/>
        <source>No conflicts: every window&apos;s acts took effect.</source>
        <translation>没有冲突：各窗口的办理行为均已生效。</translation>
    </message>
</context>
<context>
    <name>ConsultationPage</name>
    <message>
        <location filename="../../app/ui/consultation_page.py" line="41"/>
        <source>Consultation</source>
        <translation>咨询</translation>
    </message>
    <message>
        <location filename="../../app/ui/consultation_page.py" line="46"/>
        <source>What the person asked</source>
        <translation>群众咨询的问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/consultation_page.py" line="49"/>
        <source>What you answered</source>
        <translation>答复内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/consultation_page.py" line="51"/>
        <source>Print the guide (Ctrl+P)</source>
        <translation>打印办事指南 (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../app/ui/consultation_page.py" line="60"/>
        <source>Record consultation (Ctrl+Enter)</source>
        <translation>登记咨询 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../app/ui/consultation_page.py" line="81"/>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/consultation_page.py" line="82"/>
        <source>Answer</source>
        <translation>答复</translation>
    </message>
    <message>
        <location filename="../../app/ui/consultation_page.py" line="110"/>
        <source>Choose the item the person asked about.</source>
        <translation>请先选择咨询的事项。</translation>
    </message>
    <message>
        <location filename="../../app/ui/consultation_page.py" line="127"/>
        <source>Consultation recorded.</source>
        <translation>咨询已登记。</translation>
    </message>
    <message>
        <location filename="../../app/ui/consultation_page.py" line="144"/>
        <source>Choose the item first.</source>
        <translation>请先选择事项。</translation>
    </message>
    <message>
        <location filename="../../app/ui/consultation_page.py" line="148"/>
        <source>Preparing the guide…</source>
        <translation>正在生成办事指南…</translation>
    </message>
    <message>
        <location filename="../../app/ui/consultation_page.py" line="154"/>
        <source>The guide was sent to the printer.</source>
        <translation>办事指南已发送到打印机。</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../app/ui/home.py" line="382"/>
        <source>The holiday schedule for {0} has not been published or imported yet: a promised date falling in {0} is counted with the statutory holidays and is provisional (暂定) until it arrives. Ask the administrator to sync or import it as soon as the county publishes it.</source>
        <translation>{0}年的节假日安排尚未发布或尚未导入：承诺办结日期在{0}年的，按法定节假日计算，在节假日表到达前为暂定日期。请管理员在本县发布后及时同步或导入。</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="375"/>
        <source>The holiday schedule for {0} has not been published or imported: promised dates are counted with the statutory holidays and are provisional (暂定). Ask the administrator to sync or import the schedule the county published.</source>
        <translation>{0}年的节假日安排尚未发布或尚未导入：承诺办结日期按法定节假日计算，为暂定日期。请管理员同步或导入本县发布的节假日表。</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="327"/>
        <source>Rectification tickets: {0} overdue, {1} due within days.</source>
        <translation>整改单：{0} 张已超期，{1} 张即将到期。</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="317"/>
        <source>Post-checks of commitments overdue: {0} case(s).</source>
        <translation>告知承诺核查逾期：{0} 件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="340"/>
        <source>This window runs Counter {0}, below the minimum version {1} the county requires: new intakes are refused (records already made are still sent). Please install Counter {2}.</source>
        <translation>本窗口的 Counter {0} 低于县里要求的最低版本 {1}：已停止受理新办件（已有记录照常上传）。请安装 Counter {2}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="346"/>
        <source>Counter {0} has been released (this window runs {1}): please have it installed.</source>
        <translation>Counter {0} 已发布（本窗口为 {1}）：请安排安装。</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="359"/>
        <source>The holiday schedule changed the promised date of {0} case(s); please tell the applicants:</source>
        <translation>节假日安排变更了{0}件办件的承诺办结日期，请告知申请人：</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="151"/>
        <source>Consultations</source>
        <translation>咨询</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="152"/>
        <source>Accepted</source>
        <translation>受理（含容缺）</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="153"/>
        <source>Returned for corrections</source>
        <translation>一次性告知</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="154"/>
        <source>Refused</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="156"/>
        <source>New intake (F3)</source>
        <translation>新收件 (F3)</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="161"/>
        <source>Consultation (F4)</source>
        <translation>咨询 (F4)</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="184"/>
        <source>Today&apos;s and due cases</source>
        <translation>今日及临期办件</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="186"/>
        <source>Waiting for pickup</source>
        <translation>待领取</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="190"/>
        <source>Yellow: promised date near · Red: overdue · Enter or double-click opens a case</source>
        <translation>黄色：临近承诺期限 · 红色：已超期 · 回车或双击打开办件</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="296"/>
        <source>incl. {0} with tolerated gaps</source>
        <translation>其中容缺受理 {0} 件</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="305"/>
        <source>Today&apos;s and due cases ({0})</source>
        <translation>今日及临期办件（{0}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/home.py" line="306"/>
        <source>Waiting for pickup ({0})</source>
        <translation>待领取（{0}）</translation>
    </message>
</context>
<context>
    <name>IntakeWizard</name>
    <message>
        <location filename="../../app/ui/wizard/intake_wizard.py" line="127"/>
        <location filename="../../app/ui/wizard/intake_wizard.py" line="427"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/intake_wizard.py" line="130"/>
        <source>← Back (Alt+←)</source>
        <translation>← 上一步 (Alt+←)</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/intake_wizard.py" line="374"/>
        <source>The applicant has not rated yet. Press Ctrl+Enter again to finish without a review.</source>
        <translation>申请人还没有评价。再按一次 Ctrl+Enter 结束本次办理（记为未评价）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/intake_wizard.py" line="425"/>
        <source>Next → (Ctrl+Enter)</source>
        <translation>下一步 → (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/intake_wizard.py" line="427"/>
        <location filename="../../app/ui/wizard/intake_wizard.py" line="565"/>
        <source>Cancel intake</source>
        <translation>放弃本次收件</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/intake_wizard.py" line="529"/>
        <source>Recording…</source>
        <translation>正在登记…</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/intake_wizard.py" line="566"/>
        <source>Discard this intake? Nothing has been recorded for it yet.</source>
        <translation>放弃本次收件吗？本次收件尚未登记任何内容。</translation>
    </message>
</context>
<context>
    <name>ItemPage</name>
    <message>
        <location filename="../../app/ui/wizard/item_page.py" line="45"/>
        <source>Item</source>
        <translation>选择事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/item_page.py" line="48"/>
        <source>Keys: type to search · ↑/↓ move · Enter choose · Alt+← back</source>
        <translation>按键：输入即搜索 · ↑/↓ 移动 · Enter 选定 · Alt+← 上一步</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/item_page.py" line="57"/>
        <source>Chosen: {0}</source>
        <translation>已选：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/item_page.py" line="59"/>
        <source>Type to search; ↑/↓ to move, Enter to choose.</source>
        <translation>输入即搜索；↑/↓ 移动，回车选定。</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/item_page.py" line="68"/>
        <source>Press Enter to choose the item.</source>
        <translation>请按回车选定事项。</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/item_page.py" line="70"/>
        <source>Choose the item the applicant came for.</source>
        <translation>请选择申请人要办理的事项。</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/item_page.py" line="77"/>
        <source>Type the item, or move to a recent one with ↓, then press Enter.</source>
        <translation>请输入事项名称，或用 ↓ 移到最近办理的事项，再按 Enter。</translation>
    </message>
</context>
<context>
    <name>ItemPicker</name>
    <message>
        <location filename="../../app/ui/catalog_data.py" line="33"/>
        <source>recent</source>
        <translation>最近</translation>
    </message>
    <message>
        <location filename="../../app/ui/catalog_data.py" line="33"/>
        <source>frequent</source>
        <translation>常用</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_picker.py" line="88"/>
        <source>Type the item: name, pinyin initials or code</source>
        <translation>输入事项名称、拼音首字母或编码</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_picker.py" line="108"/>
        <source>Preparing the item index…</source>
        <translation>正在准备事项索引…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/item_picker.py" line="138"/>
        <source>%n item(s) found</source>
        <translation>
            <numerusform>找到 %n 个事项</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/item_picker.py" line="140"/>
        <source>No item matches. Try fewer characters or the pinyin initials.</source>
        <translation>没有匹配的事项。请减少字数或改用拼音首字母。</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_picker.py" line="145"/>
        <source>Recent and frequent items at this window</source>
        <translation>本窗口最近和常用的事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_picker.py" line="147"/>
        <source>{0} items in the catalog</source>
        <translation>目录共 {0} 个事项</translation>
    </message>
</context>
<context>
    <name>ItemView</name>
    <message>
        <location filename="../../app/ui/item_view.py" line="76"/>
        <source>The {0} holiday schedule has not been published yet: this item can be accepted, and its promised date is counted with the statutory holidays and printed as provisional (暂定). It is counted again when the schedule arrives.</source>
        <translation>{0}年的节假日安排尚未公布：本事项可以受理，承诺办结日期按法定节假日计算，在屏幕和通知书上标为“暂定”；节假日安排公布后将重新计算。</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="19"/>
        <source>on the spot</source>
        <translation>即办</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="20"/>
        <source>{0} working days</source>
        <translation>{0} 个工作日</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="26"/>
        <source>Form</source>
        <translation>形式</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="27"/>
        <source>Copies</source>
        <translation>份数</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="28"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="29"/>
        <source>Requirements</source>
        <translation>要求</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="30"/>
        <source>Common errors (易错提醒)</source>
        <translation>易错提醒</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="60"/>
        <location filename="../../app/ui/item_view.py" line="146"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="61"/>
        <location filename="../../app/ui/item_view.py" line="147"/>
        <source>Department</source>
        <translation>实施主体</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="62"/>
        <source>Legal time limit</source>
        <translation>法定时限</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="63"/>
        <source>Promised time limit</source>
        <translation>承诺时限</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="64"/>
        <source>Fee</source>
        <translation>收费</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="65"/>
        <source>Result</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="66"/>
        <source>Conditions</source>
        <translation>受理条件</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="68"/>
        <source>Situation questions</source>
        <translation>办理情形</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="69"/>
        <source>Materials</source>
        <translation>材料</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="70"/>
        <location filename="../../app/ui/item_view.py" line="158"/>
        <source>Only when</source>
        <translation>适用情形</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="71"/>
        <source>Review points</source>
        <translation>审查要点</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="72"/>
        <source>Steps</source>
        <translation>办理流程</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="73"/>
        <source>Frequent questions</source>
        <translation>常见问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="140"/>
        <source>One visit for several items (一件事)</source>
        <translation>一件事：一次办理多个事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="148"/>
        <source>Joint promised time limit</source>
        <translation>联办承诺时限</translation>
    </message>
    <message>
        <location filename="../../app/ui/item_view.py" line="177"/>
        <source>Handed in once for several items</source>
        <translation>多个事项共用、只交一次的材料</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../app/ui/labels.py" line="50"/>
        <source>Promised</source>
        <translation>承诺</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="39"/>
        <source>Not granted</source>
        <translation>不予许可</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="17"/>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="18"/>
        <source>Accept with tolerated gaps</source>
        <translation>容缺受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="19"/>
        <source>Return for corrections</source>
        <translation>一次性告知</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="20"/>
        <source>Refuse</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="21"/>
        <source>Consultation only</source>
        <translation>仅咨询</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="22"/>
        <source>Result collected</source>
        <translation>结果领取</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="29"/>
        <source>Awaiting corrections</source>
        <translation>待补正</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="30"/>
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="31"/>
        <source>Accepted (gaps)</source>
        <translation>容缺受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="32"/>
        <source>Refused</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="33"/>
        <source>Transferred</source>
        <translation>已流转</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="34"/>
        <source>Ready for pickup</source>
        <translation>待领取</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="35"/>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="36"/>
        <location filename="../../app/ui/ticket_labels.py" line="53"/>
        <location filename="../../app/ui/ticket_labels.py" line="65"/>
        <source>Closed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="37"/>
        <source>Revoked</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="46"/>
        <source>OK</source>
        <translation>齐全</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="47"/>
        <source>Missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="48"/>
        <source>Defective</source>
        <translation>不合格</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="51"/>
        <source>Not checked</source>
        <translation>未核对</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="58"/>
        <source>Resident ID card</source>
        <translation>居民身份证</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="59"/>
        <source>Foreigner&apos;s permanent residence ID</source>
        <translation>外国人永久居留身份证</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="60"/>
        <source>HK/Macao/Taiwan residence permit</source>
        <translation>港澳台居民居住证</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="61"/>
        <source>Passport</source>
        <translation>护照</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="62"/>
        <source>HK/Macao travel permit</source>
        <translation>港澳居民来往内地通行证</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="63"/>
        <source>Taiwan travel permit</source>
        <translation>台湾居民来往大陆通行证</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="64"/>
        <source>Other document</source>
        <translation>其他证件</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="65"/>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="72"/>
        <source>Very satisfied</source>
        <translation>非常满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="73"/>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="74"/>
        <source>Fairly satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="75"/>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="76"/>
        <source>Very dissatisfied</source>
        <translation>非常不满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="83"/>
        <source>Required</source>
        <translation>必要</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="84"/>
        <source>Tolerable (容缺)</source>
        <translation>容缺</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="85"/>
        <source>Optional</source>
        <translation>非必要</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="125"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="130"/>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_page.py" line="18"/>
        <source>Picked up twice</source>
        <translation>重复领取</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_page.py" line="19"/>
        <source>Supplement after a refusal</source>
        <translation>不予受理后补正</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_page.py" line="20"/>
        <source>Gaps supplied after their deadline</source>
        <translation>容缺逾期补齐</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_page.py" line="21"/>
        <source>Supplemented twice</source>
        <translation>重复补正</translation>
    </message>
    <message>
        <location filename="../../app/ui/conflicts_page.py" line="22"/>
        <source>Pickup before the result</source>
        <translation>未出结果即领取</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="13"/>
        <source>Bad review</source>
        <translation>差评</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="14"/>
        <source>Could not get it done</source>
        <translation>办不成事</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="15"/>
        <source>12345 referral</source>
        <translation>12345转办</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="16"/>
        <source>Spot check</source>
        <translation>督查抽查</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="17"/>
        <source>Third-party evaluation</source>
        <translation>第三方评估</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="24"/>
        <source>Guide unclear or wrong</source>
        <translation>办事指南不清或与实际不符</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="25"/>
        <source>Materials beyond the list asked for</source>
        <translation>要求提交清单外材料</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="26"/>
        <source>Corrections not told all at once</source>
        <translation>一次性告知不到位</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="27"/>
        <source>Several trips needed</source>
        <translation>多次跑腿</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="28"/>
        <source>Time limit exceeded</source>
        <translation>超时限办理</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="29"/>
        <source>Passed around, refused without good reason</source>
        <translation>推诿扯皮、不予受理理由不当</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="30"/>
        <source>Unfriendly service</source>
        <translation>服务态度生硬</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="31"/>
        <source>Discipline (absent, late, private business)</source>
        <translation>工作纪律（脱岗、迟到、办私事）</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="32"/>
        <source>Lack of knowledge, wrong answers</source>
        <translation>业务不熟、解答有误</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="33"/>
        <source>Long waiting</source>
        <translation>排队等候时间长</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="34"/>
        <source>Online service, system failure</source>
        <translation>网上办理、系统故障</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="35"/>
        <source>Premises and equipment</source>
        <translation>场所设施设备</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="36"/>
        <source>Fees</source>
        <translation>收费问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="37"/>
        <source>Wrong result or certificate</source>
        <translation>办理结果或证照有误</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="38"/>
        <source>Personal data protection</source>
        <translation>个人信息保护</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="39"/>
        <source>Integrity (asking for favours)</source>
        <translation>廉洁问题（吃拿卡要）</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="40"/>
        <source>The policy itself (not the window)</source>
        <translation>政策规定本身（非窗口原因）</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="41"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="48"/>
        <source>To take</source>
        <translation>待领单</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="49"/>
        <source>Being rectified</source>
        <translation>整改中</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="50"/>
        <source>To call back</source>
        <translation>待回访</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="51"/>
        <source>To close</source>
        <translation>待销单</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="52"/>
        <source>Appeal under review</source>
        <translation>申诉复核中</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="60"/>
        <source>Opened</source>
        <translation>开单</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="61"/>
        <source>Taken</source>
        <translation>领单</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="62"/>
        <source>Classified</source>
        <translation>归类</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="63"/>
        <source>Measure recorded</source>
        <translation>整改</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="64"/>
        <source>Called back</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="66"/>
        <source>Appealed</source>
        <translation>申诉</translation>
    </message>
    <message>
        <location filename="../../app/ui/ticket_labels.py" line="67"/>
        <source>Appeal decided</source>
        <translation>复核</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="44"/>
        <source>Clerk</source>
        <translation>窗口人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="45"/>
        <source>Supervisor</source>
        <translation>值班长</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="46"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="53"/>
        <source>Local</source>
        <translation>本地</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="322"/>
        <source>Admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="54"/>
        <source>Central</source>
        <translation>中心</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="38"/>
        <source>Counter — log in</source>
        <translation>综合受理 — 登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="54"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="62"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="63"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="77"/>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="80"/>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="71"/>
        <source>Counter — {0}</source>
        <translation>综合受理 — {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="72"/>
        <source>[PRACTICE] {0}</source>
        <translation>【练习】{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="90"/>
        <source>Clerk: {0}</source>
        <translation>窗口人员：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="123"/>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="124"/>
        <source>New intake</source>
        <translation>收件</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="125"/>
        <source>Consultation</source>
        <translation>咨询</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="126"/>
        <source>Item checklists</source>
        <translation>事项清单</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="127"/>
        <source>Could not get it done</source>
        <translation>办不成事</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="139"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="145"/>
        <source>Settings cannot be changed in practice mode</source>
        <translation>练习模式下不能修改窗口设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="188"/>
        <source>Practice mode: nothing is synced</source>
        <translation>练习模式：不同步</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="251"/>
        <source>This account&apos;s practice mode and the records that opened do not match. Nothing was recorded; start Counter again.</source>
        <translation>本账号的练习模式与打开的数据库不一致，未记录任何内容；请重新启动 Counter。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="302"/>
        <source>Opening the window&apos;s data…</source>
        <translation>正在打开本窗口的数据…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="386"/>
        <source>End practice</source>
        <translation>结束练习</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="388"/>
        <source>End practice and close Counter? The practice cases stay in the practice store only. To work for real, an administrator turns practice mode off for your account; the next log-in then opens the window&apos;s real records.</source>
        <translation>结束练习并关闭 Counter？练习中的办件只保存在练习库中。正式办理前，请管理员为您的账号关闭练习模式，下次登录即进入本窗口的正式台账。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="650"/>
        <source>An intake is in progress ({0}). Close Counter? The intake is kept as a draft and offered again at the next start.</source>
        <translation>正在收件（{0}）。要关闭程序吗？本次收件已存为草稿，下次启动时可继续。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="300"/>
        <source>Opening the window&apos;s data… (your request follows)</source>
        <translation>正在打开本窗口的数据…（稍后自动继续您的操作）</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="305"/>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="523"/>
        <source>Opening case {0}…</source>
        <translation>正在打开办件 {0}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="534"/>
        <source>Open case</source>
        <translation>打开办件</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="424"/>
        <location filename="../../app/ui/main_window.py" line="543"/>
        <location filename="../../app/ui/main_window.py" line="648"/>
        <source>Intake in progress</source>
        <translation>正在收件</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="426"/>
        <source>An intake is in progress ({0}). Keep it as a draft and start a new one?</source>
        <translation>正在收件（{0}）。存为草稿并开始新的收件吗？</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="427"/>
        <location filename="../../app/ui/main_window.py" line="652"/>
        <source>no details yet</source>
        <translation>尚未填写</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="544"/>
        <source>An intake is in progress. Keep it as a draft and start the supplement?</source>
        <translation>当前有未完成的收件。保存为草稿并开始补正吗？</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="605"/>
        <source>(no details yet)</source>
        <translation>（尚未填写）</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="608"/>
        <source>Unfinished intake</source>
        <translation>未完成的收件</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="609"/>
        <source>An intake was not finished ({0}, last saved {1}). Resume it now?</source>
        <translation>有一次收件未完成（{0}，最后保存于 {1}）。现在继续吗？</translation>
    </message>
    <message>
        <location filename="../../app/ui/supervisor_nav.py" line="88"/>
        <source>Rectification</source>
        <translation>整改清单</translation>
    </message>
    <message>
        <location filename="../../app/ui/supervisor_nav.py" line="89"/>
        <source>Reports</source>
        <translation>统计报表</translation>
    </message>
    <message>
        <location filename="../../app/ui/supervisor_nav.py" line="90"/>
        <source>Archive</source>
        <translation>档案查询</translation>
    </message>
    <message>
        <location filename="../../app/ui/supervisor_nav.py" line="91"/>
        <source>Catalog versions</source>
        <translation>目录版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/supervisor_nav.py" line="92"/>
        <source>Accounts</source>
        <translation>账号管理</translation>
    </message>
    <message>
        <location filename="../../app/ui/supervisor_nav.py" line="93"/>
        <source>Posts</source>
        <translation>岗位分工</translation>
    </message>
    <message>
        <location filename="../../app/ui/supervisor_nav.py" line="97"/>
        <source>Conflicts</source>
        <translation>多窗口冲突</translation>
    </message>
</context>
<context>
    <name>MaterialsModel</name>
    <message>
        <location filename="../../app/ui/wizard/materials_page.py" line="104"/>
        <source>promise possible (4)</source>
        <translation>可承诺（4）</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/materials_page.py" line="70"/>
        <source>Material</source>
        <translation>材料</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/materials_page.py" line="70"/>
        <source>Necessity</source>
        <translation>必要性</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/materials_page.py" line="70"/>
        <source>Form</source>
        <translation>形式</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/materials_page.py" line="70"/>
        <source>Check</source>
        <translation>核对</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/materials_page.py" line="106"/>
        <source>reason?</source>
        <translation>原因？</translation>
    </message>
</context>
<context>
    <name>MaterialsPage</name>
    <message>
        <location filename="../../app/ui/wizard/materials_page.py" line="273"/>
        <source>“{0}” cannot be replaced by a promise: the catalog offers none for it. Mark it 1 present, 2 missing or 3 defective.</source>
        <translation>“{0}”不能以承诺代替：事项目录未提供此材料的承诺书。请按 1 齐全、2 缺少或 3 不合格。</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/materials_page.py" line="325"/>
        <source>Promise in place of proof: the applicant may sign a promise instead of this material (4); it counts as received and is checked afterwards.</source>
        <translation>告知承诺：申请人可签署承诺书代替此材料（按 4），视为已收取，事后核查。</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/materials_page.py" line="329"/>
        <source>Tolerated gap: the applicant may sign a promise to supply it later (4); it stays outstanding.</source>
        <translation>容缺受理：申请人可签署承诺书限期补交此材料（按 4），材料仍列为待补。</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/materials_page.py" line="152"/>
        <source>What is wrong (printed on the slip)</source>
        <translation>不合格原因（将打印在告知书上）</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/materials_page.py" line="156"/>
        <source>Required ones left: present (F8)</source>
        <translation>其余必要材料齐全（F8）</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/materials_page.py" line="179"/>
        <source>Reason it is defective</source>
        <translation>不合格原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/materials_page.py" line="189"/>
        <source>Materials</source>
        <translation>核对材料</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/materials_page.py" line="193"/>
        <source>Keys: 1 present · 2 missing · 3 defective (then type the reason) · 4 promised (where offered) · ↑/↓ move · F8 the remaining required ones present · Ctrl+Enter next</source>
        <translation>按键：1 齐全 · 2 缺少 · 3 不合格（再填原因） · 4 承诺（可承诺的材料） · ↑/↓ 移动 · F8 其余必要材料齐全 · Ctrl+Enter 下一步</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/materials_page.py" line="206"/>
        <source>Supplement to case {0}: check only the materials still outstanding.</source>
        <translation>办件 {0} 补正：只核对尚缺的材料。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/wizard/materials_page.py" line="210"/>
        <source>%n material(s) apply to this situation.</source>
        <translation>
            <numerusform>本情形需要 %n 项材料。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/materials_page.py" line="228"/>
        <source>Check every material: “{0}” is not checked yet (1 present, 2 missing, 3 defective).</source>
        <translation>请逐项核对材料：“{0}”尚未核对（1 齐全，2 缺少，3 不合格）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/materials_page.py" line="236"/>
        <source>Say what is wrong with “{0}”: it is printed on the slip.</source>
        <translation>请写明“{0}”不合格的原因，它将打印在告知书上。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../app/ui/messages.py" line="24"/>
        <source>The disk is full, so this could not be done. Free some space on it and try again; what was already recorded is safe.</source>
        <translation>磁盘空间已满，操作未能完成。请清理磁盘空间后重试；已保存的记录不受影响。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="29"/>
        <source>An unexpected error occurred ({0}). The details are in the log file; what was already recorded is safe.</source>
        <translation>发生了意外错误（{0}）。详情已写入日志；已登记的内容不会丢失。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="41"/>
        <source>Cannot continue</source>
        <translation>无法继续</translation>
    </message>
</context>
<context>
    <name>NewAccountDialog</name>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="132"/>
        <source>Add an account</source>
        <translation>添加账号</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="136"/>
        <source>letters, digits, . _ -</source>
        <translation>字母、数字、. _ -</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="139"/>
        <source>full name as printed on slips</source>
        <translation>姓名（印在单据上）</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="145"/>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="146"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="147"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="148"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="149"/>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="152"/>
        <source>At least 8 characters of two kinds (letters, digits, symbols), not a common password. Tell it to the person; they log in with it.</source>
        <translation>至少 8 位，包含字母、数字、符号中的两类，不能是常见密码。请告知本人，用它登录。</translation>
    </message>
</context>
<context>
    <name>NewTicketDialog</name>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="140"/>
        <source>Enter a problem</source>
        <translation>登记问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="149"/>
        <source>What the problem is</source>
        <translation>反映或发现的问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="153"/>
        <source>12345 hotline</source>
        <translation>12345热线</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="165"/>
        <source>optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="166"/>
        <source>Someone is to be called back</source>
        <translation>有联系人，需回访</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="173"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="174"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="175"/>
        <source>Category</source>
        <translation>问题类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="176"/>
        <source>Referred by</source>
        <translation>转办来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="177"/>
        <source>Referral number</source>
        <translation>转办单号</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="178"/>
        <source>Reply by</source>
        <translation>答复期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="179"/>
        <source>Case number</source>
        <translation>办件编号</translation>
    </message>
</context>
<context>
    <name>OutcomePage</name>
    <message>
        <location filename="../../app/ui/wizard/outcome_page.py" line="187"/>
        <source>Promised in place of proof: {0}</source>
        <translation>以承诺代替：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/outcome_page.py" line="79"/>
        <source>Printed on the refusal notice</source>
        <translation>将打印在不予受理通知书上</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/outcome_page.py" line="88"/>
        <source>Supply the missing materials by</source>
        <translation>补齐材料期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/outcome_page.py" line="89"/>
        <source>Reason for refusing</source>
        <translation>不予受理理由</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/outcome_page.py" line="90"/>
        <source>Question asked</source>
        <translation>咨询问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/outcome_page.py" line="91"/>
        <source>Answer given</source>
        <translation>答复内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/outcome_page.py" line="117"/>
        <source>Outcome</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/outcome_page.py" line="121"/>
        <source>Keys: Alt+A accept · Alt+T tolerate · Alt+C correction · Alt+R refuse · Alt+Q consultation · Ctrl+Enter record and make the slips · Alt+← back</source>
        <translation>按键：Alt+A 受理 · Alt+T 容缺受理 · Alt+C 一次性告知 · Alt+R 不予受理 · Alt+Q 咨询 · Ctrl+Enter 登记并出单 · Alt+← 上一步</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/outcome_page.py" line="126"/>
        <source>Record and print (Ctrl+Enter)</source>
        <translation>登记并出单 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/outcome_page.py" line="166"/>
        <source>Materials</source>
        <translation>材料</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/outcome_page.py" line="167"/>
        <source>{0} received, {1} outstanding</source>
        <translation>已收 {0} 项，尚缺 {1} 项</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/outcome_page.py" line="170"/>
        <source>tolerable</source>
        <translation>可容缺</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/outcome_page.py" line="192"/>
        <source>Promised completion: {0}</source>
        <translation>承诺办结日期：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/outcome_page.py" line="229"/>
        <source>Choose the outcome.</source>
        <translation>请选择办理结果。</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/outcome_page.py" line="233"/>
        <source>Give the reason for refusing: it is printed on the refusal notice.</source>
        <translation>请填写不予受理的理由，它将打印在不予受理通知书上。</translation>
    </message>
</context>
<context>
    <name>PartyForm</name>
    <message>
        <location filename="../../app/ui/wizard/applicant_page.py" line="53"/>
        <source>Person (&amp;P)</source>
        <translation>自然人 (&amp;P)</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/applicant_page.py" line="54"/>
        <source>Organisation (&amp;O)</source>
        <translation>法人 (&amp;O)</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/applicant_page.py" line="73"/>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/applicant_page.py" line="87"/>
        <source>Applicant is</source>
        <translation>申请人类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/applicant_page.py" line="91"/>
        <source>Name</source>
        <translation>姓名/名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/applicant_page.py" line="92"/>
        <source>Document</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/applicant_page.py" line="93"/>
        <source>Number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/applicant_page.py" line="96"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
</context>
<context>
    <name>PostLabels</name>
    <message>
        <location filename="../../app/ui/labels.py" line="93"/>
        <source>Receive</source>
        <translation>收件</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="94"/>
        <source>Check originals</source>
        <translation>原件核验</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="95"/>
        <source>One-time notice</source>
        <translation>一次性告知</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="96"/>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="97"/>
        <source>Deliver result</source>
        <translation>结果送达</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="105"/>
        <source>A (lead)</source>
        <translation>A岗（主办）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="106"/>
        <source>B (covers when the A is away)</source>
        <translation>B岗（协办，A岗不在时顶岗）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="107"/>
        <source>C (reserve, covers when the A and the B are away)</source>
        <translation>C岗（后备，A、B岗都不在时顶岗）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="115"/>
        <source>Front desk</source>
        <translation>前台</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="116"/>
        <source>Back office</source>
        <translation>后台</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="117"/>
        <source>Guidance</source>
        <translation>导办</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="118"/>
        <source>Assistance</source>
        <translation>帮办</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="119"/>
        <source>Delivery</source>
        <translation>送达</translation>
    </message>
</context>
<context>
    <name>PostsPage</name>
    <message>
        <location filename="../../app/ui/posts_page.py" line="150"/>
        <source>Post table (岗位职责分工表)</source>
        <translation>岗位职责分工表</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="158"/>
        <source>Save as PDF (Ctrl+S)</source>
        <translation>保存为 PDF (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="161"/>
        <source>Print (Ctrl+P)</source>
        <translation>打印 (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="164"/>
        <source>Mark absent (Ctrl+A)</source>
        <translation>登记缺岗 (Ctrl+A)</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="167"/>
        <source>Back at work (Ctrl+B)</source>
        <translation>到岗 (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="189"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="198"/>
        <source>Post</source>
        <translation>岗位</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="199"/>
        <source>Holds it that day</source>
        <translation>当日在岗</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="200"/>
        <source>A (lead)</source>
        <translation>A岗（主办）</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="201"/>
        <source>B (cover)</source>
        <translation>B岗（协办）</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="208"/>
        <source>Away</source>
        <translation>缺岗人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="208"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="208"/>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="208"/>
        <source>Marked by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="218"/>
        <source>Absences from that day on</source>
        <translation>当日及以后的缺岗登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="265"/>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="340"/>
        <source> (away)</source>
        <translation>（缺岗）</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="347"/>
        <source>{0} (no such account at this window)</source>
        <translation>{0}（本窗口无此账号）</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="353"/>
        <source>not given</source>
        <translation>未注明</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="356"/>
        <source>Version {0}, published {1} by the central (publication {2}); {3} posts. The authorisation depths of every clerk come from this table.</source>
        <translation>版本 {0}，中心于 {1} 发布（第 {2} 次发布），共 {3} 个岗位。每位窗口人员的授权深度以此表为准。</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="363"/>
        <source>nobody</source>
        <translation>无人</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="365"/>
        <source>{0} (covering)</source>
        <translation>{0}（顶岗）</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="402"/>
        <source>No post table yet</source>
        <translation>尚无岗位职责分工表</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="411"/>
        <source>{0} ({1}) · {2}</source>
        <translation>{0}（{1}）· {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="413"/>
        <source>away that day</source>
        <translation>当日缺岗</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="414"/>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="427"/>
        <source>Every other item</source>
        <translation>其余全部事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="427"/>
        <source>Every item</source>
        <translation>全部事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="440"/>
        <source>Work standards</source>
        <translation>工作标准</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="450"/>
        <source>The table gives no work standards for this post.</source>
        <translation>分工表没有写明本岗位的工作标准。</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="469"/>
        <source>Save the post table as PDF</source>
        <translation>将岗位职责分工表保存为 PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="471"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="491"/>
        <source>Writing {0}…</source>
        <translation>正在写入 {0}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="494"/>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="524"/>
        <source>The post table could not be printed: no printer is ready on this computer. Save it as PDF (Ctrl+S) and print it elsewhere, or connect a printer and try again.</source>
        <translation>岗位职责分工表未能打印：本机没有可用的打印机。请保存为 PDF（Ctrl+S）到其他电脑打印，或连接打印机后重试。</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="537"/>
        <source>The post table was sent to the printer.</source>
        <translation>岗位职责分工表已送打印机。</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="556"/>
        <source>{0} marked absent; the posts&apos; cover is shown.</source>
        <translation>已登记 {0} 缺岗；各岗位的顶岗情况见上表。</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="571"/>
        <source>Back at work</source>
        <translation>到岗</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="572"/>
        <source>{0} is back at work from {1} on? The absence ends the day before.</source>
        <translation>{0} 从 {1} 起到岗？缺岗登记到前一天为止。</translation>
    </message>
    <message>
        <location filename="../../app/ui/posts_page.py" line="580"/>
        <source>{0} is back at work from {1}.</source>
        <translation>{0} 从 {1} 起到岗。</translation>
    </message>
</context>
<context>
    <name>PracticeBanner</name>
    <message>
        <location filename="../../app/ui/practice_banner.py" line="34"/>
        <source>PRACTICE MODE</source>
        <translation>练习模式</translation>
    </message>
    <message>
        <location filename="../../app/ui/practice_banner.py" line="38"/>
        <source>Nothing done here enters the window&apos;s records or is synced; every slip printed says 练习 and is no valid notice for an applicant.</source>
        <translation>此处办理的业务只记入练习库，不进入本窗口的正式台账，也不同步；打印的单据都印有“练习”，不能交给群众作为正式凭证。</translation>
    </message>
    <message>
        <location filename="../../app/ui/practice_banner.py" line="44"/>
        <source>End practice</source>
        <translation>结束练习</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../app/ui/printer.py" line="51"/>
        <source>No printer is installed on this computer. The visit is recorded and its slip is kept with case {0}; once a printer is connected, print it again from the case.</source>
        <translation>本机没有安装打印机。本次办理已记录，单据已随办件 {0} 保存；连接打印机后，请在办件页面重新打印。</translation>
    </message>
    <message>
        <location filename="../../app/ui/printer.py" line="62"/>
        <source>The printer {0} is not available on this computer any more. The visit is recorded and its slip is kept with case {1}; choose another printer or ask the administrator to set the default printer, then print it again from the case.</source>
        <translation>本机已找不到打印机 {0}。本次办理已记录，单据已随办件 {1} 保存；请选择其他打印机或请管理员设置默认打印机，然后在办件页面重新打印。</translation>
    </message>
    <message>
        <location filename="../../app/ui/printer.py" line="74"/>
        <source>The printer {0} is offline or stopped (switched off, out of paper or jammed). The visit is recorded and its slip is kept with case {1}; once the printer is ready, print it again from the case.</source>
        <translation>打印机 {0} 脱机或已停止（未开机、缺纸或卡纸）。本次办理已记录，单据已随办件 {1} 保存；打印机恢复后，请在办件页面重新打印。</translation>
    </message>
    <message>
        <location filename="../../app/ui/printer.py" line="198"/>
        <source>The printer could not start. The slip is kept as {0}.</source>
        <translation>打印机无法启动。单据已保存为 {0}。</translation>
    </message>
</context>
<context>
    <name>QuestionsPage</name>
    <message>
        <location filename="../../app/ui/wizard/questions_page.py" line="71"/>
        <source>Situation</source>
        <translation>情形</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/questions_page.py" line="75"/>
        <source>Keys: ↑/↓ move within a question · Tab next question · Space tick · Enter next step · Alt+← back</source>
        <translation>按键：↑/↓ 在选项间移动 · Tab 下一个问题 · 空格 勾选 · Enter 下一步 · Alt+← 上一步</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/questions_page.py" line="121"/>
        <source>None ticked means “none of these”, recorded as such.</source>
        <translation>一项都不勾选即为“均不符合”，照此记录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/questions_page.py" line="166"/>
        <source>Please answer: {0}</source>
        <translation>请先回答：{0}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/wizard/questions_page.py" line="180"/>
        <source>This situation needs %n material(s).</source>
        <translation>
            <numerusform>本情形需要 %n 项材料。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/wizard/questions_page.py" line="182"/>
        <source>%n question(s) not answered yet.</source>
        <translation>
            <numerusform>还有 %n 个问题未回答。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../app/ui/reports_page.py" line="85"/>
        <source>Reports</source>
        <translation>统计报表</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="89"/>
        <location filename="../../app/ui/reports_page.py" line="258"/>
        <source>Daily report</source>
        <translation>日报</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="90"/>
        <location filename="../../app/ui/reports_page.py" line="259"/>
        <source>Monthly report</source>
        <translation>月报</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="99"/>
        <source>Show (Ctrl+Enter)</source>
        <translation>生成（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="65"/>
        <source>{0} (not classified)</source>
        <translation>{0}（未分类）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="73"/>
        <source>Opened</source>
        <translation>已开单</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="91"/>
        <location filename="../../app/ui/reports_page.py" line="260"/>
        <source>Yearly report</source>
        <translation>年报</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="110"/>
        <source>Save (Ctrl+S)</source>
        <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="113"/>
        <source>Save the report shown as a PDF and as a spreadsheet, side by side</source>
        <translation>把显示的报表保存为 PDF 和电子表格（同名，放在同一文件夹）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="192"/>
        <source>Counting the figures and drawing the report…</source>
        <translation>正在统计并生成报表…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="241"/>
        <source>{0} page(s). Ctrl+S saves the report as a PDF and a spreadsheet.</source>
        <translation>共 {0} 页。按 Ctrl+S 把报表保存为 PDF 和电子表格。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="269"/>
        <source>Show a report first, then save it.</source>
        <translation>请先生成报表，再保存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="273"/>
        <source>Save the report (PDF and spreadsheet)</source>
        <translation>保存报表（PDF 和电子表格）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="275"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="298"/>
        <source>Saving the report…</source>
        <translation>正在保存报表…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="304"/>
        <source>Saved {0} and {1} in {2}</source>
        <translation>已保存 {0} 和 {1}（文件夹 {2}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="311"/>
        <source>The report was not saved: {0}</source>
        <translation>报表未保存：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports_page.py" line="312"/>
        <source>The report was not saved</source>
        <translation>报表未保存</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="180"/>
        <source>Reset the password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="186"/>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="187"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="188"/>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts_page.py" line="191"/>
        <source>The account&apos;s lock-out after wrong passwords ends too. Tell the new password to the person only.</source>
        <translation>因密码错误而锁定的账号同时解锁。新密码只告知本人。</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../app/ui/wizard/review_page.py" line="23"/>
        <source>Ask the applicant to rate this visit. A rating of 2 or 1 asks for a reason and opens a rectification ticket. The applicant may also decline: they tap Skip, or press Finish twice.</source>
        <translation>请申请人对本次服务进行评价。“不满意”或“非常不满意”需填写原因，并生成整改单。申请人也可不评价：请其点“不评价”，或连按两次“完成”。</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/review_page.py" line="51"/>
        <source>Review</source>
        <translation>评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/review_page.py" line="54"/>
        <source>Keys: F9 ask for the review again · Ctrl+Enter finish · F3 next applicant</source>
        <translation>按键：F9 再次请申请人评价 · Ctrl+Enter 完成 · F3 下一位申请人</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/review_page.py" line="60"/>
        <source>Finish (Ctrl+Enter)</source>
        <translation>完成 (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>ReviewPrompt</name>
    <message>
        <location filename="../../app/ui/review_prompt.py" line="33"/>
        <source>Ask for the review (F9)</source>
        <translation>请申请人评价 (F9)</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_prompt.py" line="53"/>
        <source>The applicant has not reviewed this visit yet.</source>
        <translation>申请人尚未评价本次服务。</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_prompt.py" line="61"/>
        <source>Waiting for the applicant on the evaluation pad…</source>
        <translation>正在等待申请人在评价器上评价…</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_prompt.py" line="66"/>
        <source>No answer from the evaluation pad.</source>
        <translation>评价器没有返回结果。</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_prompt.py" line="80"/>
        <source>Waiting for the applicant&apos;s review…</source>
        <translation>正在等待申请人评价…</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_prompt.py" line="83"/>
        <source>The applicant did not review this visit.</source>
        <translation>申请人未评价本次服务。</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_prompt.py" line="117"/>
        <source>Reviewed: {0}</source>
        <translation>已评价：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_prompt.py" line="119"/>
        <source>(a rectification ticket was opened)</source>
        <translation>（已生成整改单）</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <location filename="../../app/ui/review_window.py" line="39"/>
        <source>Please rate our service</source>
        <translation>服务评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="45"/>
        <source>Please rate our service today</source>
        <translation>请您对本次服务进行评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="49"/>
        <source>Clerk: {0}</source>
        <translation>窗口人员：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="71"/>
        <source>We are sorry. What went wrong? (please choose or write)</source>
        <translation>很抱歉给您带来不便。请告诉我们哪里做得不好（可勾选或填写）</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="76"/>
        <source>Waited too long</source>
        <translation>等候时间长</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="77"/>
        <source>Unfriendly service</source>
        <translation>服务态度不好</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="78"/>
        <source>Had to come several times</source>
        <translation>多次跑腿</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="79"/>
        <source>Requirements unclear</source>
        <translation>要求讲得不清楚</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="80"/>
        <source>Could not get it done</source>
        <translation>事情没办成</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="81"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="91"/>
        <source>Tell us more (optional if you ticked a box)</source>
        <translation>补充说明（已勾选可不填）</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="94"/>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="106"/>
        <source>Skip</source>
        <translation>不评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="209"/>
        <source>Please tell us the reason, so we can put it right.</source>
        <translation>请告诉我们原因，以便改进。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="37"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="49"/>
        <source>A4 sheet</source>
        <translation>A4 纸</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="50"/>
        <source>80 mm receipt roll</source>
        <translation>80 毫米热敏卷纸</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="52"/>
        <source>Print without asking (default printer)</source>
        <translation>不弹出对话框，直接用默认打印机打印</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="56"/>
        <source>Printers found.</source>
        <translation>已找到打印机。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="58"/>
        <source>No printer found: slips are kept as PDF files.</source>
        <translation>未找到打印机：单据将保存为 PDF 文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="63"/>
        <source>Language and printing</source>
        <translation>语言和打印</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="65"/>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="66"/>
        <source>Slip layout</source>
        <translation>单据版式</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="72"/>
        <source>None (type the details)</source>
        <translation>无（手工录入）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="73"/>
        <location filename="../../app/ui/settings_dialog.py" line="88"/>
        <source>Simulator (JSON file)</source>
        <translation>模拟器（JSON 文件）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="74"/>
        <source>Reader helper program</source>
        <translation>阅读器辅助程序</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="79"/>
        <source>e.g. C:\Counter\idreader-helper.exe --port USB1</source>
        <translation>例如 C:\Counter\idreader-helper.exe --port USB1</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="83"/>
        <source>Test read</source>
        <translation>测试读卡</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="87"/>
        <source>Review window (second screen or dialog)</source>
        <translation>评价窗口（副屏或对话框）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="92"/>
        <source>Devices</source>
        <translation>外设</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="94"/>
        <source>ID card reader</source>
        <translation>身份证阅读器</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="95"/>
        <source>Simulated card file</source>
        <translation>模拟证件文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="96"/>
        <source>Helper command</source>
        <translation>辅助程序命令</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="101"/>
        <source>Evaluation</source>
        <translation>评价器</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="102"/>
        <source>Simulated answer file</source>
        <translation>模拟评价文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="104"/>
        <source>Barcode scanner: plug it in, nothing to set up (it types like a keyboard).</source>
        <translation>扫码枪：插上即可使用，无需设置（它像键盘一样输入）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="113"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="118"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="143"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="155"/>
        <source>Choose a JSON file</source>
        <translation>选择 JSON 文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="173"/>
        <source>No reader configured.</source>
        <translation>未配置阅读器。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="175"/>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="181"/>
        <source>Card read: {0}</source>
        <translation>已读取：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="183"/>
        <source>The reader answered: no card.</source>
        <translation>阅读器返回：没有证件。</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="38"/>
        <source>Counter — first start</source>
        <translation>综合受理 — 首次启动</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="44"/>
        <source>Set up this window once. The codes appear in every case number and cannot change after the first case.</source>
        <translation>请设置本窗口（只需一次）。编码会出现在每个办件编号中，产生第一个办件后不能再修改。</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="67"/>
        <source>Centre code</source>
        <translation>中心编码</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="69"/>
        <source>Centre name</source>
        <translation>中心名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="69"/>
        <source>e.g. 城东街道便民服务中心</source>
        <translation>例如 城东街道便民服务中心</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="71"/>
        <source>Window code</source>
        <translation>窗口编码</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="72"/>
        <source>Window name</source>
        <translation>窗口名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="72"/>
        <location filename="../../app/ui/setup_dialog.py" line="76"/>
        <source>optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="74"/>
        <source>Complaint phone</source>
        <translation>投诉电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="74"/>
        <source>printed on slips</source>
        <translation>打印在回执上</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="76"/>
        <source>Query phone</source>
        <translation>查询电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="81"/>
        <source>First administrator</source>
        <translation>首个管理员账号</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="84"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="85"/>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="87"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="88"/>
        <source>8+ characters, letters and digits</source>
        <translation>至少 8 位，含字母和数字</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="90"/>
        <source>Repeat password</source>
        <translation>确认密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="96"/>
        <source>Save and continue</source>
        <translation>保存并继续</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="103"/>
        <source>Set up this window</source>
        <translation>设置本窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/setup_dialog.py" line="139"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>SlipPanel</name>
    <message>
        <location filename="../../app/ui/slip_panel.py" line="50"/>
        <source>No slip for this visit.</source>
        <translation>本次没有需要打印的单据。</translation>
    </message>
    <message>
        <location filename="../../app/ui/slip_panel.py" line="52"/>
        <source>Print (Ctrl+P)</source>
        <translation>打印 (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../app/ui/slip_panel.py" line="56"/>
        <source>Print all</source>
        <translation>全部打印</translation>
    </message>
    <message>
        <location filename="../../app/ui/slip_panel.py" line="71"/>
        <source>Make the slips again</source>
        <translation>重新生成文书</translation>
    </message>
    <message>
        <location filename="../../app/ui/slip_panel.py" line="191"/>
        <source>The preview of {0} failed: {1}</source>
        <translation>{0} 预览失败：{1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/slip_panel.py" line="217"/>
        <source>Printing</source>
        <translation>打印</translation>
    </message>
</context>
<context>
    <name>SlipsPage</name>
    <message>
        <location filename="../../app/ui/wizard/slips_page.py" line="38"/>
        <source>Slips</source>
        <translation>出单</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/slips_page.py" line="42"/>
        <source>Keys: Ctrl+P print, then the review opens · Ctrl+Enter the review without printing · F3 next applicant</source>
        <translation>按键：Ctrl+P 打印，打印后进入评价 · Ctrl+Enter 不打印去评价 · F3 下一位申请人</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/slips_page.py" line="56"/>
        <source>Recorded: {0}, case {1}.</source>
        <translation>已登记：{0}，办件编号 {1}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/slips_page.py" line="58"/>
        <source>Recorded: {0}.</source>
        <translation>已登记：{0}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/slips_page.py" line="60"/>
        <source>Promised completion: {0}.</source>
        <translation>承诺办结日期 {0}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard/slips_page.py" line="64"/>
        <source>Still missing: {0}.</source>
        <translation>尚缺：{0}。</translation>
    </message>
</context>
<context>
    <name>Start</name>
    <message>
        <location filename="../../app/ui/main.py" line="228"/>
        <source>No system keyring</source>
        <translation>本机没有系统密钥库</translation>
    </message>
    <message>
        <location filename="../../app/ui/main.py" line="229"/>
        <source>This computer has no system keyring to keep the key of the window&apos;s encrypted database. Keep the key in a file in the data directory and start?

{0}</source>
        <translation>本机没有系统密钥库，无法保管本窗口加密数据库的密钥。是否把密钥保存在数据目录中的密钥文件里并继续启动？

{0}</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <location filename="../../app/ui/sync_indicator.py" line="26"/>
        <source>{0} waiting</source>
        <translation>待上传 {0} 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_indicator.py" line="28"/>
        <source>No central database configured</source>
        <translation>未配置中心库</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_indicator.py" line="31"/>
        <source>Synced at {0}</source>
        <translation>已同步 {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_indicator.py" line="33"/>
        <source>Offline, last synced {0}</source>
        <translation>离线，上次同步 {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_indicator.py" line="43"/>
        <source>{0} record(s) refused by the central database, kept for checking</source>
        <translation>{0} 条记录被中心库退回，已留存待查</translation>
    </message>
</context>
<context>
    <name>TicketTableModel</name>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="76"/>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="77"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="78"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="79"/>
        <source>Category</source>
        <translation>问题类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="80"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="81"/>
        <source>Responsible</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="98"/>
        <source>stopped</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="103"/>
        <source>Not classified</source>
        <translation>未分类</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="116"/>
        <source>Overdue: the due date has passed</source>
        <translation>已超期：整改期限已过</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="118"/>
        <source>Near the due date</source>
        <translation>临近整改期限</translation>
    </message>
</context>
<context>
    <name>TicketsPage</name>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="66"/>
        <source>{0} (round {1})</source>
        <translation>{0}（第{1}次）</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="128"/>
        <source>Not classified yet</source>
        <translation>暂不分类</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="241"/>
        <source>Rectification list</source>
        <translation>问题整改清单</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="245"/>
        <source>Bad reviews and complaints open tickets by themselves; enter 12345 referrals, spot checks and evaluation findings with Ctrl+N. Yellow: due soon · Red: overdue</source>
        <translation>差评和办不成事投诉自动开单；12345 转办、督查抽查和第三方评估发现的问题按 Ctrl+N 登记。黄色：临近期限 · 红色：已超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="251"/>
        <source>Show closed tickets</source>
        <translation>显示已销单</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="254"/>
        <source>Enter a problem (Ctrl+N)</source>
        <translation>登记问题（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="331"/>
        <location filename="../../app/ui/tickets_page.py" line="430"/>
        <source>Choose a ticket in the list</source>
        <translation>请在列表中选择一张整改单</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="344"/>
        <source>Choose the category</source>
        <translation>请选择问题类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="350"/>
        <source>The measure taken, the call-back&apos;s words, or the grounds of an appeal</source>
        <translation>整改措施、回访情况或申诉理由</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="361"/>
        <source>Take</source>
        <translation>领单</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="362"/>
        <source>Save category</source>
        <translation>保存类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="363"/>
        <source>Measure done</source>
        <translation>整改完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="366"/>
        <source>Called back: satisfied</source>
        <translation>回访：满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="371"/>
        <source>Called back: not satisfied</source>
        <translation>回访：不满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="374"/>
        <source>Close</source>
        <translation>销单</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="375"/>
        <location filename="../../app/ui/tickets_page.py" line="455"/>
        <source>Appeal</source>
        <translation>申诉</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="376"/>
        <source>Appeal upheld</source>
        <translation>申诉成立</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="377"/>
        <source>Appeal rejected</source>
        <translation>申诉驳回</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="389"/>
        <source>Category</source>
        <translation>问题类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="390"/>
        <source>Text</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="437"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="438"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="439"/>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="439"/>
        <source>stopped while appealed</source>
        <translation>申诉期间暂停计时</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="440"/>
        <source>Responsible</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="445"/>
        <source>Referral</source>
        <translation>转办</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="446"/>
        <source>{0} No. {1}, reply by {2}</source>
        <translation>{0} 第 {1} 号，{2} 前答复</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="452"/>
        <source>Case</source>
        <translation>办件</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="454"/>
        <source>Measure</source>
        <translation>整改措施</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="459"/>
        <source>{0}:</source>
        <translation>{0}：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="527"/>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tickets_page.py" line="532"/>
        <source>Recorded: {0}.</source>
        <translation>已记录：{0}。</translation>
    </message>
</context>
</TS>
