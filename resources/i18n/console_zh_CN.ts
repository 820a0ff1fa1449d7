<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>IncidentStatus</name>
    <message>
        <location filename="../../console/ui/vocabulary.py" line="+22"/>
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
    <name>MainWindow</name>
    <message>
        <location filename="../../console/ui/main_window.py" line="+64"/>
        <source>{station} — Command room</source>
        <translation>{station} — 综合指挥室</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Units</source>
        <translation>警力状态</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Cannot read the station&apos;s data: {reason}</source>
        <translation>无法读取本所数据：{reason}</translation>
    </message>
    <message>
        <location line="+73"/>
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
        <location line="+3"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+10"/>
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
        <location line="+35"/>
        <source>The new language takes effect when the console is started again.</source>
        <translation>新的界面语言将在下次启动后生效。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>About the console</source>
        <translation>关于综合指挥台</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Station command console, version {version}.
Incident queue, unit board, map and roster for a police station&apos;s command room.</source>
        <translation>派出所综合指挥台，版本 {version}。
为派出所综合指挥室提供警情队列、警力状态、地图和排班。</translation>
    </message>
</context>
<context>
    <name>MapDock</name>
    <message>
        <location filename="../../console/ui/map_dock.py" line="+15"/>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The map comes in a later version of the console.</source>
        <translation>地图将在后续版本中提供。</translation>
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
    <name>QueueModel</name>
    <message>
        <location filename="../../console/ui/queue/model.py" line="+35"/>
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
        <location line="+43"/>
        <location line="+12"/>
        <source>Received {time}</source>
        <translation>接警时间 {time}</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>by appt.</source>
        <translation>预约</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No arrival deadline: by appointment</source>
        <translation>无到场时限：预约处置</translation>
    </message>
    <message>
        <location line="+19"/>
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
        <location filename="../../console/ui/queue/pane.py" line="+27"/>
        <source>Incident queue</source>
        <translation>警情队列</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Filter incidents</source>
        <translation>筛选警情</translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
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
    <name>RosterDock</name>
    <message>
        <location filename="../../console/ui/roster_dock.py" line="+15"/>
        <source>Roster</source>
        <translation>排班</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The duty roster comes in a later version of the console.</source>
        <translation>排班表将在后续版本中提供。</translation>
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
        <location line="+14"/>
        <source>Main window position and size</source>
        <translation>主窗口位置和大小</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Layout of the docked panes</source>
        <translation>停靠窗格的布局</translation>
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
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../console/ui/shortcuts_dialog.py" line="+16"/>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>StationStatusBar</name>
    <message>
        <location filename="../../console/ui/status_bar.py" line="+34"/>
        <source>User: {name}</source>
        <translation>当前用户：{name}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Station time ({zone})</source>
        <translation>本所时间（{zone}）</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changes from every workstation appear at once</source>
        <translation>各工作站的变更即时显示</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last change {time}</source>
        <translation>最近变更 {time}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Changes not arriving</source>
        <translation>变更未送达</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot read the change feed: {reason}</source>
        <translation>无法读取变更记录：{reason}</translation>
    </message>
    <message>
        <location line="+2"/>
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
        <location filename="../../console/ui/table_pane.py" line="+44"/>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
</context>
<context>
    <name>UnitKind</name>
    <message>
        <location filename="../../console/ui/vocabulary.py" line="+26"/>
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
        <location filename="../../console/ui/units/model.py" line="+37"/>
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
        <location line="+64"/>
        <source>Since {time}</source>
        <translation>自 {time} 起</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>No position reported</source>
        <translation>无定位</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Position reported {time}</source>
        <translation>定位时间 {time}</translation>
    </message>
</context>
<context>
    <name>UnitsPane</name>
    <message>
        <location filename="../../console/ui/units/pane.py" line="+33"/>
        <source>Units</source>
        <translation>警力状态</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filter units</source>
        <translation>筛选警力</translation>
    </message>
</context>
<context>
    <name>services</name>
    <message>
        <location filename="../../console/services/unit_status.py" line="+24"/>
        <source>Unit {unit_id} does not exist.</source>
        <translation>处警单元 {unit_id} 不存在。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Unit {call_sign} was changed at another workstation; look again.</source>
        <translation>处警单元 {call_sign} 已在其他工作站被修改，请重新查看。</translation>
    </message>
</context>
</TS>
