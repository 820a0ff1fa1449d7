<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ClearanceDialog</name>
    <message>
        <location filename="../../console/ui/clearance/dialog.py" line="+49"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Received</source>
        <translation>接警时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Priority</source>
        <translation>等级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Missing</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Explanation</source>
        <translation>说明</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Why the selected incident stays open today; Enter records it</source>
        <translation>所选警情今日未清零的原因，按 Enter 记录</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Daily clearance {day}</source>
        <translation>日清零 {day}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>not closed</source>
        <translation>未办结</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no callback yet</source>
        <translation>未回访</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Cleared: every incident of today is done.</source>
        <translation>已清零：今日警情全部办结并回访。</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n incident(s) of today not cleared</source>
        <translation>
            <numerusform>今日 %n 起警情未清零</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n without explanation</source>
        <translation>
            <numerusform>%n 起未说明</numerusform>
        </translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Select an incident first.</source>
        <translation>请先选择一起警情。</translation>
    </message>
</context>
<context>
    <name>Coverage</name>
    <message>
        <location filename="../../console/ui/units/coverage.py" line="+23"/>
        <source>black: no unit can go</source>
        <translation>黑：无可派警力</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>red: short of units</source>
        <translation>红：警力不足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>blue: thin, one call empties it</source>
        <translation>蓝：警力薄弱，再派一警即空</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>green: sufficient</source>
        <translation>绿：警力充足</translation>
    </message>
</context>
<context>
    <name>CoverageStrip</name>
    <message>
        <location filename="../../console/ui/units/pane.py" line="+73"/>
        <source>Coverage</source>
        <translation>网格警力</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>{grid}: {available} unit(s) can go now, {minimum} wanted — {level}</source>
        <translation>{grid}：可派 {available} 组，最低 {minimum} 组 — {level}</translation>
    </message>
</context>
<context>
    <name>DelayPart</name>
    <message>
        <location filename="../../console/ui/review/labels.py" line="+15"/>
        <source>Answering</source>
        <translation>接听</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Entry</source>
        <translation>录入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dispatch</source>
        <translation>派警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Travel</source>
        <translation>途中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On scene</source>
        <translation>处置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Callback</source>
        <translation>回访</translation>
    </message>
</context>
<context>
    <name>Disposition</name>
    <message>
        <location filename="../../console/ui/intake/names.py" line="+19"/>
        <source>Handled on scene</source>
        <translation>现场处置完毕</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mediated</source>
        <translation>调解完毕</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warned</source>
        <translation>批评教育</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case opened</source>
        <translation>受案调查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assistance given</source>
        <translation>救助完毕</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Advised where to go</source>
        <translation>告知处理途径</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing found on scene</source>
        <translation>到场未发现</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>False alarm</source>
        <translation>误报</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handled at the desk</source>
        <translation>窗口受理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate call</source>
        <translation>重复报警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transferred</source>
        <translation>移交处理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diverted to 12345</source>
        <translation>分流12345</translation>
    </message>
