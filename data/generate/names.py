"""Chinese personal names, addresses on real Changning roads, phone numbers and trade names.
All people, numbers and companies are made up; only the roads are real."""
import random

from .districts import DISTRICTS

# Common surnames, roughly by frequency, with the Shanghai favourites (沈 陆 顾 徐 朱) up front.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任"
    "沈姚卢钟姜崔谭陆范汪金石顾贾夏韦傅方邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺毛郝龚邵万钱严覃武戴"
)
SURNAME_WEIGHTS = [12 if s in "沈陆顾徐朱张王陈" else 8 if i < 30 else 3 for i, s in enumerate(SURNAMES)]
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华建国文斌辉鹏飞宇浩然欣怡婷雪琳佳颖晨晓峰俊杰"
    "志强海燕秀兰玉梅丹萍红亮成龙思远梓涵子轩一鸣嘉怡雨萱诗琪若汐沐阳"
)

# 中山公园 and the others are real parks; their shelter rows are still synthetic.
PARKS = {
    "华阳路街道": ("中山公园",), "江苏路街道": ("华山绿地",), "新华路街道": ("新华路街心花园",),
    "周家桥街道": ("天原河滨公园",), "天山路街道": ("天山公园",), "仙霞新村街道": ("仙霞社区公园",),
    "虹桥街道": ("新虹桥中心花园",), "程家桥街道": ("上海动物园",), "北新泾街道": ("北新泾滨河绿地",),
    "新泾镇": ("临空滑板公园", "外环林带长宁段"),
}
TRADE_WORDS = (
    "长华", "虹宁", "申虹", "凌空", "协和", "金钟", "东方", "申江", "宝虹", "沪宁", "长风", "锦程", "瑞丰",
    "鑫源", "恒泰", "安达", "汇通", "永盛", "德福", "嘉禾", "华联", "申通", "新虹", "天原", "古北", "仙华",
    "中宁", "江宁", "福泉", "华美", "振华", "宏达", "启明", "远航", "君安", "信诚", "卓越", "维新",
)
ORDINALS = "一二三四五六七八九十"


def person(rng: random.Random) -> str:
    surname = rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0]
    return surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def landline(rng: random.Random) -> str:
    # Shanghai numbers are eight digits after 021; local exchanges in the west start 5, 6.
    return f"021-{rng.choice('56')}{rng.randrange(10**6, 10**7)}"


def mobile(rng: random.Random) -> str:
    prefix = rng.choice(("138", "139", "135", "136", "137", "158", "159", "186", "187", "189", "177"))
    return f"{prefix}{rng.randrange(10**8):08d}"


def road(rng: random.Random, district_index: int) -> str:
    return rng.choice(DISTRICTS[district_index].roads)


def address(rng: random.Random, district_index: int) -> str:
    """`长宁区仙霞路1000弄12号`: a real road of the street the point lies in."""
    name = road(rng, district_index)
    number = rng.randrange(1, 1600)
    if rng.random() < 0.3:
        return f"长宁区{name}{number}弄{rng.randrange(1, 60)}号"
    return f"长宁区{name}{number}号"


def crossing(rng: random.Random, district_index: int) -> str:
    """Two different roads of one street, as camera and event locations are described."""
    first, second = rng.sample(DISTRICTS[district_index].roads, 2)
    return f"{first}与{second}交叉口"


def trade_name(rng: random.Random) -> str:
    return rng.choice(TRADE_WORDS) + rng.choice(TRADE_WORDS[::-1])
