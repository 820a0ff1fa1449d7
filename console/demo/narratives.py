"""Incident narratives (警情内容) in the words a call-taker types, one set per subcategory.

Templates carry slots filled from short word lists, so ninety days of history read like
ninety days of different calls. A "weapon" variant exists for the subcategories where
a knife turns a call urgent; its words (持刀, 刀) are the escalation tags intake looks for.
"""

from __future__ import annotations

import random

_WORDS: dict[str, tuple[str, ...]] = {
    "who": ("一名男子", "一名女子", "一名中年男子", "一名年轻女子", "一名老人", "一名青年男子"),
    "n": ("两", "三", "四", "五", "七八"),
    "item": ("手机", "钱包", "背包", "笔记本电脑", "电动车电瓶", "金项链", "身份证和银行卡"),
    "vehicle": ("小轿车", "出租车", "网约车", "电动自行车", "公交车", "货车", "SUV"),
    "relation": ("丈夫", "妻子", "儿子", "女儿", "父亲", "男朋友", "女婿"),
    "injury": ("暂无人员受伤", "一人轻微擦伤", "一人头部流血", "有人受伤倒地", "双方均有轻伤"),
    "clothes": ("穿红色上衣", "穿蓝色校服", "穿黄色裙子", "戴白色帽子", "穿粉色外套"),
    "adult_clothes": ("穿黑色外套", "穿灰色卫衣", "穿深蓝色夹克", "戴黑色帽子", "穿白色衬衫"),
    "eatery": ("饭店", "烧烤店", "火锅店", "面馆", "奶茶店", "快餐店"),
    "shop": ("饭店", "烧烤店", "KTV", "便利店", "服装店", "手机店", "酒吧", "奶茶店", "理发店"),
    "kid": ("男孩", "女孩"),
    "when": ("刚才", "十分钟前", "半小时前", "一小时前", "今天上午"),
    "platform": (
        "刷单返利",
        "冒充客服退款",
        "网络投资理财",
        "冒充公检法",
        "网络贷款",
        "游戏账号交易",
    ),
}

