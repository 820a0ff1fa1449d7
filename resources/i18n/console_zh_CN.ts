<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ClearanceDialog</name>
    <message>
        <location filename="../../console/ui/clearance/dialog.py" line="+48"/>
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
        <location line="+22"/>
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
        <location filename="../../console/ui/units/pane.py" line="+65"/>
        <source>Coverage</source>
        <translation>网格警力</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>{grid}: {available} unit(s) can go now, {minimum} wanted — {level}</source>
        <translation>{grid}：可派 {available} 组，最低 {minimum} 组 — {level}</translation>
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
    <name>IncidentAction</name>
    <message>
        <location line="+103"/>
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
        <location filename="../../console/ui/incident_detail/dialog.py" line="+80"/>
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
        <location line="+31"/>
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
        <location line="+16"/>
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
        <location line="+12"/>
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
        <location line="+50"/>
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
    <name>IncidentSource</name>
    <message>
        <location filename="../../console/ui/intake/names.py" line="-130"/>
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
        <location filename="../../console/ui/intake/panel.py" line="+126"/>
        <source>New incident</source>
        <translation>接警登记</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>e.g. 138 1234 5678</source>
        <translation>例如 138 1234 5678</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Street and number, e.g. 中山路18号</source>
        <translation>街路门牌，例如 中山路18号</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>What the caller reports</source>
        <translation>报警人所述警情</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Save (Enter)</source>
        <translation>保存 (Enter)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Link to selected (Ctrl+L)</source>
        <translation>关联所选警情 (Ctrl+L)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <location line="+9"/>
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
        <location line="+2"/>
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
        <location line="+109"/>
        <source>Not in the address book yet: pick from the list or the map</source>
        <translation>标准地址库中暂无：请从列表或地图上选择</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Grid: {grid} · {lon:.5f}, {lat:.5f}</source>
        <translation>网格：{grid} · {lon:.5f}, {lat:.5f}</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>No category suggestions: train the classifier (console classifier train)</source>
        <translation>暂无类别建议：请先训练分类模型（console classifier train）</translation>
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
        <location line="+34"/>
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
        <location line="+41"/>
        <source>No possible duplicate to link to.</source>
        <translation>没有可关联的疑似重复警情。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Possible duplicate: Enter saves it as a new incident, Ctrl+L links it to the selected one.</source>
        <translation>疑似重复报警：按 Enter 另立新警情，按 Ctrl+L 关联到所选警情。</translation>
    </message>
    <message>
        <location line="+38"/>
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
        <location line="+52"/>
        <source>Cannot read the station&apos;s data: {reason}</source>
        <translation>无法读取本所数据：{reason}</translation>
    </message>
    <message>
        <location line="+90"/>
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
        <location line="+47"/>
        <source>Incident {number} recorded</source>
        <translation>警情 {number} 已登记</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Incident {number}: {tags} — the duty commander is alerted</source>
        <translation>警情 {number}：{tags} — 已通知专职指挥长</translation>
    </message>
    <message>
        <location line="+27"/>
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
        <location line="+47"/>
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
        <location filename="../../console/ui/map_dock.py" line="+34"/>
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
        <location line="+91"/>
        <source>Period of the incident heat map</source>
        <translation>警情热力图的统计时段</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Heat map:</source>
        <translation>热力图：</translation>
    </message>
    <message>
        <location line="+66"/>
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
        <location filename="../../console/ui/queue/model.py" line="+36"/>
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
        <location line="+90"/>
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
        <location filename="../../console/ui/queue/pane.py" line="+33"/>
        <source>Incident queue</source>
        <translation>警情队列</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Filter incidents</source>
        <translation>筛选警情</translation>
    </message>
    <message>
        <location line="+31"/>
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
        <location line="+29"/>
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
        <location filename="../../console/ui/dispatch/dialog.py" line="+101"/>
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
        <source>Refresh (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
    <message>
        <location line="+8"/>
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
        <location line="+37"/>
        <source>Recommend / dispatch</source>
        <translation>推荐/派警</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Dispatch — {number}</source>
        <translation>派警 — {number}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reinforce — {number}</source>
        <translation>梯次增援 — {number}</translation>
    </message>
    <message>
        <location line="+3"/>
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
        <location line="+10"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run card: {units} unit(s); skills needed: {needs}</source>
        <translation>出警预案：{units} 组警力；所需技能：{needs}</translation>
    </message>
    <message>
        <location line="+6"/>
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
        <location line="+33"/>
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
        <location line="+69"/>
        <source>Request branch support</source>
        <translation>请求分局支援</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason (optional):</source>
        <translation>原因（可不填）：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Branch support requested (tier 3).</source>
        <translation>已请求分局支援（三梯队）。</translation>
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
    <name>Skill</name>
    <message>
        <location filename="../../console/ui/dispatch/dialog.py" line="-307"/>
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
    <name>Squad</name>
    <message>
        <location filename="../../console/ui/intake/names.py" line="+4"/>
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
        <location filename="../../console/ui/units/model.py" line="+42"/>
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
        <location line="+81"/>
        <source>Since {time}</source>
        <translation>自 {time} 起</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Too long in this status: check with the unit</source>
        <translation>该状态持续过久：请与该组核实</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>No position reported</source>
        <translation>无定位</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Position reported {time}</source>
        <translation>定位时间 {time}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Position too old: the unit may not be where the map shows it</source>
        <translation>位置已过期：该组可能不在地图所示位置</translation>
    </message>
</context>
<context>
    <name>UnitsPane</name>
    <message>
        <location filename="../../console/ui/units/pane.py" line="+28"/>
        <source>Units</source>
        <translation>警力状态</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filter units</source>
        <translation>筛选警力</translation>
    </message>
    <message>
        <location line="+17"/>
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
        <location line="+22"/>
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
        <location line="+13"/>
        <source>{unit}: {status}</source>
        <translation>{unit}：{status}</translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>%n stale</source>
        <translation>
            <numerusform>%n 组状态过期</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>services</name>
    <message>
        <location filename="../../console/services/dispatch.py" line="+87"/>
        <location filename="../../console/services/incident_lifecycle.py" line="+46"/>
        <location filename="../../console/services/intake.py" line="+315"/>
        <source>Incident {incident_id} does not exist.</source>
        <translation>警情 {incident_id} 不存在。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Incident {number} has no location yet; locate it first.</source>
        <translation>警情 {number} 尚未定位，请先定位。</translation>
    </message>
    <message>
        <location line="+119"/>
        <source>Incident {number}: {reason}</source>
        <translation>警情 {number}：{reason}</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Unknown reinforcement tier {tier}.</source>
        <translation>未知的增援梯队 {tier}。</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+82"/>
        <location filename="../../console/services/unit_status.py" line="+35"/>
        <source>Unit {unit_id} does not exist.</source>
        <translation>处警单元 {unit_id} 不存在。</translation>
    </message>
    <message>
        <location line="-78"/>
        <location line="+255"/>
        <source>Incident {number} is no longer open.</source>
        <translation>警情 {number} 已不在处置中。</translation>
    </message>
    <message>
        <location line="-232"/>
        <source>Unit {call_sign} was just taken or changed at another workstation; pick again from a fresh recommendation.</source>
        <translation>{call_sign} 刚被其他席位派出或更改，请按刷新后的推荐重新选择。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Unit {call_sign} cannot be dispatched while it is {status}.</source>
        <translation>{call_sign} 当前为{status}，不能派警。</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Unit {call_sign} is not on its way to an incident.</source>
        <translation>{call_sign} 不在前往警情的途中。</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>Unit {call_sign} has no incident to clear.</source>
        <translation>{call_sign} 没有可结束的警情。</translation>
    </message>
    <message>
        <location line="+49"/>
        <location filename="../../console/services/incident_lifecycle.py" line="+82"/>
        <source>Incident {number} was changed at another workstation; look again.</source>
        <translation>警情 {number} 已被其他席位更改，请重新查看。</translation>
    </message>
    <message>
        <location line="-321"/>
        <source>Unit {call_sign} was changed at another workstation; look again.</source>
        <translation>处警单元 {call_sign} 已在其他工作站被修改，请重新查看。</translation>
    </message>
    <message>
        <location filename="../../console/services/classifier.py" line="+120"/>
        <source>The station has {count} incidents with a narrative; the classifier needs at least {needed}.</source>
        <translation>本所有警情内容的警情 {count} 起，分类模型至少需要 {needed} 起。</translation>
    </message>
    <message>
        <location filename="../../console/services/intake.py" line="-107"/>
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
        <location line="+59"/>
        <source>Category {code} is not in the dictionary.</source>
        <translation>警情类别 {code} 不在字典中。</translation>
    </message>
    <message>
        <location filename="../../console/ui/intake/names.py" line="+51"/>
        <source>Choose where the report came from.</source>
        <translation>请选择报警来源。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The {field} contains control characters; type it again.</source>
        <translation>{field}含有控制字符，请重新输入。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The {field} is longer than {limit} characters.</source>
        <translation>{field}超过 {limit} 个字符。</translation>
    </message>
    <message>
        <location line="+1"/>
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
</context>
</TS>
