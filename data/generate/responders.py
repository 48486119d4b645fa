"""Field responders with their latest position and a short trail of position reports."""
from datetime import timedelta

from geo_api.responders.models import PositionReport, Responder, ResponderPosition

from . import names
from .base import Context, Table
from .districts import DISTRICTS, weights
from .geometry import allocate, changning, ewkb, points

COUNT = 200
ON_DUTY = 150
TRAIL = (3, 6)  # reports per responder, the last one being the current position
# organisation (None: the responder's own street office): roles
ORGANISATIONS = {
    "长宁区应急管理局": ("值班员", "执法队员", "联络员", "科员"),
    "长宁区消防救援支队": ("指挥员", "消防员", "驾驶员"),
    "长宁区城运中心": ("值班长", "调度员"),
    "长宁区卫生健康委员会": ("医疗救护员", "疾控人员"),
    "长宁区建设和管理委员会": ("抢险队员", "安全员"),
    None: ("网格员", "安全员", "城运分中心值班员", "应急队员"),
}


def build(ctx: Context) -> list[Table]:
    rng = ctx.random("responders")
    geo = changning()
    np_rng = ctx.numpy("responders")
    x, y, d = geo.sample(np_rng, allocate(COUNT, weights()))
    on_duty = set(rng.sample(range(COUNT), ON_DUTY))
    people, latest, reports = [], [], []
    for i in range(COUNT):
        organisation = rng.choices(list(ORGANISATIONS), weights=(20, 15, 10, 10, 10, 35))[0]
        role = rng.choice(ORGANISATIONS[organisation])
        people.append((i + 1, names.person(rng), organisation or DISTRICTS[int(d[i])].government, role,
                       names.mobile(rng), i in on_duty))
        # On-duty phones report every minute or two; the others went quiet hours ago.
        last = ctx.reference - (timedelta(seconds=rng.randrange(15, 300)) if i in on_duty
                                else timedelta(minutes=rng.randrange(60, 48 * 60)))
        trail = [(float(x[i]), float(y[i]), last)]
        for _ in range(rng.randint(*TRAIL) - 1):
            px, py, _ = geo.jitter(np_rng, [trail[-1][0]], [trail[-1][1]], rng.uniform(30, 150))
            trail.append((float(px[0]), float(py[0]), trail[-1][2] - timedelta(seconds=rng.randrange(60, 180))))
        moving = i in on_duty and rng.random() < 0.6
        for k, (px, py, at) in enumerate(reversed(trail)):
            fix = (at, round(rng.uniform(3, 30), 1), round(rng.uniform(0.5, 8), 1) if moving else 0.0,
                   round(rng.uniform(0, 359.9), 1) if moving else None, ewkb(points([px], [py]))[0])
            reports.append((len(reports) + 1, i + 1, *fix))
            if k == len(trail) - 1:
                latest.append((i + 1, i + 1, *fix))
    fix_columns = ("recorded_at", "accuracy_m", "speed_mps", "heading", "geom")
    return [
        Table(Responder, ("id", "name", "organization", "role", "phone", "on_duty"), people),
        Table(ResponderPosition, ("id", "responder_id", *fix_columns), latest),
        Table(PositionReport, ("id", "responder_id", *fix_columns), reports),
    ]