# fmt: off
TEMPLATES: dict[str, tuple[str, ...]] = {
    "criminal.theft": (
        "报警人称{when}在{place}{item}被盗，请求民警处理。",
        "报警人称在{place}购物时发现{item}被人扒窃，怀疑是{adult_clothes}的{who}所为。",
        "报警人称停放在{place}的电动自行车被盗。",
    ),
    "criminal.burglary": (
        "报警人称回家发现{place}家中被撬，门锁损坏，室内被翻动，{item}丢失。",
        "报警人称{place}一楼商铺夜间被人撬门入室，收银台现金被盗。",
    ),
    "criminal.robbery": (
        "报警人称在{place}被{who}抢走{item}，嫌疑人往东逃离。",
        "报警人称在{place}被两名男子拦住强行索要财物，{injury}。",
    ),
    "criminal.fraud": (
        "报警人称被人以{platform}为由骗取人民币{amount}元。",
        "报警人称接到陌生电话后按对方要求转账{amount}元，现发现被骗。",
        "报警人称在网上购买物品付款{amount}元后对方失联。",
    ),
    "criminal.assault": (
        "报警人称在{place}被{who}殴打致伤，{injury}，嫌疑人尚在现场。",
        "报警人称其{relation}在{place}被人打伤，需要救护车。",
    ),
    "order.fight": (
        "报警人称{place}有{n}人因琐事打架，{injury}。",
        "报警人称{place}一{shop}门口有人酒后斗殴，现场约{n}人，{injury}。",
        "报警人称在{place}与他人发生口角后被推搡，对方{adult_clothes}，请求出警。",
    ),
    "order.provocation": (
        "报警人称在{place}被{n}名男子无故辱骂挑衅，对方拒不离开。",
        "报警人称{place}一{shop}内有人借酒闹事，砸坏店内物品。",
    ),
    "order.gambling": (
        "报警人称{place}楼内有人聚众赌博，常有人员进出。",
        "举报{place}附近一棋牌室夜间有人赌博，涉及现金。",
    ),
    "order.noise": (
        "报警人称{place}楼上住户深夜大声喧哗，影响休息。",
        "报警人称{place}附近{shop}音响声音过大，多次劝说无果。",
        "报警人称{place}有人深夜装修施工，噪音扰民。",
    ),
    "order.gathering": (
        "报警人称{place}门口聚集约{crowd}人，情绪激动，堵塞通道。",
        "报警人称{place}有人员聚集拉横幅，现场秩序混乱。",
    ),
    "traffic.collision_injury": (
        "报警人称{place}一{vehicle}与电动自行车相撞，{injury}，需要救护车。",
        "报警人称{place}发生交通事故，一名行人被{vehicle}撞倒，{injury}。",
    ),
    "traffic.collision": (
        "报警人称{place}两车追尾，无人员受伤，双方对责任有争议。",
        "报警人称在{place}其车辆被{vehicle}剐蹭，对方欲驶离。",
        "报警人称{place}{vehicle}与{vehicle2}发生碰撞，车辆受损，无人受伤。",
    ),
    "traffic.jam": (
        "报警人称{place}车辆拥堵严重，疑似前方有事故。",
        "报警人称{place}信号灯故障，路口交通混乱。",
    ),
    "traffic.parking": (
        "报警人称{place}有车辆违停堵住出入口，联系不上车主。",
        "报警人称{place}小区门口被{vehicle}长时间占道停放，影响通行。",
    ),
    "fire.building": (
        "报警人称{place}楼内冒出明火和浓烟，可能有人被困。",
        "报警人称{place}一{shop}后厨起火，已有人员疏散。",
    ),
    "fire.vehicle": (
        "报警人称{place}一辆{vehicle}车头冒烟起火。",
        "报警人称{place}路边停放的电动自行车起火燃烧。",
    ),
    "fire.smoke": (
        "报警人称{place}楼道内有烧焦异味，不知来源。",
        "报警人称{place}附近有浓烟冒出，请求核实。",
    ),
    "assist.missing_child": (
        "报警人称其{age}岁{kid}在{place}走失，{clothes}，已寻找{minutes}分钟未果。",
        "报警人称在{place}与孩子走散，{kid}{age}岁，{clothes}。",
    ),
    "assist.missing_person": (
        "报警人称其{age}岁的老人{when}外出未归，患有阿尔茨海默病，{adult_clothes}。",
        "报警人称其{relation}从{place}离家后失联，手机关机。",
    ),
    "assist.intoxicated": (
        "报警人称{place}有{who}醉酒倒地，无法自行离开。",
        "报警人称{place}一{shop}内有人醉酒不省人事，需要帮助。",
    ),
    "assist.medical": (
        "报警人称{place}有{who}突然晕倒，已拨打120。",
        "报警人称{place}一名老人摔倒受伤，行动不便，请求帮助。",
    ),
    "assist.lockout": (
        "报警人称被反锁门外，钥匙遗落室内，家中有幼儿，请求帮助开锁。",
        "报警人称{place}家门钥匙丢失无法进门，请求协助联系开锁。",
    ),
    "assist.lost_property": (
        "报警人称在{place}附近遗失{item}，请求帮助查找。",
        "报警人称乘坐出租车时将{item}遗落车内，请求协助联系司机。",
        "报警人称在{place}捡到{item}一个，请求民警处理。",
    ),
    "dispute.family": (
        "报警人称与{relation}在家中发生争吵，对方情绪激动，{injury}。",
        "报警人称{place}家中夫妻吵架，有摔砸物品声音，请求民警到场。",
        "报警人称其{relation}酒后在家中吵闹，拒不听劝。",
    ),
    "dispute.neighbour": (
        "报警人称与{place}楼上邻居因漏水问题发生纠纷。",
        "报警人称与邻居因楼道堆放杂物发生争吵，双方互不相让。",
        "报警人称{place}邻居因停车位问题发生口角。",
    ),
    "dispute.commercial": (
        "报警人称在{place}一{shop}消费后对收费有异议，与店家发生纠纷。",
        "报警人称在{place}一{eatery}就餐时与店员发生争执，对方态度恶劣。",
        "报警人称在{place}购买的商品有质量问题，商家拒绝退货，双方争执。",
    ),
    "dispute.labour": (
        "报警人称{place}一工地拖欠其工资{amount}元，老板拒不支付。",
        "报警人称在{place}一{shop}工作被拖欠工资，多人在店内讨薪。",
    ),
    "dispute.traffic": (
        "报警人称在{place}与{vehicle}司机因行车问题发生争执，对方拦车不让走。",
        "报警人称在{place}与人因抢道发生口角，双方互不相让。",
    ),
    "report.illegal_activity": (
        "举报{place}附近有人兜售假烟假酒。",
        "举报{place}一出租屋内疑似有人从事违法活动，人员进出频繁。",
    ),
    "report.suspicious": (
        "报警人称{place}有{who}形迹可疑，在停车场内逐个查看车门。",
        "报警人称{place}发现一无人看管的可疑行李包。",
        "报警人称{place}有人长时间尾随一名女子。",
    ),
    "complaint.police": (
        "来电反映处警民警态度生硬，对处理结果不满意。",
        "来电反映报警后民警到场时间过长。",
    ),
    "non_police.municipal": (
        "报警人称{place}路面井盖缺失，存在安全隐患。",
        "报警人称{place}路灯损坏，夜间照明不足。",
        "报警人称{place}行道树倒伏占道。",
    ),
    "non_police.consumer": (
        "报警人称在{place}购买的商品与宣传不符，要求退款。",
        "报警人称在{place}健身房办卡后商家关门，要求退费。",
    ),
    "non_police.utilities": (
        "报警人称{place}家中停水一整天，无人处理。",
        "报警人称{place}楼内停电，物业联系不上。",
        "报警人称{place}楼道有燃气异味，已关闭阀门。",
    ),
}

WEAPON_TEMPLATES: dict[str, tuple[str, ...]] = {
    "criminal.robbery": ("报警人称在{place}被{who}持刀抢走{item}，嫌疑人往北逃离。",),
    "criminal.assault": ("报警人称在{place}被人持刀砍伤，{injury}，嫌疑人尚在附近。",),
    "order.fight": (
        "报警人称{place}有人持刀与他人打架，{injury}，情况紧急。",
        "报警人称{place}一{shop}门口两伙人斗殴，有人持棍棒和刀具。",
    ),
    "dispute.family": ("报警人称其{relation}酒后持刀威胁家人，情绪失控。",),
}
# fmt: on


def narrative(code: str, place: str, rng: random.Random, *, weapon: bool = False) -> str:
    """A call-taker's summary for one call of subcategory ``code`` at ``place``."""
    templates = (WEAPON_TEMPLATES.get(code) if weapon else None) or TEMPLATES[code]
    values = {key: rng.choice(words) for key, words in _WORDS.items()}
    vehicles = rng.sample(_WORDS["vehicle"], 2)
    values.update(
        place=place,
        vehicle=vehicles[0],
        vehicle2=vehicles[1],
        amount=str(rng.choice((800, 1500, 2000, 3600, 5000, 8800, 12000, 26000, 48000))),
        age=str(rng.randint(3, 9) if code == "assist.missing_child" else rng.randint(68, 86)),
        minutes=str(rng.choice((5, 10, 15, 20))),
        crowd=str(rng.choice((20, 30, 50, 80))),
    )
    return rng.choice(templates).format(**values)