</context>
<context>
    <name>DutyStrip</name>
    <message>
        <location filename="../../console/ui/units/duty_strip.py" line="+23"/>
        <source>Police officer</source>
        <translation>民警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auxiliary</source>
        <translation>辅警</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+1"/>
        <source>Duty commander</source>
        <translation>专职指挥长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Desk</source>
        <translation>窗口值班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Street</source>
        <translation>街面巡逻</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>No shift types set</source>
        <translation>未设置班次</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Current shift: {shift}, {start} to {end}</source>
        <translation>当前班次：{shift}，{start} 至 {end}</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+9"/>
        <source>Duty commander:</source>
        <translation>专职指挥长：</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>none rostered</source>
        <translation>未排班</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No duty commander on the roster now</source>
        <translation>排班表中当前没有专职指挥长</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Duty commander {name}, badge {badge}{where}</source>
        <translation>专职指挥长 {name}，警号 {badge}{where}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>On duty</source>
        <translation>当班</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Police</source>
        <translation>民警</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Auxiliaries</source>
        <translation>辅警</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Roster: {name}</source>
        <translation>排班表：{name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Who is on duty comes from the approved roster</source>
        <translation>当班人员取自已批准的排班表</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No approved roster: crews as the units report them</source>
        <translation>无已批准的排班表：按各处警单元上报的组员显示</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No approved roster covers this shift; the officers shown are the crews the units carry</source>
        <translation>本班次没有已批准的排班表；所示人员为各处警单元登记的组员</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Shift change in</source>
        <translation>距交接班</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{shift} starts at {time}</source>
        <translation>{shift}于 {time} 开始</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../console/ui/first_run/dialog.py" line="+59"/>
        <source>Connected: station {station}.</source>
        <translation>已连接：{station}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The database exists and is empty: a new station can be set up in it.</source>
        <translation>数据库已存在且为空：可在其中建立新的派出所。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The database has the console&apos;s tables but no station yet: a new station can be set up in it.</source>
        <translation>数据库中已有综合指挥室的数据表，但尚未建立派出所：可在其中建立新的派出所。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The database was made by a newer console: install that version.</source>
        <translation>该数据库由更新版本的综合指挥室创建：请安装该版本。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This is not a station console database.</source>
        <translation>这不是派出所综合指挥室的数据库。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is no database of that name: on a server, check the name after the last &apos;/&apos;.</source>
        <translation>没有该名称的数据库：若是服务器，请核对最后一个“/”之后的库名。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server refused the user name or password.</source>
        <translation>服务器拒绝了该用户名或密码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server refused the connection, for the reason below.</source>
        <translation>服务器拒绝连接，原因如下。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No database server answers at that address: check the host name, the port and the network.</source>
        <translation>该地址没有数据库服务器响应：请检查主机名、端口和网络。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>That is not a database address; it reads like postgresql://user:password@host:5432/dbname</source>
        <translation>这不是数据库地址；格式应为 postgresql://user:password@host:5432/dbname</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Station command console: first start</source>
        <translation>派出所综合指挥室：首次启动</translation>
    </message>
    <message>
        <location line="-73"/>
        <source>The database was made by an older version of the console: it has to be upgraded to this version before it can be used (ask whoever looks after the server).</source>
        <translation>该数据库由旧版综合指挥室创建：须先升级到本版本才能使用（请联系服务器的管理人员）。</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Choose where this workstation keeps the station&apos;s data. The choice is remembered: the console opens the same station at every start.</source>
        <translation>请选择本工作站保存本所数据的位置。选择会被记住：以后每次启动都打开同一个派出所。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>New station database on this computer</source>
        <translation>在本机新建派出所数据库</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>e.g. Xinjiekou Police Station</source>
        <translation>例如 新街口派出所</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Station name:</source>
        <translation>派出所名称：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Create station database</source>
        <translation>新建派出所数据库(&amp;C)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Station server (PostgreSQL, several workstations)</source>
        <translation>所内服务器（PostgreSQL，多个工作站共用）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The password is not kept in the settings but in this file, readable only by you:
{path}</source>
        <translation>密码不保存在设置中，而是保存在此文件（仅本人可读）：
{path}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>C&amp;onnect</source>
        <translation>连接(&amp;O)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Set up a new station there</source>
        <translation>在该服务器上新建派出所(&amp;S)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Creates the console&apos;s tables and a station with the name given above</source>
        <translation>创建综合指挥室的数据表，并以上面填写的名称建立派出所</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Demo station</source>
        <translation>演示派出所</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A made-up station in Nanjing Xinjiekou with {days} days of incident history, for training and trying the console (built the first time, in a minute or so).</source>
        <translation>一个虚构的南京新街口派出所，带有 {days} 天的历史警情，用于培训和试用综合指挥室（首次使用时生成，约需一分钟）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+84"/>
        <source>Open the &amp;demo station</source>
        <translation>打开演示派出所(&amp;D)</translation>
    </message>
    <message>
        <location line="-72"/>
        <source>Give the station a name first.</source>
        <translation>请先填写派出所名称。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Type the server&apos;s address first.</source>
        <translation>请先输入服务器地址。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connecting …</source>
        <translation>正在连接 …</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Give the station a name first (above).</source>
        <translation>请先在上方填写派出所名称。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Building the demo station …</source>
        <translation>正在生成演示派出所 …</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The demo station cannot be built: {reason}</source>
        <translation>无法生成演示派出所：{reason}</translation>
    </message>
    <message>
        <location filename="../../console/ui/first_run/launch.py" line="+66"/>
        <source>The station database used last time does not open: {reason}</source>
        <translation>无法打开上次使用的派出所数据库：{reason}</translation>
    </message>
</context>
<context>
    <name>GridTargetsDialog</name>
    <message>
        <location filename="../../console/ui/grid_targets/dialog.py" line="+51"/>
        <source>Arrival targets per grid</source>
        <translation>各网格到场时限</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Minutes from the first ring until the first unit must be on scene. New incidents and regraded ones use these; open incidents keep their deadline.</source>
        <translation>从来电振铃到首个处警单元必须到场的分钟数。新登记和调整等级的警情按此计算；未结警情保持原到场时限。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Read only: {reason} You are signed in as {name}.</source>
        <translation>只读：{reason}当前登录：{name}。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+9"/>
        <source>by appointment</source>
        <translation>预约处置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Arrival &amp;targets per grid…</source>
        <translation>各网格到场时限(&amp;T)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Set each grid&apos;s arrival minutes per grade</source>
        <translation>设置各网格各等级的到场分钟数</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <location filename="../../console/ui/handover/dialog.py" line="+77"/>
        <source>Handover</source>
        <translation>交接班</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+24"/>
        <source>No.</source>
        <translation>警情编号</translation>
    </message>
    <message>
        <location line="-23"/>
        <location line="+23"/>
        <source>Priority</source>
        <translation>等级</translation>
    </message>
    <message>
        <location line="-22"/>
        <location line="+22"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="-21"/>
        <location line="+12"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Age</source>
        <translation>历时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deadline</source>
        <translation>到场时限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Units</source>
        <translation>处警单元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Call sign</source>
        <translation>呼号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Since</source>
        <translation>状态起始</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incident</source>
        <translation>当前警情</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Crew now</source>
        <translation>当前组员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incoming crew</source>
        <translation>接班组员</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Closed at</source>
        <translation>办结时间</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Notes from the outgoing officer: what the next shift must know</source>
        <translation>交班人备注：下一班必须知道的事项</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save notes</source>
        <translation>保存备注</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Confirm: I hand over (outgoing)</source>
        <translation>确认交班（交班人）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The incoming duty officer</source>
        <translation>接班值班员</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>their password</source>
        <translation>本人密码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The incoming officer types their own password; Enter confirms</source>
        <translation>接班人输入本人密码，回车确认</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Confirm: I take over (incoming)</source>
        <translation>确认接班（接班人）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refresh report</source>
        <translation>刷新交接报告</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Confirmation</source>
        <translation>交接确认</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Outgoing</source>
        <translation>交班人</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Incoming</source>
        <translation>接班人</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Handover {outgoing} → {incoming}, {time}</source>
        <translation>交接班 {outgoing} → {incoming}，{time}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open incidents: {n}</source>
        <translation>未结警情：{n} 起</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>overdue: {n}</source>
        <translation>超时：{n} 起</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>received this shift: {n}</source>
        <translation>本班接警：{n} 起</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>closed, not called back: {n}</source>
        <translation>已办结未回访：{n} 起</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Units: {list}</source>
        <translation>警力：{list}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Report as of {time}</source>
        <translation>交接报告截至 {time}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Open incidents ({n})</source>
        <translation>未结警情（{n}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Units ({n})</source>
        <translation>警力（{n}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not called back ({n})</source>
        <translation>未回访（{n}）</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+14"/>
        <source>{name} at {time}</source>
        <translation>{name}，{time}</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>{name} (signed in here), not confirmed yet</source>
        <translation>{name}（本机已登录），尚未确认</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>not confirmed yet</source>
        <translation>尚未确认</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Handover complete. This workstation now acts as {name}.</source>
        <translation>交接班完成。本工作站现以 {name} 身份操作。</translation>
    </message>
    <message>
        <location line="-78"/>
        <source>waiting for the outgoing officer</source>
        <translation>等待交班人确认</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Read only: {reason} You are signed in as {name}.</source>
        <translation>只读：{reason}当前登录：{name}。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Notes saved.</source>
        <translation>备注已保存。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Handed over. The incoming officer confirms next.</source>
        <translation>已交班，请接班人确认。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Choose the incoming officer first.</source>
        <translation>请先选择接班人。</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>by appointment</source>
        <translation>预约处置</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>overdue</source>
        <translation>已超时</translation>
    </message>
</context>
<context>
    <name>HandoverPrompt</name>
    <message>
        <location filename="../../console/ui/handover/control.py" line="+45"/>
        <source>Handover {time} {shift}: waiting for the incoming officer</source>
        <translation>交接班 {time} {shift}：等待接班人确认</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Shift change at {time} ({shift}) in {minutes} min: handover</source>
        <translation>{minutes} 分钟后 {time}（{shift}）交接班：请准备交接</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Shift change {time} ({shift}) not handed over yet</source>
        <translation>{time}（{shift}）的交接班尚未完成</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open the handover report (Ctrl+H)</source>
        <translation>打开交接班报告 (Ctrl+H)</translation>
    </message>
</context>
<context>
    <name>IncidentAction</name>
    <message>
        <location filename="../../console/ui/intake/names.py" line="+180"/>
        <source>dispatch</source>
        <translation>派警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>recall</source>
        <translation>撤回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mark on scene</source>
        <translation>标记到场</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>close</source>
        <translation>办结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>call back</source>
        <translation>回访</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>divert to 12345</source>
        <translation>分流至12345</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>transfer</source>
        <translation>移交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>escalate</source>
        <translation>指挥权上移</translation>
    </message>
</context>
<context>
    <name>IncidentDetailDialog</name>
    <message>
        <location filename="../../console/ui/incident_detail/dialog.py" line="+101"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Add a note and press Enter</source>
        <translation>输入备注后按 Enter</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Regrade…</source>
        <translation>调整等级…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Incident {number}</source>
        <translation>警情 {number}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{number} · {status} · {priority} · {category}</source>
        <translation>{number} · {status} · {priority} · {category}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Received {time} ({source}) · caller {caller} {phone}</source>
        <translation>接警 {time}（{source}）· 报警人 {caller} {phone}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Address {address} · grid {grid}</source>
        <translation>地址 {address} · 网格 {grid}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Disposition {disposition} · satisfaction {satisfaction}</source>
        <translation>处置结果 {disposition} · 满意度 {satisfaction}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Units: {units}</source>
        <translation>处警单元：{units}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (cleared)</source>
        <translation>（已收队）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Links: {links}</source>
        <translation>关联：{links}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>repeats {number}</source>
        <translation>重复于 {number}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>repeated by {number}</source>
        <translation>重复报警 {number}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clearance note</source>
        <translation>日清零说明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duty commander alerted</source>
        <translation>已通知专职指挥长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repeat call</source>
        <translation>重复报警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit dispatched</source>
        <translation>增派单元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit on scene</source>
        <translation>单元到场</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit cleared</source>
        <translation>单元收队</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Regraded</source>
        <translation>已调整等级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run card shortfall waived</source>
        <translation>已免派预案差额</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Regrade</source>
        <translation>调整等级</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New grade</source>
        <translation>新等级</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Close</source>
        <translation>办结</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Disposition</source>
        <translation>处置结果</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Call back</source>
        <translation>回访</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The reporter is</source>
        <translation>报警人评价</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Divert to 12345</source>
        <translation>分流至12345</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Transfer</source>
        <translation>移交</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Squad</source>
        <translation>接收单位</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Branch command</source>
        <translation>分局指挥中心</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>City command centre</source>
        <translation>市局指挥中心</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Escalate</source>
        <translation>指挥权上移</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Command moves to</source>
        <translation>指挥权移交至</translation>
    </message>
</context>
<context>
    <name>IncidentListDialog</name>
    <message numerus="yes">
        <location filename="../../console/ui/review/incident_list.py" line="+33"/>
        <source>%n incident(s)</source>
        <translation>
            <numerusform>%n 起警情</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>only the first {limit} are listed</source>
        <translation>仅列出前 {limit} 起</translation>
    </message>
</context>
<context>
    <name>IncidentSource</name>
    <message>
        <location filename="../../console/ui/intake/names.py" line="-207"/>
        <source>110 call</source>
        <translation>110报警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Walk-in</source>
        <translation>来所报警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Station phone</source>
        <translation>派出所电话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sensor alert</source>
        <translation>感知预警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfer in</source>
        <translation>上级转警</translation>
    </message>
</context>
<context>
    <name>IncidentStatus</name>
    <message>
        <location filename="../../console/ui/vocabulary.py" line="+38"/>
        <source>Received</source>
        <translation>已接警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dispatched</source>
        <translation>已派警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On scene</source>
        <translation>已到场</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Called back</source>
        <translation>已回访</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diverted to 12345</source>
        <translation>已分流12345</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transferred</source>
        <translation>已移交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escalated</source>
        <translation>已上移</translation>
    </message>
</context>
<context>
    <name>IntakeField</name>
    <message>
        <location filename="../../console/ui/intake/names.py" line="+46"/>
        <source>source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>caller&apos;s name</source>
        <translation>报警人姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>priority</source>
        <translation>等级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>narrative</source>
        <translation>警情内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>IntakePanel</name>
    <message>
        <location filename="../../console/ui/intake/panel.py" line="+137"/>
        <source>New incident</source>
        <translation>接警登记</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>e.g. 138 1234 5678</source>
        <translation>例如 138 1234 5678</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Street and number, e.g. 中山路18号</source>
        <translation>街路门牌，例如 中山路18号</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>What the caller reports</source>
        <translation>报警人所述警情</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <location line="-88"/>
        <source>Save (Enter)</source>
        <translation>保存 (Enter)</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>Where to place the call: ↑/↓ chooses, the typed address is kept</source>
        <translation>安置警情位置：↑/↓ 选择，保留所录地址</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Link to selected (Ctrl+L)</source>
        <translation>关联所选警情 (Ctrl+L)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Phone</source>
        <translation>电话(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Caller</source>
        <translation>报警人(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Address</source>
        <translation>地址(&amp;A)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Narrative</source>
        <translation>警情内容(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ca&amp;tegory</source>
        <translation>类别(&amp;T)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>P&amp;riority</source>
        <translation>等级(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Source</source>
        <translation>来源(&amp;S)</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>The database is unreachable for now; what you type is kept.</source>
        <translation>暂时无法连接数据库；已输入的内容会保留。</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>A call received at {time} was not saved: {summary}</source>
        <translation>{time} 接报的警情尚未保存：{summary}</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>(%n more)</source>
        <translation>
            <numerusform>（另有 %n 条）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+140"/>
        <source>address book</source>
        <translation>标准地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>key place</source>
        <translation>重点部位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>road</source>
        <translation>道路</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Not in the address book: placed near {place} · grid {grid} — the typed address is kept</source>
        <translation>标准地址库中无此地址：已按最近匹配定位于 {place} · 网格 {grid}，保留所录地址</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Not in the address book yet: pick from the list or the map</source>
        <translation>标准地址库中暂无：请从列表或地图上选择</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Grid: {grid} · {lon:.5f}, {lat:.5f}</source>
        <translation>网格：{grid} · {lon:.5f}, {lat:.5f}</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Placed on the map · grid {grid} · near {address} — the typed address is kept</source>
        <translation>已在地图上定位 · 网格 {grid} · 邻近 {address}，保留所录地址</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>No category suggestions yet: the station chief can turn them on.</source>
        <translation>暂无警情类别建议：所长可在菜单中开启。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Suggested: {category} ({percent}%)</source>
        <translation>建议类别：{category}（{percent}%）</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Escalation tags: {tags} → {priority}</source>
        <translation>升级标签：{tags} → {priority}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the duty commander will be alerted</source>
        <translation>将通知专职指挥长</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>same phone</source>
        <translation>同一电话</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>nearby, same category</source>
        <translation>附近同类</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{number} {time} {category} {address} — {reasons}, {minutes} min ago</source>
        <translation>{number} {time} {category} {address} — {reasons}，{minutes} 分钟前</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>Possible duplicates (%n)</source>
        <translation>
            <numerusform>疑似重复警情（%n）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+44"/>
        <source>No possible duplicate to link to.</source>
        <translation>没有可关联的疑似重复警情。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Possible duplicate: Enter saves it as a new incident, Ctrl+L links it to the selected one.</source>
        <translation>疑似重复报警：按 Enter 另立新警情，按 Ctrl+L 关联到所选警情。</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>The database connection was interrupted; reconnecting. This call has been kept — press Enter to save it once the connection is back.</source>
        <translation>数据库连接中断，正在重连；本条警情已保留，恢复后按 Enter 保存</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Discard this call?</source>
        <translation>放弃本次接警？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The call is not saved. Discard what was typed?</source>
        <translation>本次接警尚未保存。放弃已录入的内容？</translation>
    </message>
</context>
<context>
    <name>KeyPlaceGlyph</name>
    <message>
        <location filename="../../console/map/pane.py" line="+70"/>
        <source>P</source>
        <translation>警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S</source>
        <translation>校</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>U</source>
        <translation>校</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>H</source>
        <translation>医</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>M</source>
        <translation>铁</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>m</source>
        <translation>口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>B</source>
        <translation>银</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>$</source>
        <translation>商</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>K</source>
        <translation>市</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>L</source>
        <translation>宾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>G</source>
        <translation>政</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>X</source>
        <translation>馆</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E</source>
        <translation>娱</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F</source>
        <translation>油</translation>
    </message>
</context>
<context>
    <name>KeyPlaceKind</name>
    <message>
        <location line="-31"/>
        <source>Police station</source>
        <translation>派出所</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>University</source>
        <translation>高校</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hospital</source>
        <translation>医院</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subway station</source>
        <translation>地铁站</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subway entrance</source>
        <translation>地铁出入口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bank</source>
        <translation>银行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shopping mall</source>
        <translation>商场</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Market</source>
        <translation>集贸市场</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hotel</source>
        <translation>宾馆</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Government office</source>
        <translation>政府机关</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Museum</source>
        <translation>博物馆</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Entertainment venue</source>
        <translation>娱乐场所</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Petrol station</source>
        <translation>加油站</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../console/ui/main_window.py" line="+69"/>
        <source>{station} — Command room</source>
        <translation>{station} — 综合指挥室</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Units</source>
        <translation>警力状态</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Cannot read the station&apos;s data: {reason}</source>
        <translation>无法读取本所数据：{reason}</translation>
    </message>
    <message>
        <location line="+130"/>
        <source>Layout reset</source>
        <translation>已恢复默认布局</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Handover…</source>
        <translation>交接班(&amp;H)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Incident &amp;queue</source>
        <translation>警情队列(&amp;Q)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Units</source>
        <translation>警力状态(&amp;U)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Map</source>
        <translation>地图(&amp;M)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Roster</source>
        <translation>排班(&amp;R)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Filter queue</source>
        <translation>筛选警情(&amp;F)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Light/dark &amp;theme</source>
        <translation>切换明暗主题(&amp;T)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>F&amp;ull screen</source>
        <translation>全屏(&amp;U)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Reset layout</source>
        <translation>恢复默认布局(&amp;R)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>快捷键(&amp;K)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+314"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="-304"/>
        <source>Show &amp;panes</source>
        <translation>显示窗格(&amp;P)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;New incident</source>
        <translation>接警登记(&amp;N)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Incident &amp;detail</source>
        <translation>警情详情(&amp;D)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Daily &amp;clearance</source>
        <translation>日清零(&amp;C)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Mute urgent alert sound</source>
        <translation>紧急警情提示音静音(&amp;M)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Incidents</source>
        <translation>警情(&amp;I)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Train category suggestions</source>
        <translation>训练类别建议(&amp;T)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Learn the category suggestions from this station&apos;s incidents (station chief)</source>
        <translation>根据本所历史警情学习类别建议（所长）</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Category suggestions trained: {percent}% right on recent incidents</source>
        <translation>类别建议已训练：近期警情准确率 {percent}%</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Training category suggestions…</source>
        <translation>正在训练类别建议…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Incident {number} recorded</source>
        <translation>警情 {number} 已登记</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Incident {number}: {tags} — the duty commander is alerted</source>
        <translation>警情 {number}：{tags} — 已通知专职指挥长</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+68"/>
        <source>Select an incident in the queue first.</source>
        <translation>请先在警情队列中选中一起警情。</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>&amp;Recommend / dispatch</source>
        <translation>推荐/派警(&amp;R)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>R&amp;einforce (tier 2)</source>
        <translation>梯次增援(二梯队)(&amp;E)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Dispatch</source>
        <translation>派警(&amp;D)</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{unit} dispatched to {number}</source>
        <translation>{unit} 已派往 {number}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Shift &amp;debrief…</source>
        <translation>值班复盘(&amp;D)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Review</source>
        <translation>复盘(&amp;R)</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>The new language takes effect when the console is started again.</source>
        <translation>新的界面语言将在下次启动后生效。</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>%n incident(s) are still open.</source>
        <translation>
            <numerusform>仍有 %n 起警情未结。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A call is being typed and has not been saved.</source>
        <translation>有一个正在录入的接警尚未保存。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+1"/>
        <source>Quit the console?</source>
        <translation>确定退出？</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep working</source>
        <translation>继续工作</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>About the console</source>
        <translation>关于综合指挥室</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Station command console, version {version}.
Incident queue, unit board, map and roster for a police station&apos;s command room.</source>
        <translation>派出所综合指挥室，版本 {version}。
为派出所综合指挥室提供警情队列、警力状态、地图和排班。</translation>
    </message>
</context>
<context>
    <name>MapDock</name>
    <message>
        <location filename="../../console/ui/map_dock.py" line="+47"/>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading the map …</source>
        <translation>正在加载地图 …</translation>
    </message>
</context>
<context>
    <name>MapPane</name>
    <message>
        <location filename="../../console/map/pane.py" line="-24"/>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key places</source>
        <translation>重点部位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Units</source>
        <translation>警力</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incidents</source>
        <translation>警情</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1-3-5 minute rings</source>
        <translation>1-3-5 分钟快反圈</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incident heat map</source>
        <translation>警情热力图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Base map</source>
        <translation>底图</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Last 24 hours</source>
        <translation>近 24 小时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>近 7 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 30 days</source>
        <translation>近 30 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 90 days</source>
        <translation>近 90 天</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>age</source>
        <translation>历时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New call</source>
        <translation>新警情</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overdue (pulses)</source>
        <translation>已超时（闪烁）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid coverage</source>
        <translation>网格警力</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An available unit within {minutes} min</source>
        <translation>{minutes} 分钟内有可派警力</translation>
    </message>
    <message>
        <location line="+143"/>
        <source>Period of the incident heat map</source>
        <translation>警情热力图的统计时段</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Heat map:</source>
        <translation>热力图：</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>The map&apos;s files are not installed (run the setup command).</source>
        <translation>地图文件未安装（请运行安装命令）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The map cannot be shown: {reason}</source>
        <translation>无法显示地图：{reason}</translation>
    </message>
</context>
<context>
    <name>NewRosterDialog</name>
    <message>
        <location filename="../../console/ui/roster/new_dialog.py" line="+38"/>
        <source>New roster</source>
        <translation>新建排班表</translation>
    </message>
    <message>
        <location line="+13"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>public holidays, e.g. 2027-01-01 2027-01-02</source>
        <translation>法定节假日，例如 2027-01-01 2027-01-02</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rotation</source>
        <translation>轮班模式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First day</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Length</source>
        <translation>天数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Holidays</source>
        <translation>节假日</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Dates as YYYY-MM-DD, separated by spaces or commas</source>
        <translation>日期格式为 YYYY-MM-DD，以空格或逗号分隔</translation>
    </message>
</context>
<context>
    <name>People</name>
    <message>
        <location filename="../../console/ui/people.py" line="+14"/>
        <source>{name} (badge {badge})</source>
        <translation>{name}（警号 {badge}）</translation>
    </message>
</context>
<context>
    <name>Priority</name>
    <message>
        <location filename="../../console/ui/vocabulary.py" line="-14"/>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>High</source>
        <translation>较紧急</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Low</source>
        <translation>非紧急</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../console/ui/i18n.py" line="+39"/>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../console/ui/queue/model.py" line="+92"/>
        <source>No.</source>
        <translation>警情编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Age</source>
        <translation>历时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Priority</source>
        <translation>等级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Units</source>
        <translation>处警单元</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Time left</source>
        <translation>到场倒计时</translation>
    </message>
    <message>
        <location line="+475"/>
        <source>Received {time}</source>
        <translation>接警时间 {time}</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>The run card asks for {needed} units; {sent} sent, shortfall waived</source>
        <translation>处警预案要求 {needed} 个单元；已派 {sent} 个，差额已免派</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The run card asks for {needed} units; {sent} sent, {short} to send</source>
        <translation>处警预案要求 {needed} 个单元；已派 {sent} 个，还差 {short} 个</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>by appt.</source>
        <translation>预约</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>✓ +{time} late</source>
        <translation>✓ 迟到{time}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No arrival deadline: by appointment</source>
        <translation>无到场时限：预约处置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Arrival deadline {time}</source>
        <translation>到场时限 {time}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>First unit on scene {time}</source>
        <translation>首个单元到场 {time}</translation>
    </message>
</context>
<context>
    <name>QueuePane</name>
    <message>
        <location filename="../../console/ui/queue/pane.py" line="+54"/>
        <source>Incident queue</source>
        <translation>警情队列</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Filter incidents</source>
        <translation>筛选警情</translation>
    </message>
    <message>
        <location line="+103"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Priority</source>
        <translation>等级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message numerus="yes">
        <location line="+36"/>
        <source>%n open incident(s)</source>
        <translation>
            <numerusform>%n 起未结警情</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n shown</source>
        <translation>
            <numerusform>显示 %n 起</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecommendDialog</name>
    <message>
        <location filename="../../console/ui/dispatch/dialog.py" line="+108"/>
        <source>Call sign</source>
        <translation>呼号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ETA</source>
        <translation>预计到达</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Distance</source>
        <translation>距离</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skills for this call</source>
        <translation>本警所需技能</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In time</source>
        <translation>能否按时</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Dispatch picked unit (Enter)</source>
        <translation>派出选中警力 (Enter)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dispatch team (Ctrl+Enter)</source>
        <translation>按预案整组派出 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reinforce, tier 2 (Shift+Enter)</source>
        <translation>二梯队增援 (Shift+Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request branch, tier 3 (Ctrl+B)</source>
        <translation>请求分局支援(三梯队) (Ctrl+B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Waive shortfall…</source>
        <translation>免派差额(&amp;W)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Accept fewer units than the run card asks for, with a reason (Alt+W)</source>
        <translation>填写理由，接受少于处警预案要求的单元数（Alt+W）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+1"/>
        <source>Dispatch team</source>
        <translation>按预案整组派出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reinforce, tier 2</source>
        <translation>二梯队增援</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Request branch</source>
        <translation>请求分局支援</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Recommend / dispatch</source>
        <translation>推荐/派警</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>no address</source>
        <translation>无地址</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{address} ({grid})</source>
        <translation>{address}（{grid}）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Dispatch — {incident}</source>
        <translation>派警 — {incident}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reinforce — {incident}</source>
        <translation>增援 — {incident}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>by appointment</source>
        <translation>预约处置</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{time} left to the arrival deadline</source>
        <translation>距到场时限还剩 {time}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>deadline passed {time} ago</source>
        <translation>已超到场时限 {time}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run card: {units} unit(s); skills needed: {needs}</source>
        <translation>出警预案：{units} 组警力；所需技能：{needs}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>sent: {units}</source>
        <translation>已派：{units}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No unit can arrive before the deadline.</source>
        <translation>没有警力能在到场时限内赶到。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No available unit has: {skills}.</source>
        <translation>可派警力中无人具备：{skills}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The run card asks for {n} more unit(s) than can go.</source>
        <translation>预案所需警力尚缺 {n} 组。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No unit can go now.</source>
        <translation>当前没有可派警力。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Request support from the branch (Ctrl+B).</source>
        <translation>请向分局请求支援 (Ctrl+B)。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{sent}/{needed} sent; shortfall waived by {user} at {time}: {reason}</source>
        <translation>已派 {sent}/{needed}；差额已由 {user} 于 {time} 免派：{reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>{sent}/{needed} sent: the run card asks for %n more unit(s). Enter sends the picked one; Alt+W waives the shortfall with a reason.</source>
        <translation>
            <numerusform>已派 {sent}/{needed}：处警预案还需 %n 个单元。Enter 派出所选单元；Alt+W 填写理由后免派差额。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>The run card asks for %n unit(s): Ctrl+Enter sends the team, Enter one at a time.</source>
        <translation>
            <numerusform>处警预案要求 %n 个单元：Ctrl+Enter 派出整组，Enter 逐个派出。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+27"/>
        <source>yes</source>
        <translation>能</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>late</source>
        <translation>超时</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Proposed by the run card</source>
        <translation>出警预案推荐</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estimated driving time on the road network</source>
        <translation>按路网估算的行车时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Straight-line distance</source>
        <translation>直线距离</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>{units} dispatched.</source>
        <translation>已派出 {units}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dispatched.</source>
        <translation>已派出。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Waive the run card&apos;s shortfall</source>
        <translation>免派处警预案差额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{incident}: {sent} of {needed} units sent. Why will fewer do?</source>
        <translation>{incident}：已派 {sent} 个单元（预案要求 {needed} 个）。为何较少单元即可？</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Request branch support</source>
        <translation>请求分局支援</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason (optional):</source>
        <translation>原因（可不填）：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Branch support requested (tier 3).</source>
        <translation>已请求分局支援（三梯队）。</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <location filename="../../console/ui/reports/export.py" line="+43"/>
        <source>A CSV file holds one table; choose XLSX.</source>
        <translation>CSV 文件只能保存一张表，请选择 XLSX。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unknown export format: {suffix}</source>
        <translation>未知的导出格式：{suffix}</translation>
    </message>
    <message>
        <location line="+32"/>
        <location line="+32"/>
        <location filename="../../console/ui/reports/progress.py" line="+76"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The report could not be written: {reason}</source>
        <translation>报表未能写入：{reason}</translation>
    </message>
    <message>
        <location filename="../../console/ui/reports/pdf.py" line="+165"/>
        <source>Page {n}</source>
        <translation>第 {n} 页</translation>
    </message>
    <message>
        <location filename="../../console/ui/reports/progress.py" line="-5"/>
        <source>Writing {name}…</source>
        <translation>正在写入 {name}…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <location filename="../../console/ui/review/labels.py" line="+4"/>
        <source>First response rate</source>
        <translation>首接率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closure rate</source>
        <translation>办结率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Callback rate</source>
        <translation>回访率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Satisfaction</source>
        <translation>满意率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On-time arrival</source>
        <translation>按时到场率</translation>
    </message>
</context>
<context>
    <name>ReviewChart</name>
    <message>
        <location filename="../../console/ui/review/charts.py" line="+213"/>
        <source>Minutes from the call to the first unit on scene</source>
        <translation>接警至首个警力到场（分钟）</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+494"/>
        <source>Incidents</source>
        <translation>警情数</translation>
    </message>
    <message>
        <location line="-465"/>
        <source>all grades</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Arrival times — {grade}: {n} arrivals, {on_time} on time</source>
        <translation>到场用时 — {grade}：到场 {n} 起，按时 {on_time} 起</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Target {time}</source>
        <translation>目标 {time}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>P90 {time}</source>
        <translation>P90 {time}</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{start} and over</source>
        <translation>{start} 及以上</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{range}: {n} incidents</source>
        <translation>{range}：{n} 起</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Arrival {range}</source>
        <translation>到场用时 {range}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Hour of day</source>
        <translation>时段（时）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Incidents by hour and weekday ({n})</source>
        <translation>警情时段分布（{n} 起）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{weekday} {hour}:00–{hour}:59: {n} incidents</source>
        <translation>{weekday} {hour}:00–{hour}:59：{n} 起</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{weekday} {hour}:00–{hour}:59</source>
        <translation>{weekday} {hour}:00–{hour}:59</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>busiest {ratio:.1f}× the least busy</source>
        <translation>最忙是最闲的 {ratio:.1f} 倍</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>workloads differ from the average by {cv:.0%}</source>
        <translation>各单元工作量与平均值相差约 {cv:.0%}</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>mean {value:.1f}</source>
        <translation>平均 {value:.1f}</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>{n} incidents, {hours:.1f} h committed, {scene:.1f} h on scene</source>
        <translation>{n} 起警情，出警占用 {hours:.1f} 小时，现场 {scene:.1f} 小时</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{points:.1f} points, {n} incidents, {shifts} shifts ({night} at night)</source>
        <translation>{points:.1f} 分，{n} 起警情，{shifts} 个班次（夜班 {night}）</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Main rates week by week</source>
        <translation>主要指标周趋势</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Week of {day}: {n} incidents</source>
        <translation>{day} 当周：{n} 起警情</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Arrival P90 {time}</source>
        <translation>到场 P90 {time}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Week of {day}</source>
        <translation>{day} 当周</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Incidents per unit</source>
        <translation>各巡组警情数（忙闲不均）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Task points per officer</source>
        <translation>民警任务积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points</source>
        <translation>积分</translation>
    </message>
</context>
<context>
    <name>ReviewNote</name>
    <message>
        <location filename="../../console/services/review.py" line="+95"/>
        <source>Arrival time runs from the first ring to the first unit on scene, for every incident with an arrival deadline; P90: nine in ten arrived within it.</source>
        <translation>到场用时：从首次振铃到首个警力到场，统计所有有到场时限的警情；P90：九成警情在此用时内到场。</translation>
    </message>
    <message>
        <location line="+9"/>
        <location filename="../../console/ui/review/labels.py" line="+15"/>
        <source>Unit status history is not stored: time in each status is derived from assignments (dispatched, arrived, cleared).</source>
        <translation>未保存警力状态历史：各状态时长由派警记录（派出、到场、处置完毕）推算。</translation>
    </message>
    <message>
        <location line="+6"/>
        <location filename="../../console/ui/review/labels.py" line="+5"/>
        <source>No approved roster covers the period: every unit counts as on duty, and officer workload is empty.</source>
        <translation>该时段没有已批准的排班表：所有巡组按在岗计，民警工作量为空。</translation>
    </message>
</context>
<context>
    <name>ReviewTable</name>
    <message>
        <location filename="../../console/ui/review/tables.py" line="+64"/>
        <source>Target {target}</source>
        <translation>目标 {target}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>No.</source>
        <translation>警情编号</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Received</source>
        <translation>接警时间</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Priority</source>
        <translation>等级</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+79"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="-78"/>
        <location line="+158"/>
        <location line="+15"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="-172"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Arrival</source>
        <translation>到场用时</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Over by</source>
        <translation>超时</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>no arrival</source>
        <translation>未到场</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Made late by</source>
        <translation>迟到主因</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>On time</source>
        <translation>是否按时</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>late</source>
        <translation>迟到</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>on time</source>
        <translation>按时</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Measured</source>
        <translation>样本数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Over target</source>
        <translation>超目标</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>90th percentile</source>
        <translation>P90</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Made late</source>
        <translation>致迟到</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>cleared</source>
        <translation>已清零</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>explained</source>
        <translation>已说明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} open</source>
        <translation>{n} 起未清</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+21"/>
        <location line="+76"/>
        <location line="+17"/>
        <source>Incidents</source>
        <translation>警情数</translation>
    </message>
    <message>
        <location line="-113"/>
        <source>Not closed</source>
        <translation>未办结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not called back</source>
        <translation>未回访</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Explained</source>
        <translation>已说明</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Daily clearance</source>
        <translation>日清零</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Unit</source>
        <translation>巡组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Home grid</source>
        <translation>责任网格</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dispatched / en route (h)</source>
        <translation>已派/途中（时）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>On scene / busy (h)</source>
        <translation>到场/处置（时）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>On duty (h)</source>
        <translation>在岗（时）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Available (h)</source>
        <translation>空闲（时）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Committed</source>
        <translation>占用率</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Units</source>
        <translation>巡组数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minimum available</source>
        <translation>最少可用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gaps</source>
        <translation>冰点次数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Time below minimum</source>
        <translation>冰点时长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Longest gap</source>
        <translation>最长冰点</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>From</source>
        <translation>开始</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>To</source>
        <translation>结束</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Available units</source>
        <translation>可用警力</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Minimum</source>
        <translation>最少</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Officer</source>
        <translation>民警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Badge</source>
        <translation>警号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shifts</source>
        <translation>班次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rostered (h)</source>
        <translation>排班（时）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Worked (h)</source>
        <translation>实际出勤（时）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On scene (h)</source>
        <translation>现场（时）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Night shifts</source>
        <translation>夜班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weekend shifts</source>
        <translation>周末班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Support duty</source>
        <translation>支援</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How the points add up</source>
        <translation>积分构成</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Week of</source>
        <translation>周起始日</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Arrival P90</source>
        <translation>到场 P90</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>incidents</source>
        <translation>警情</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>urgent incidents</source>
        <translation>紧急警情</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>hours on scene</source>
        <translation>现场小时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>hours rostered</source>
        <translation>排班小时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>night shifts</source>
        <translation>夜班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>weekend shifts</source>
        <translation>周末班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>support duties</source>
        <translation>支援</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <location filename="../../console/ui/review/window.py" line="+92"/>
        <source>Last night shift</source>
        <translation>昨夜夜班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Today&apos;s day shift</source>
        <translation>今日白班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yesterday&apos;s day shift</source>
        <translation>昨日白班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yesterday</source>
        <translation>昨日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>近 7 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 30 days</source>
        <translation>近 30 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 90 days</source>
        <translation>近 90 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chosen period</source>
        <translation>自定义时段</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>{station} — Review</source>
        <translation>{station} — 复盘</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+386"/>
        <source>Incidents</source>
        <translation>警情数</translation>
    </message>
    <message>
        <location line="-384"/>
        <source>Arrival P90</source>
        <translation>到场 P90</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+132"/>
        <source>Daily clearance</source>
        <translation>日清零</translation>
    </message>
    <message>
        <location line="-111"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compute the debrief of this period (F5)</source>
        <translation>计算该时段的复盘（F5）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export report…</source>
        <translation>导出报告…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The whole debrief with its charts to PDF, or its tables to Excel (Ctrl+E)</source>
        <translation>整份复盘连同图表导出为 PDF，或将各表导出为 Excel（Ctrl+E）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Click a bar to list its incidents; the wheel zooms.</source>
        <translation>点击柱条列出对应警情；滚轮缩放。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Where the time went</source>
        <translation>时间花在哪里（分环节）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Incidents by category and grade</source>
        <translation>警情类别与等级</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+3"/>
        <source>Late incidents</source>
        <translation>迟到警情</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Week by week</source>
        <translation>逐周指标</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Hours and weeks</source>
        <translation>时段与趋势</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Units: time in each status</source>
        <translation>巡组各状态时长</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Coverage by grid</source>
        <translation>各网格警力覆盖</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Coverage gaps</source>
        <translation>警力冰点</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Units and coverage</source>
        <translation>警力与冰点</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Apply weights</source>
        <translation>应用权重</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Officer workload and task points</source>
        <translation>民警工作量与任务积分</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Officers and points</source>
        <translation>民警积分</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>All grids</source>
        <translation>全部网格</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n grid(s)</source>
        <translation>
            <numerusform>%n 个网格</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The period ends before it starts.</source>
        <translation>时段的结束早于开始。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Cannot compute the debrief: {reason}</source>
        <translation>无法计算复盘：{reason}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Computed at {time}</source>
        <translation>计算于 {time}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>All grades</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Late incidents ({n})</source>
        <translation>迟到警情（{n}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the {k} latest are listed</source>
        <translation>列出最迟的 {k} 起</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Incidents per unit</source>
        <translation>各巡组警情数（忙闲不均）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Task points per officer</source>
        <translation>民警任务积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{n} urgent</source>
        <translation>紧急 {n} 起</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>all grades</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{grade}, target {target}</source>
        <translation>{grade}，目标 {target}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cleared</source>
        <translation>已清零</translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n day(s) open</source>
        <translation>
            <numerusform>%n 天未清零</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} incidents pending</source>
        <translation>{n} 起待办</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Made late by: {part}</source>
        <translation>迟到主因：{part}</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{station} debrief {period}</source>
        <translation>{station} 复盘 {period}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Summary</source>
        <translation>主要指标</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Detail</source>
        <translation>说明</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Generated {time} · {n} incidents</source>
        <translation>生成于 {time} · 共 {n} 起警情</translation>
    </message>
</context>
<context>
    <name>RosterCalendarModel</name>
    <message>
        <location filename="../../console/ui/roster/calendar_model.py" line="+154"/>
        <source>{team}: {count} people, {police} police officers</source>
        <translation>{team}：{count} 人，其中民警 {police} 人</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>{shift} on {day}: {count} on duty, cover asks {target}</source>
        <translation>{day} {shift}：当班 {count} 人，需配 {target} 人</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Day off</source>
        <translation>休息</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Post: {post}</source>
        <translation>岗位：{post}</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Public holiday</source>
        <translation>法定节假日</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{shift} count</source>
        <translation>{shift}人数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>P</source>
        <translation>民</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A</source>
        <translation>辅</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>police officer</source>
        <translation>民警</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>auxiliary</source>
        <translation>辅警</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Skills: {skills}</source>
        <translation>技能：{skills}</translation>
    </message>
</context>
<context>
    <name>RosterCalendarView</name>
    <message>
        <location filename="../../console/ui/roster/calendar_view.py" line="+124"/>
        <source>Letters or numbers set the shift, * the commander post, Delete a day off, Ctrl+Z undoes; drag a cell onto another to move or swap it</source>
        <translation>按字母或数字设置班次，* 设为指挥长岗，Del 设为休息，Ctrl+Z 撤销；将单元格拖到另一格可移动或互换</translation>
    </message>
</context>
<context>
    <name>RosterFindings</name>
    <message>
        <location filename="../../console/ui/roster/findings.py" line="+39"/>
        <source>{amount} missing</source>
        <translation>缺 {amount} 人</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{amount} extra</source>
        <translation>多 {amount} 人</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{amount} over the fair share of {share}</source>
        <translation>超出公平份额（{share}）{amount} 次</translation>
    </message>
</context>
<context>
    <name>RosterPane</name>
    <message>
        <location filename="../../console/ui/roster/pane.py" line="+106"/>
        <source>Roster</source>
        <translation>排班</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Which roster to show</source>
        <translation>要显示的排班表</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New roster from a rotation and a date range</source>
        <translation>按轮班模式和日期范围新建排班表</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Solve</source>
        <translation>自动排班</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Improve the roster with the solver</source>
        <translation>用求解器优化排班表</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stop the solver and keep the best roster so far</source>
        <translation>停止求解，保留目前最好的排班表</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Approve the roster (station chief)</source>
        <translation>批准排班表（所长）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Edit a copy</source>
        <translation>复制后编辑</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Make a new draft of this roster to edit</source>
        <translation>以此排班表新建草稿进行编辑</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export XLSX</source>
        <translation>导出 XLSX</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long the solver may search</source>
        <translation>求解器的最长搜索时间</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Cannot read the rosters: {reason}</source>
        <translation>无法读取排班表：{reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>No roster yet: make one with New… from a rotation.</source>
        <translation>尚无排班表：请点“新建…”按轮班模式生成。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Approved by {name} at {at} (read-only)</source>
        <translation>已由 {name} 于 {at} 批准（只读）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Draft, version {version}</source>
        <translation>草稿，第 {version} 版</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name}, {start} to {end} · {state} · cost {cost} · {breaks} broken rules</source>
        <translation>{name}，{start} 至 {end} · {state} · 代价 {cost} · 违反规则 {breaks} 条</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>No rule is broken and nothing is priced.</source>
        <translation>未违反任何规则，也没有计入代价的项目。</translation>
    </message>
    <message>
        <location line="+157"/>
        <source>The solver is running; stop it to edit.</source>
        <translation>求解器正在运行；请先停止再编辑。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An approved roster is read-only: use Edit a copy to change it.</source>
        <translation>已批准的排班表为只读：请用“复制后编辑”进行修改。</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+24"/>
        <source>Making the roster…</source>
        <translation>正在生成排班表…</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Replace the approved roster?</source>
        <translation>替换已批准的排班表？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve this roster and send the other back to draft?</source>
        <translation>批准此排班表，并将另一份退回草稿？</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>This roster sets no cover to solve for; make a new roster from a rotation.</source>
        <translation>此排班表未设定人员配置需求，无法求解；请按轮班模式新建排班表。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Solving…</source>
        <translation>正在求解…</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Solver {status} in {seconds:.1f} s: cost {objective:g}</source>
        <translation>求解结束（{status}），用时 {seconds:.1f} 秒：代价 {objective:g}</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>proved the best possible: cost {objective:g}</source>
        <translation>已证明最优：代价 {objective:g}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>best found: cost {objective:g}, at most {gap:.1%} above the best possible (bound {bound:g})</source>
        <translation>目前最好：代价 {objective:g}，最多比最优高 {gap:.1%}（下界 {bound:g}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>best found: cost {objective:g}; bound not yet known</source>
        <translation>目前最好：代价 {objective:g}；下界尚未求出</translation>
    </message>
    <message>
        <location line="-128"/>
        <source>The solver found no roster in the time given.</source>
        <translation>求解器在限定时间内未找到排班方案。</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Solving… {seconds:.0f} s: {quality}</source>
        <translation>正在求解… {seconds:.0f} 秒：{quality}</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>The solver failed: {reason}</source>
        <translation>求解失败：{reason}</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>The roster could not be exported: {reason}</source>
        <translation>排班表未能导出：{reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Exported to {path}</source>
        <translation>已导出至 {path}</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>optimal</source>
        <translation>已证最优</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>feasible, not proven best</source>
        <translation>可行，未证最优</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no roster exists</source>
        <translation>无可行排班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
</context>
<context>
    <name>RosterReport</name>
    <message>
        <location filename="../../console/ui/roster/report.py" line="+25"/>
        <source>Duty roster {name}, {start} to {end}</source>
        <translation>排班表 {name}，{start} 至 {end}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Approved by {name} at {at}</source>
        <translation>已由 {name} 于 {at} 批准</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Draft, version {version}: not approved</source>
        <translation>草稿，第 {version} 版：未批准</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Team</source>
        <translation>班组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Shifts</source>
        <translation>班次数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hours</source>
        <translation>工时</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Calendar</source>
        <translation>排班日历</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>On duty against cover</source>
        <translation>在岗人数与需求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>hard rule broken</source>
        <translation>违反硬性规则</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>soft rule</source>
        <translation>软性规则</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No rule is broken and nothing is priced.</source>
        <translation>没有违反任何规则，也没有扣分项。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Rules broken, cost {cost}</source>
        <translation>违规与扣分（合计 {cost}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cost</source>
        <translation>扣分</translation>
    </message>
</context>
<context>
    <name>RosterWindow</name>
    <message>
        <location filename="../../console/ui/roster_dock.py" line="+36"/>
        <source>{station} — Roster</source>
        <translation>{station} — 排班</translation>
    </message>
</context>
<context>
    <name>Rotation</name>
    <message>
        <location filename="../../console/ui/vocabulary.py" line="+65"/>
        <source>Five teams, three shifts</source>
        <translation>五班三运转</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Five teams, two shifts</source>
        <translation>五班两运转</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Four teams, three shifts</source>
        <translation>四班三运转</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Three teams, two shifts</source>
        <translation>三班两运转</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One day on, two days off</source>
        <translation>做一休二</translation>
    </message>
</context>
<context>
    <name>Satisfaction</name>
    <message>
        <location filename="../../console/ui/intake/names.py" line="-21"/>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fairly satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
</context>
<context>
    <name>ServiceField</name>
    <message>
        <location line="+28"/>
        <source>action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>acting user</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>time the call was answered</source>
        <translation>接听时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>roster entries</source>
        <translation>排班条目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>station code</source>
        <translation>单位代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>number of days</source>
        <translation>天数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>disposition</source>
        <translation>处置结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>call record</source>
        <translation>接警记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>original incident</source>
        <translation>原警情</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cell edits</source>
        <translation>排班修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unit&apos;s version</source>
        <translation>警力版本号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>version</source>
        <translation>版本号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>grade</source>
        <translation>警情等级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>map location mark</source>
        <translation>地图定位标记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>incident</source>
        <translation>警情</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>kind of note</source>
        <translation>备注类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>escalation level</source>
        <translation>上移层级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>arrival minutes</source>
        <translation>到场时限（分钟）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>handover notes</source>
        <translation>交接备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>map location</source>
        <translation>地图位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>post</source>
        <translation>岗位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rotation</source>
        <translation>轮班模式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>roster problem</source>
        <translation>排班问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>public holidays</source>
        <translation>法定节假日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>time the call came in</source>
        <translation>来电时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>choice to replace</source>
        <translation>替换选项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>roster</source>
        <translation>排班表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>shift start</source>
        <translation>接班时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>solver&apos;s result</source>
        <translation>求解结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>receiving squad</source>
        <translation>接收单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>staff member</source>
        <translation>人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>start date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>suggestion</source>
        <translation>建议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>solve summary</source>
        <translation>求解摘要</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>arrival targets</source>
        <translation>到场时限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>time limit</source>
        <translation>时间限制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>new status</source>
        <translation>目标状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unit</source>
        <translation>警力</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>position report</source>
        <translation>定位报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>position reports</source>
        <translation>定位报告批次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>number of matches</source>
        <translation>匹配条数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>heading</source>
        <translation>航向</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>position time</source>
        <translation>定位时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>user name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>number of solver threads</source>
        <translation>求解线程数</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../console/ui/settings.py" line="+67"/>
        <source>Colour theme</source>
        <translation>配色主题</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Text size of the queue and unit board (points)</source>
        <translation>警情队列和警力状态的字号（磅）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Station database opened at start: a SQLite file, a PostgreSQL URL, or &apos;demo&apos; (empty: ask)</source>
        <translation>启动时打开的派出所数据库：SQLite 文件、PostgreSQL 地址或“demo”（留空则询问）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Map base layer: intranet tile server URL template ({z}/{x}/{y}); empty draws the roads</source>
        <translation>地图底图：内网瓦片服务地址模板（{z}/{x}/{y}）；留空则绘制道路矢量图</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Sound once when a new urgent incident arrives</source>
        <translation>新紧急警情到达时提示音响一次</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Possible duplicate: same phone within (minutes)</source>
        <translation>疑似重复：同一电话间隔（分钟）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Possible duplicate: same category nearby within (minutes)</source>
        <translation>疑似重复：附近同类间隔（分钟）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Possible duplicate: nearby means within (metres)</source>
        <translation>疑似重复：附近范围（米）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A unit&apos;s position is stale after (seconds)</source>
        <translation>警力位置超过多久视为过期（秒）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Flag a unit dispatched but not en route after (minutes)</source>
        <translation>已派未出发超过多久提示（分钟）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Flag a unit en route after (minutes)</source>
        <translation>途中超过多久提示（分钟）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Flag a unit on scene after (minutes)</source>
        <translation>到场超过多久提示（分钟）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Flag a unit busy after (minutes)</source>
        <translation>处置中超过多久提示（分钟）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Task points per incident handled</source>
        <translation>每起警情积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extra points per urgent incident</source>
        <translation>紧急警情加分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task points per hour on scene</source>
        <translation>现场每小时积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task points per hour rostered</source>
        <translation>排班每小时积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task points per night shift</source>
        <translation>每个夜班积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task points per weekend shift</source>
        <translation>每个周末班积分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task points per support duty</source>
        <translation>每次支援积分</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Main window position and size</source>
        <translation>主窗口位置和大小</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Layout of the docked panes</source>
        <translation>停靠窗格的布局</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Roster window position and size</source>
        <translation>排班窗口的位置和大小</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Incident queue columns</source>
        <translation>警情队列的列</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unit board columns</source>
        <translation>警力状态的列</translation>
    </message>
</context>
<context>
    <name>Shift</name>
    <message>
        <location filename="../../console/ui/vocabulary.py" line="+4"/>
        <source>Day shift</source>
        <translation>白班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evening shift</source>
        <translation>中班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Night shift</source>
        <translation>夜班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>24-hour duty</source>
        <translation>值班</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../console/ui/shortcuts_dialog.py" line="+156"/>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../console/ui/sign_in/dialog.py" line="+40"/>
        <source>Duty officer</source>
        <translation>值班员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duty commander</source>
        <translation>专职指挥长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Station chief</source>
        <translation>所长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>user name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Sign in (Enter)</source>
        <translation>登录 (Enter)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;User</source>
        <translation>用户(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Now acting: {name}</source>
        <translation>当前操作人：{name}</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>&amp;Sign in as…</source>
        <translation>切换用户(&amp;S)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sign in as another user (Ctrl+L)</source>
        <translation>以其他用户身份登录（Ctrl+L）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Return to the built-in duty user</source>
        <translation>返回内置值班员账号</translation>
    </message>
</context>
<context>
    <name>Skill</name>
    <message>
        <location filename="../../console/ui/vocabulary.py" line="-95"/>
        <source>Armed</source>
        <translation>持枪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Driver</source>
        <translation>驾驶</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First aid</source>
        <translation>急救</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Traffic</source>
        <translation>交通</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Negotiation</source>
        <translation>谈判调解</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>English</source>
        <translation>英语</translation>
    </message>
</context>
<context>
    <name>SolveProgressChart</name>
    <message>
        <location filename="../../console/ui/roster/progress_chart.py" line="+36"/>
        <source>Solver: roster cost and best bound</source>
        <translation>求解进度：排班代价与最优下界</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cost</source>
        <translation>代价</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>roster cost</source>
        <translation>排班代价</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>best bound</source>
        <translation>最优下界</translation>
    </message>
</context>
<context>
    <name>Squad</name>
    <message>
        <location filename="../../console/ui/intake/names.py" line="-80"/>
        <source>Criminal investigation squad</source>
        <translation>刑警中队</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Traffic police brigade</source>
        <translation>交警大队</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anti-fraud centre</source>
        <translation>反诈中心</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Narcotics squad</source>
        <translation>禁毒中队</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fire and rescue</source>
        <translation>消防救援</translation>
    </message>
</context>
<context>
    <name>StationStatusBar</name>
    <message>
        <location filename="../../console/ui/status_bar.py" line="+68"/>
        <source>User: {name}</source>
        <translation>当前用户：{name}</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Station time ({zone})</source>
        <translation>本所时间（{zone}）</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changes from every workstation appear at once</source>
        <translation>各工作站的变更即时显示</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Last change {time}</source>
        <translation>最近变更 {time}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Polling</source>
        <translation>轮询中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Live updates are down; changes are read every second instead</source>
        <translation>实时推送中断，改为每秒读取一次变更</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Why: {reason}</source>
        <translation>原因：{reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+8"/>
        <source>Reconnecting…</source>
        <translation>正在重连…</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Changes not arriving</source>
        <translation>变更未送达</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot read the change feed: {reason}</source>
        <translation>无法读取变更记录：{reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not listening for changes yet</source>
        <translation>尚未开始接收变更</translation>
    </message>
</context>
<context>
    <name>TablePane</name>
    <message>
        <location filename="../../console/ui/table_pane.py" line="+47"/>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
</context>
<context>
    <name>TablePanel</name>
    <message>
        <location filename="../../console/ui/review/table_panel.py" line="+53"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export this table to PDF, Excel or CSV</source>
        <translation>将此表导出为 PDF、Excel 或 CSV</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Export table…</source>
        <translation>导出此表…</translation>
    </message>
</context>
<context>
    <name>UnitKind</name>
    <message>
        <location filename="../../console/ui/vocabulary.py" line="+40"/>
        <source>Car</source>
        <translation>车组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Foot patrol</source>
        <translation>步巡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1+3 team</source>
        <translation>1+3 巡组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Falcon</source>
        <translation>猎鹰</translation>
    </message>
</context>
<context>
    <name>UnitStatus</name>
    <message>
        <location line="-14"/>
        <source>Available</source>
        <translation>备勤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patrolling</source>
        <translation>巡逻</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dispatched</source>
        <translation>已派</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>En route</source>
        <translation>途中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On scene</source>
        <translation>到场</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Busy</source>
        <translation>处置中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off duty</source>
        <translation>下班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On loan</source>
        <translation>支援中</translation>
    </message>
</context>
<context>
    <name>UnitsModel</name>
    <message>
        <location filename="../../console/ui/units/model.py" line="+64"/>
        <source>Call sign</source>
        <translation>呼号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>In status</source>
        <translation>状态时长</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Crew</source>
        <translation>组员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incident</source>
        <translation>当前警情</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Home grid</source>
        <translation>责任网格</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Position age</source>
        <translation>定位时效</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>Since {time}</source>
        <translation>自 {time} 起</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too long in this status: check with the unit</source>
        <translation>该状态持续过久：请与该组核实</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>No position reported</source>
        <translation>无定位</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Position reported {time}</source>
        <translation>定位时间 {time}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Position too old: the unit may not be where the map shows it</source>
        <translation>位置已过期：该组可能不在地图所示位置</translation>
    </message>
</context>
<context>
    <name>UnitsPane</name>
    <message>
        <location filename="../../console/ui/units/pane.py" line="+31"/>
        <source>Units</source>
        <translation>警力状态</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filter units</source>
        <translation>筛选警力</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Set the selected unit to {status} ({key})</source>
        <translation>将选中警力设为{status} ({key})</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Change status…</source>
        <translation>更改状态…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Status keys: 1 available … 7 on loan; F6 or right click: status menu</source>
        <translation>状态键：1 备勤 … 7 支援中；F6 或右键：状态菜单</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Unit status</source>
        <translation>警力状态</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+20"/>
        <source>Select a unit first.</source>
        <translation>请先选中一组警力。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{unit}: {status}</source>
        <translation>{unit}：{status}</translation>
    </message>
    <message numerus="yes">
        <location line="+38"/>
        <source>%n stale</source>
        <translation>
            <numerusform>%n 组状态过期</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Weekday</name>
    <message>
        <location filename="../../console/ui/review/labels.py" line="-16"/>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
</context>
<context>
    <name>services</name>
    <message>
        <location filename="../../console/services/dispatch.py" line="+122"/>
        <location filename="../../console/services/incident_lifecycle.py" line="+55"/>
        <location filename="../../console/services/intake.py" line="+509"/>
        <source>Incident {incident_id} does not exist.</source>
        <translation>警情 {incident_id} 不存在。</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Incident {number} has no location yet; locate it first.</source>
        <translation>警情 {number} 尚未定位，请先定位。</translation>
    </message>
    <message>
        <location line="+129"/>
        <source>Incident {number}: {reason}</source>
        <translation>警情 {number}：{reason}</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Unknown reinforcement tier {tier}.</source>
        <translation>未知的增援梯队 {tier}。</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+87"/>
        <location filename="../../console/services/unit_positions.py" line="+86"/>
        <location filename="../../console/services/unit_status.py" line="+39"/>
        <source>Unit {unit_id} does not exist.</source>
        <translation>处警单元 {unit_id} 不存在。</translation>
    </message>
    <message>
        <location line="-83"/>
        <location line="+282"/>
        <location line="+40"/>
        <source>Incident {number} is no longer open.</source>
        <translation>警情 {number} 已不在处置中。</translation>
    </message>
    <message>
        <location line="-299"/>
        <source>Unit {call_sign} was just taken or changed at another workstation; pick again from a fresh recommendation.</source>
        <translation>{call_sign} 刚被其他席位派出或更改，请按刷新后的推荐重新选择。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Unit {call_sign} cannot be dispatched while it is {status}.</source>
        <translation>{call_sign} 当前为{status}，不能派警。</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Unit {call_sign} is not on its way to an incident.</source>
        <translation>{call_sign} 不在前往警情的途中。</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>Unit {call_sign} has no incident to clear.</source>
        <translation>{call_sign} 没有可结束的警情。</translation>
    </message>
    <message>
        <location line="+52"/>
        <location line="+55"/>
        <location filename="../../console/services/incident_lifecycle.py" line="+97"/>
        <source>Incident {number} was changed at another workstation; look again.</source>
        <translation>警情 {number} 已被其他席位更改，请重新查看。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Incident {number} has the {needed} unit(s) its run card asks for; there is no shortfall to waive.</source>
        <translation>警情 {number} 已派足处警预案要求的 {needed} 个单元，无差额可免。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No unit has been sent to incident {number} yet; a shortfall is waived once at least one unit is on its way.</source>
        <translation>警情 {number} 尚未派出任何单元；至少派出一个单元后才能免派差额。</translation>
    </message>
    <message>
        <location line="-428"/>
        <source>Unit {call_sign} was changed at another workstation; look again.</source>
        <translation>处警单元 {call_sign} 已在其他工作站被修改，请重新查看。</translation>
    </message>
    <message>
        <location filename="../../console/services/classifier.py" line="+121"/>
        <source>The station has {count} incidents with a narrative; the classifier needs at least {needed}.</source>
        <translation>本所有警情内容的警情 {count} 起，分类模型至少需要 {needed} 起。</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Only the station chief can train the category suggestions.</source>
        <translation>只有所长可以训练类别建议。</translation>
    </message>
    <message>
        <location filename="../../console/services/intake.py" line="-187"/>
        <source>That point is not on the earth.</source>
        <translation>该坐标不在地球上。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The point {lon:.5f}, {lat:.5f} lies outside every grid of the station: hand the call to the station responsible for it.</source>
        <translation>坐标 {lon:.5f}, {lat:.5f} 不在本所任何网格内：请转交属地派出所。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>{address} is not in the address book: pick an address from the list or the place on the map.</source>
        <translation>{address} 不在标准地址库中：请从列表选择地址或在地图上选点。</translation>
    </message>
    <message>
        <location line="+119"/>
        <source>The call&apos;s times are out of order: it rang at {ring}, was answered at {answer} and is saved at {saved}; the ring comes first and neither may be later than saving.</source>
        <translation>来电时间顺序有误：振铃 {ring}，接听 {answer}，保存 {saved}；振铃应在最前，且二者都不能晚于保存时间。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Category {code} is not in the dictionary.</source>
        <translation>警情类别 {code} 不在字典中。</translation>
    </message>
    <message>
        <location filename="../../console/ui/intake/names.py" line="+124"/>
        <source>Choose where the report came from.</source>
        <translation>请选择报警来源。</translation>
    </message>
    <message>
        <location filename="../../console/services/validation.py" line="+48"/>
        <source>The {field} has a value of the wrong kind; it cannot be stored.</source>
        <translation>{field}的值类型不对，无法保存。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The {field} is empty.</source>
        <translation>{field}为空。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../../console/ui/intake/names.py" line="+1"/>
        <source>The {field} contains control characters; type it again.</source>
        <translation>{field}含有控制字符，请重新输入。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The {field} is not a valid record number.</source>
        <translation>{field}不是有效的记录编号。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The {field} is not a valid version number.</source>
        <translation>{field}不是有效的版本号。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The {field} must be a whole number from {low} to {high}.</source>
        <translation>{field}必须是 {low} 到 {high} 之间的整数。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The {field} must be a number from {low} to {high}.</source>
        <translation>{field}必须是 {low} 到 {high} 之间的数值。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The {field} needs a time zone.</source>
        <translation>{field}需要带时区。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The {field} must lie between the years {low} and {high}.</source>
        <translation>{field}必须在 {low} 年到 {high} 年之间。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The {field} is not one of the allowed values.</source>
        <translation>{field}不是允许的取值。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The {field} has more than {limit} entries.</source>
        <translation>{field}超过 {limit} 项。</translation>
    </message>
    <message>
        <location line="-11"/>
        <location filename="../../console/ui/intake/names.py" line="+1"/>
        <source>The {field} is longer than {limit} characters.</source>
        <translation>{field}超过 {limit} 个字符。</translation>
    </message>
    <message>
        <location filename="../../console/ui/intake/names.py" line="+1"/>
        <source>{phone} is not a phone number (a mobile has 11 digits, a landline its area code).</source>
        <translation>{phone} 不是电话号码（手机号 11 位，座机需带区号）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A call needs the caller&apos;s phone number.</source>
        <translation>电话报警须登记报警人电话。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type an address or pick the place on the map.</source>
        <translation>请输入地址或在地图上选点。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a category.</source>
        <translation>请选择警情类别。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a priority.</source>
        <translation>请选择警情等级。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write what the caller reports.</source>
        <translation>请填写报警内容。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The narrative has {length} characters; keep it under {limit} and add the rest as notes.</source>
        <translation>警情内容有 {length} 个字符，请控制在 {limit} 字以内，其余作为备注补充。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The note is empty.</source>
        <translation>备注为空。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot {action} an incident that is {status}.</source>
        <translation>警情当前状态为“{status}”，不能{action}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closing needs a disposition code.</source>
        <translation>办结须选择处置结果。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No unit has arrived yet: the incident cannot be closed as handled on scene.</source>
        <translation>尚无警力到场，不能以“现场处置完毕”办结。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A callback needs the reporter&apos;s satisfaction.</source>
        <translation>回访须记录报警人满意度。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diverting to 12345 needs a reason.</source>
        <translation>分流至12345须填写原因。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A transfer needs the squad that takes the case.</source>
        <translation>移交须指定接收单位。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escalation goes to the branch or the city command.</source>
        <translation>指挥权只能上移至分局或市局。</translation>
    </message>
    <message>
        <location filename="../../console/services/grid_targets.py" line="+33"/>
        <source>The urgent arrival target must be whole minutes from {low} to {high}; “{value}” cannot be stored.</source>
        <translation>紧急警情的到场时限须为 {low} 至 {high} 之间的整分钟数；无法保存“{value}”。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The high-priority arrival target must be whole minutes from {low} to {high} or by appointment; “{value}” cannot be stored.</source>
        <translation>较紧急警情的到场时限须为 {low} 至 {high} 之间的整分钟数或预约处置；无法保存“{value}”。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The normal arrival target must be whole minutes from {low} to {high} or by appointment; “{value}” cannot be stored.</source>
        <translation>一般警情的到场时限须为 {low} 至 {high} 之间的整分钟数或预约处置；无法保存“{value}”。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The low-priority arrival target must be whole minutes from {low} to {high} or by appointment; “{value}” cannot be stored.</source>
        <translation>非紧急警情的到场时限须为 {low} 至 {high} 之间的整分钟数或预约处置；无法保存“{value}”。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Only the station chief or the duty commander can change the arrival targets.</source>
        <translation>只有所长或专职指挥长可以修改到场时限。</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Grid {grid_id} does not exist.</source>
        <translation>网格 {grid_id} 不存在。</translation>
    </message>
    <message>
        <location filename="../../console/services/handover.py" line="+282"/>
        <source>The station has no shift types: no shift change to hand over.</source>
        <translation>本所未设置班次：没有可交接的班次。</translation>
    </message>
    <message>
        <location line="-182"/>
        <source>Only a duty officer, the duty commander or the station chief can hand over a shift.</source>
        <translation>只有值班员、专职指挥长或所长可以交班。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Only a duty officer, the duty commander or the station chief can take over a shift; {name} cannot.</source>
        <translation>只有值班员、专职指挥长或所长可以接班；{name} 不可以。</translation>
    </message>
    <message>
        <location line="+337"/>
        <source>The handover was changed on another workstation; it has been reloaded. Check it and try again.</source>
        <translation>交接班已在其他工作站被修改，已重新载入。请核对后重试。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The outgoing officer confirms the handover first.</source>
        <translation>须由交班人先确认交班。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The outgoing officer has already confirmed this handover; it can no longer be changed.</source>
        <translation>交班人已确认本次交接班，不能再修改。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The incoming officer has already confirmed this handover.</source>
        <translation>接班人已确认本次交接班。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The incoming officer must be someone other than the outgoing officer.</source>
        <translation>接班人不能与交班人为同一人。</translation>
    </message>
    <message>
        <location filename="../../console/services/incident_lifecycle.py" line="+281"/>
        <source>Incident {number} is no longer open: its grade cannot change.</source>
        <translation>警情 {number} 已不在处置中，不能调整等级。</translation>
    </message>
    <message>
        <location filename="../../console/services/rosters.py" line="+57"/>
        <source>At most one shift a day</source>
        <translation>每天最多一个班次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unknown staff, shift, date or post</source>
        <translation>人员、班次、日期或岗位不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Works on a day of leave</source>
        <translation>休假日被排班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift longer than the cap</source>
        <translation>班次时长超过上限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too many shifts of one type</source>
        <translation>同类班次过多</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too few hours in the period</source>
        <translation>周期内工时不足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too many hours in the period</source>
        <translation>周期内工时过多</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too few working days in a row</source>
        <translation>连续上班天数过少</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too many working days in a row</source>
        <translation>连续上班天数过多</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too few days off in a row</source>
        <translation>连续休息天数过少</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too many weekends worked</source>
        <translation>周末上班过多</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forbidden shift succession</source>
        <translation>班次衔接不合规</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too little rest between shifts</source>
        <translation>两班之间休息不足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A team on the street without a 民警</source>
        <translation>街面警组无民警带队</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not exactly one duty commander</source>
        <translation>专职指挥长不止一人或空缺</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duty commander not qualified</source>
        <translation>专职指挥长不具备资格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duty commander too many days in a row</source>
        <translation>专职指挥长连续值守天数过多</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Short of people</source>
        <translation>人员不足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More people than needed</source>
        <translation>人员超出需要</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request to work not met</source>
        <translation>申请上班未满足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request for time off not met</source>
        <translation>申请休息未满足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More than a fair share of nights</source>
        <translation>夜班超出均摊份额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More than a fair share of weekend days</source>
        <translation>周末班超出均摊份额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More than a fair share of public holidays</source>
        <translation>节假日班超出均摊份额</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>There is no rotation called {preset}.</source>
        <translation>没有名为 {preset} 的轮班模式。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A roster covers 1 to 92 days, not {days}.</source>
        <translation>排班表须覆盖 1 至 92 天，不能是 {days} 天。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{preset} needs at least {needed} people; the station has {count}.</source>
        <translation>轮班模式 {preset} 至少需要 {needed} 人；本所只有 {count} 人。</translation>
    </message>
    <message>
        <location line="+204"/>
        <source>The solver found no roster to keep.</source>
        <translation>求解器没有找到可保存的排班方案。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Only the station chief can approve a roster.</source>
        <translation>只有所长可以批准排班表。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Roster {name} breaks {count} hard rules; fix them before approving.</source>
        <translation>排班表 {name} 违反 {count} 条硬性规则；请修正后再批准。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Approved roster {other} already covers {start} to {end}; approve this one only to replace it.</source>
        <translation>已批准的排班表 {other} 已覆盖 {start} 至 {end}；只有要替换它时才批准本表。</translation>
    </message>
    <message>
        <location line="+167"/>
        <source>This roster is too large to solve: {staff} staff over {days} days. The solver takes at most {max_staff} staff, {max_days} days and {max_staff_days} staff-days; split it by team or period.</source>
        <translation>排班规模过大，无法求解：{staff}人 × {days}天。求解器最多处理{max_staff}人、{max_days}天、{max_staff_days}人·天；请按班组或时段拆分。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Building the model took longer than the time limit ({seconds} s); nothing was searched. Give the solver more time, or split the roster by team or period.</source>
        <translation>建立模型所用时间超过了时间限制（{seconds} 秒），未进行求解。请给求解器更多时间，或按班组或时段拆分排班。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Roster {roster_id} does not exist.</source>
        <translation>排班表 {roster_id} 不存在。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Roster {name} is approved and read-only; edit a draft copy of it.</source>
        <translation>排班表 {name} 已批准，为只读；请复制为草稿后编辑。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Roster {name} was changed by someone else; it has been reloaded.</source>
        <translation>排班表 {name} 已被他人修改，已重新载入。</translation>
    </message>
    <message>
        <location line="+79"/>
        <location line="+103"/>
        <source>That cell is not part of the roster.</source>
        <translation>该单元格不属于此排班表。</translation>
    </message>
    <message>
        <location line="-100"/>
        <source>Unknown shift type {shift}.</source>
        <translation>未知的班次 {shift}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A day off has no post.</source>
        <translation>休息日不能安排岗位。</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>{name} is not an officer of this station.</source>
        <translation>{name} 不是本所人员。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{name} has two shifts on {day}.</source>
        <translation>{name} 在 {day} 有两个班次。</translation>
    </message>
    <message>
        <location filename="../../console/services/station_setup.py" line="+153"/>
        <source>The station needs a name.</source>
        <translation>请填写派出所名称。</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+8"/>
        <source>A new station cannot be set up here: {detail}</source>
        <translation>无法在此新建派出所：{detail}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This database already holds a station.</source>
        <translation>该数据库中已有派出所。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The password cannot be stored in {path}: {reason}</source>
        <translation>无法把密码保存到 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../../console/services/accounts.py" line="+45"/>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location line="+133"/>
        <source>A password needs at least {count} characters.</source>
        <translation>密码至少需要 {count} 个字符。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A password may have at most {count} characters.</source>
        <translation>密码最多 {count} 个字符。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Only an administrator can set another user&apos;s password.</source>
        <translation>只有管理员可以设置其他用户的密码。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>There is no user {username}.</source>
        <translation>用户 {username} 不存在。</translation>
    </message>
    <message>
        <location filename="../../console/services/unit_of_work.py" line="+48"/>
        <source>The database connection was interrupted; reconnecting. Nothing was saved: try again once the connection is back.</source>
        <translation>数据库连接中断，正在重连；本次操作未保存，连接恢复后请重试。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The database is busy with another workstation&apos;s write; try again in a moment.</source>
        <translation>数据库正忙（另一工作站正在写入），请稍后重试。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Only a duty officer, the duty commander or the station chief can waive a run card&apos;s shortfall; {name} cannot.</source>
        <translation>只有值班员、专职指挥长或所长可以免派处警预案差额；{name} 无此权限。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{name} is not allowed to do this.</source>
        <translation>{name} 无权执行此操作。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} is no longer an active user of this station; sign in again.</source>
        <translation>{name} 已不是本所的有效用户，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../console/services/unit_positions.py" line="-31"/>
        <source>Unit {unit_id} reported a position from the future.</source>
        <translation>单元 {unit_id} 上报的定位时间晚于当前时间。</translation>
    </message>
</context>
</TS>
