"""Made-up Chinese names and phone numbers for the demo's officers and callers.

Surnames follow their real frequency (王, 李, 张 … first), given names are drawn from
characters common in each generation's names, so a list of a hundred officers reads
like a real duty roster. Every value is invented; none belongs to a real person.
"""

from __future__ import annotations

import random

# The most common surnames with rough weights (per mille of the population).
# fmt: off
SURNAMES = (
    ("王", 72), ("李", 72), ("张", 68), ("刘", 54), ("陈", 45), ("杨", 31), ("黄", 23), ("赵", 22),
    ("吴", 21), ("周", 20), ("徐", 17), ("孙", 15), ("马", 15), ("朱", 14), ("胡", 13), ("郭", 12),
    ("何", 12), ("林", 11), ("高", 11), ("罗", 11), ("郑", 10), ("梁", 9), ("谢", 8), ("宋", 8),
    ("唐", 8), ("许", 7), ("韩", 7), ("冯", 7), ("邓", 7), ("曹", 7), ("彭", 6), ("曾", 6), ("肖", 6),
    ("田", 6), ("董", 6), ("袁", 5), ("潘", 5), ("于", 5), ("蒋", 5), ("蔡", 5), ("余", 5), ("杜", 5),
    ("叶", 5), ("程", 5), ("苏", 4), ("魏", 4), ("吕", 4), ("丁", 4), ("任", 4), ("沈", 4), ("姚", 4),
    ("卢", 4), ("姜", 3), ("崔", 3), ("钟", 3), ("谭", 3), ("陆", 3), ("汪", 3), ("范", 3), ("金", 3),
    ("石", 3), ("廖", 3), ("贾", 3), ("夏", 3), ("韦", 3), ("方", 3), ("白", 3), ("邹", 2), ("孟", 2),
    ("熊", 2), ("秦", 2), ("江", 2), ("顾", 2), ("毛", 2), ("严", 2), ("钱", 2), ("戴", 2),
)
# fmt: on
MALE_CHARS = (
    "伟强磊军洋勇杰涛明超华平刚辉鹏飞斌宇浩凯健俊帆帅旭宁龙林峰建国志文"
    "博晨阳睿哲轩子豪宏亮成海波鑫永东瑞鸿鸣晓天翔"
)
FEMALE_CHARS = (
    "芳娜敏静丽艳娟霞燕玲婷雪琳颖倩欣怡佳慧洁萍晶丹璐瑶蕾悦雯婧晴梦露薇莉婉嘉萱琪思雨诗月"
)
_SURNAME_CHARS = [s for s, _ in SURNAMES]
_SURNAME_WEIGHTS = [w for _, w in SURNAMES]
# fmt: off
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
    "156", "157", "158", "159", "166", "170", "176", "177", "180", "181", "182", "183", "186",
    "187", "188", "189", "191", "198", "199",
)
# fmt: on


def surname(rng: random.Random) -> str:
    return rng.choices(_SURNAME_CHARS, _SURNAME_WEIGHTS)[0]


def person_name(rng: random.Random, *, male: bool) -> str:
    chars = MALE_CHARS if male else FEMALE_CHARS
    given = rng.choice(chars)
    if rng.random() < 0.72:  # most people born after 1980 have two-character given names
        second = rng.choice(chars)
        if second != given or rng.random() < 0.3:  # 婷婷, 磊磊 happen, but rarely
            given += second
    return surname(rng) + given


def caller_name(rng: random.Random) -> str:
    """What the call-taker writes: often just 王先生 / 李女士, sometimes the full name."""
    male = rng.random() < 0.55
    if rng.random() < 0.6:
        return surname(rng) + ("先生" if male else "女士")
    return person_name(rng, male=male)


def mobile_number(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"
