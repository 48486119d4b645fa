"""应急资源: rescue teams, experts, equipment, materials and vehicles. Scales with --scale."""
from geo_api.resources.models import Resource

from . import names
from .base import Context, Table, chunked, cover, weighted
from .districts import DISTRICTS, weights
from .geometry import allocate, changning, ewkb, points
from .warehouses import MATERIALS

PER_SCALE = 300
KINDS = {"team": 15, "expert": 10, "equipment": 30, "material": 25, "vehicle": 20}
TEAMS = (("消防救援站", "消防救援", "长宁区消防救援支队", 20, 45), ("微型消防站", "消防", None, 6, 12),
         ("应急救援队", "综合救援", None, 15, 40), ("防汛抢险队", "防汛防台", "长宁区建设和管理委员会", 20, 60),
         ("燃气抢修队", "燃气抢修", "上海燃气长宁抢修站", 8, 20), ("供电抢修队", "电力抢修", "国网上海长宁供电服务中心", 8, 20),
         ("医疗急救分站", "医疗急救", "上海市医疗急救中心长宁分站", 10, 30), ("志愿者救援队", "社会救援", "长宁区应急志愿者协会", 15, 80))
EXPERTISE = ("危险化学品", "防汛防台", "建筑结构", "消防安全", "医疗卫生", "地质灾害", "特种设备", "燃气安全", "心理援助", "电力安全")
EQUIPMENT = (("移动排水泵", "排涝", "台"), ("大功率发电机组", "供电", "台"), ("生命探测仪", "搜救", "台"),
             ("侦察无人机", "侦察", "架"), ("液压破拆工具组", "破拆", "套"), ("便携式气体检测仪", "检测", "台"),
             ("卫星电话", "通信", "部"), ("应急照明灯塔", "照明", "台"), ("移动应急通信基站", "通信", "套"))
VEHICLES = (("水罐消防车", "消防"), ("抢险救援消防车", "消防"), ("登高平台消防车", "消防"), ("“龙吸水”排涝车", "排涝"),
            ("救护车", "医疗急救"), ("应急通信指挥车", "通信"), ("燃气抢修车", "燃气抢修"), ("电力抢修车", "电力抢修"),
            ("移动照明车", "照明"))
OWNERS = ("长宁区应急管理局", "长宁区消防救援支队", "长宁区建设和管理委员会", "长宁区绿化和市容管理局", "长宁区城运中心")
MATERIAL_CLASS = {"1": "基本生活保障", "2": "应急装备", "3": "工程材料"}


def _owner(rng, d: int) -> str:
    return DISTRICTS[d].government if rng.random() < 0.4 else rng.choice(OWNERS)


def _describe(rng, kind: str, d: int) -> tuple[str, str, int, str, str]:
    """(name, specialty, quantity, unit, owning unit) for one resource of `kind` in street d."""
    short = DISTRICTS[d].short
    if kind == "team":
        team, specialty, owner, low, high = rng.choice(TEAMS)
        return f"{short}{team}", specialty, rng.randint(low, high), "人", owner or DISTRICTS[d].government
    if kind == "expert":
        field = rng.choice(EXPERTISE)
        return names.person(rng), field, 1, "人", "长宁区应急管理专家库"
    if kind == "equipment":
        name, specialty, unit = rng.choice(EQUIPMENT)
        return name, specialty, rng.randint(1, 6), unit, _owner(rng, d)
    if kind == "material":
        code, name, unit, typical = rng.choice(MATERIALS)
        return name, MATERIAL_CLASS[code[0]], max(1, round(typical * rng.uniform(0.3, 2))), unit, _owner(rng, d)
    name, specialty = rng.choice(VEHICLES)
    return name, specialty, rng.randint(1, 3), "辆", _owner(rng, d)


def build(ctx: Context) -> list[Table]:
    count = PER_SCALE * ctx.scale
    x, y, d = changning().sample(ctx.numpy("resources"), allocate(count, weights()), spatial=True)
    kind_rng = ctx.random("resources:kinds")
    kinds = cover(kind_rng, [weighted(kind_rng, KINDS) for _ in range(count)], KINDS)

    def rows(start, stop):
        # One stream per chunk keeps a chunk's rows independent of how the others were drawn.
        rng = ctx.random(f"resources:{start}")
        geoms = ewkb(points(x[start:stop], y[start:stop]))
        for i, geom in zip(range(start, stop), geoms):
            street = int(d[i])
            name, specialty, quantity, unit, owner = _describe(rng, kinds[i], street)
            status = weighted(rng, {"available": 80, "deployed": 12, "maintenance": 8})
            yield (i + 1, name, kinds[i], specialty, quantity, unit, owner, names.person(rng),
                   names.mobile(rng) if kinds[i] == "expert" else names.landline(rng), status,
                   ctx.district_id(street), geom)

    columns = ("id", "name", "kind", "specialty", "quantity", "unit", "owner_unit", "contact", "phone", "status",
               "district_id", "geom")
    return [Table(Resource, columns, chunked(count, rows), count)]
