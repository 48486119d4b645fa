"""应急避难场所: parks, schools, community centres, sports halls and neighbourhood squares,
classed by GB 21734 / GB 51143 / GB/T 44013 as in code-lists.md, anywhere in their lifecycle:
decision records for the designated and filed ones, evaluations by the Shanghai guide (with their
computed conclusions, one unqualified), monthly inspection plans per street, recorded inspections
with findings and rectification tasks (one open veto finding, one overdue task, closed ones).
The capacity is not generated: PostgreSQL computes it from area and type (geo_api/shelters/capacity.py)."""
import json
from datetime import datetime, time, timedelta

from geo_api.shelters import evaluation, plans
from geo_api.shelters.models import (Finding, Inspection, InspectionPlan, Rectification, Shelter, ShelterDecision,
                                     ShelterEvaluation)

from . import names
from .base import SHANGHAI, Context, Table, cover, weighted
from .districts import DISTRICTS
from .geometry import allocate, changning, ewkb, points

# Plain strings, not the enum members: psycopg would COPY an Enum by its name.
T = type("T", (), {m.name: m.value for m in Shelter.ShelterType})
# GB 21734-2008 class follows from how long people stay.
CLASS_OF_TYPE = {T.EMERGENCY: "III", T.FIXED_SHORT: "III", T.FIXED_MEDIUM: "II", T.FIXED_LONG: "I", T.CENTRAL: "I"}
BIG_PARKS = {"中山公园": (60_000, 100_000), "上海动物园": (150_000, 250_000), "天山公园": (20_000, 35_000),
             "新虹桥中心花园": (25_000, 40_000)}
SCHOOLS, CENTRES, SPORTS = 24, 10, 5
TOTAL = 60


def _plan(rng) -> list[tuple[str, int, str]]:
    """(kind, district index, name) for every shelter, parks first."""
    plan = [("park", i, park) for i, s in enumerate(DISTRICTS) for park in names.PARKS[s.name]]
    plan += [("centre", i, f"{s.short}社区文化活动中心") for i, s in enumerate(DISTRICTS)]
    populations = [s.population for s in DISTRICTS]
    for i, n in enumerate(allocate(SCHOOLS, populations)):
        # 天山第一小学, 天山第二中学, ...: numbered per street, so names never repeat.
        plan += [("school", i, f"{DISTRICTS[i].short}第{names.ORDINALS[k]}{rng.choice('小小中')}学") for k in range(n)]
    for i in sorted(rng.sample(range(len(DISTRICTS)), SPORTS)):
        plan.append(("sports", i, f"{DISTRICTS[i].short}社区体育健身中心"))
    squares = TOTAL - len(plan)
    for i, n in enumerate(allocate(squares, populations)):
        plan += [("square", i, "") for _ in range(n)]
    return plan


def _shape(rng, kind: str, name: str) -> tuple[str, str, str, float]:
    """(type, space type, tier, effective area m²) by what the place is."""
    if kind == "park":
        low, high = BIG_PARKS.get(name, (5_000, 20_000))
        if low >= 60_000:
            kind_of = T.CENTRAL
        else:
            kind_of = T.FIXED_LONG if low >= 20_000 else rng.choice([T.FIXED_MEDIUM, T.FIXED_SHORT])
        tier = "city" if name == "上海动物园" else "district" if name in BIG_PARKS else "street"
        return kind_of, "outdoor", tier, rng.uniform(low, high)
    if kind == "school":
        school_type = rng.choice([T.FIXED_SHORT, T.FIXED_SHORT, T.FIXED_MEDIUM])
        return school_type, "indoor", "community", rng.uniform(800, 4_000)
    if kind == "centre":
        return rng.choice([T.EMERGENCY, T.FIXED_SHORT]), "indoor", "street", rng.uniform(300, 1_500)
    if kind == "sports":
        return T.FIXED_MEDIUM, "both", "street", rng.uniform(2_000, 8_000)
    return T.EMERGENCY, "outdoor", "community", rng.uniform(1_000, 6_000)


def build(ctx: Context) -> list[Table]:
    rng = ctx.random("shelters")
    plan = _plan(rng)
    geo = changning()
    counts = [sum(1 for _, d, _ in plan if d == i) for i in range(len(DISTRICTS))]
    located = {i: geo.sample_in(ctx.numpy(f"shelters:{i}"), i, n) for i, n in enumerate(counts)}
    # The landmark parks are long designated and filed; the rest are anywhere in the lifecycle.
    others = [i for i, (_, _, name) in enumerate(plan) if name not in BIG_PARKS]
    statuses = ["filed"] * len(plan)
    drawn = [weighted(rng, {"evaluated": 25, "filed": 25, "designated": 20, "collected": 22, "revoked": 8}) for _ in others]
    for i, status in zip(others, cover(rng, drawn, Shelter.Designation.values)):
        statuses[i] = status
    per_street = {}
    rows = []
    for n, ((kind, d, name), status) in enumerate(zip(plan, statuses), start=1):
        street = DISTRICTS[d]
        taken = per_street.get(d, 0)
        per_street[d] = taken + 1
        x, y = located[d][0][taken], located[d][1][taken]
        address = names.address(rng, d)
        if kind == "square":
            lane = f"{names.road(rng, d)}{rng.randrange(1, 1600)}弄"
            name, address = f"{lane}小区广场", f"长宁区{lane}"
        label = f"{name}{'室内' if kind in ('school', 'centre') else ''}避难场所"
        shelter_type, space, tier, area = _shape(rng, kind, name)
        area = round(area, -1)
        unit = {"park": "长宁区绿化和市容管理局", "school": f"长宁区{name}", "sports": "长宁区体育局"}.get(kind, street.government)
        rows.append([n, f"BN{street.code}{per_street[d]:03d}", label, CLASS_OF_TYPE[shelter_type], shelter_type, space,
                     tier, area, status, "", unit, names.person(rng), names.landline(rng), address, ctx.district_id(d),
                     ewkb(points([x], [y]))[0], (x, y)])
    lifecycle = _lifecycle(ctx, rows)
    columns = ("id", "code", "name", "shelter_class", "shelter_type", "space_type", "tier", "area_m2",
               "designation_status", "evaluation_conclusion", "managing_unit", "contact", "phone", "address",
               "district_id", "geom")
    return [Table(Shelter, columns, [tuple(r[:-1]) for r in rows]), *lifecycle]


HAS_DECISION = ("designated", "filed", "evaluated", "revoked")
FILED = ("filed", "evaluated")
FINDINGS = [("疏散指示标志缺失", "general", "F4"), ("应急照明灯不亮", "important", "F2"), ("灭火器过期", "general", "M3"),
            ("应急通道被车辆占用", "veto", "T1"), ("应急厕所无法使用", "important", "F3"), ("场所信息公示牌损坏", "general", "M4")]


def _lifecycle(ctx: Context, rows: list[list]) -> list[Table]:
    """Decision records, evaluations, plans, inspections, findings and rectification tasks for the
    shelters in `rows` (mutated: evaluated shelters get their computed conclusion)."""
    rng = ctx.random("shelters:lifecycle")
    today = ctx.local.date()
    decisions, evaluations = [], []
    evaluated = [r for r in rows if r[8] == "evaluated"]
    # One of each conclusion at least, then mostly qualified; the conclusion is the guide's rule.
    wanted = {0: "unqualified", 1: "basically_qualified"}
    for r in rows:
        sid, status = r[0], r[8]
        year_ago = today - timedelta(days=rng.randrange(200, 700))
        if status in HAS_DECISION:
            decisions.append((len(decisions) + 1, sid, "designation", f"长应急〔{year_ago.year}〕{rng.randrange(1, 90)}号",
                              year_ago, "长宁区应急管理局"))
        if status in FILED or (status == "revoked" and rng.random() < 0.5):
            filed_on = year_ago + timedelta(days=rng.randrange(10, 60))
            decisions.append((len(decisions) + 1, sid, "filing", f"沪应急备〔{filed_on.year}〕{rng.randrange(100, 999)}号",
                              filed_on, "上海市应急管理局"))
        if status == "revoked":
            decisions.append((len(decisions) + 1, sid, "revocation", f"长应急〔{today.year}〕{rng.randrange(90, 120)}号",
                              today - timedelta(days=rng.randrange(5, 90)), "长宁区应急管理局"))
    for k, r in enumerate(evaluated):
        target = wanted.get(k, "qualified")
        results = {i.code: "met" for i in evaluation.INDICATORS}
        kinds = {"unqualified": ("veto",), "basically_qualified": ("important", "general")}.get(target, ())
        for kind in kinds:
            code = rng.choice([i.code for i in evaluation.INDICATORS if i.kind == kind])
            results[code] = "not_met"
        if target == "qualified" and rng.random() < 0.4:
            results[rng.choice([i.code for i in evaluation.INDICATORS if i.kind == "general"])] = "not_met"
        outcome = evaluation.conclude(results)
        r[9] = outcome.conclusion
        evaluations.append((len(evaluations) + 1, r[0], today - timedelta(days=rng.randrange(3, 120)), "长宁区应急避难场所评估组",
                            json.dumps(results), outcome.conclusion, json.dumps(outcome.unmet), ""))
    start = today.replace(month=1, day=5)
    plan_rows = [(i + 1, f"{s.short}避难场所月度检查", i + 1, 1, "months", start,
                  plans.first_due_on_or_after(start, 1, "months", today), True) for i, s in enumerate(DISTRICTS)]
    inspections, findings, tasks = [], [], []
    active = [r for r in rows if r[8] in ("designated", "filed", "evaluated")]
    recorded = sorted(rng.sample(range(len(active)), min(10, len(active))))
    for n, k in enumerate(recorded):
        r = active[k]
        due = today - timedelta(days=rng.randrange(8, 40))
        at = datetime.combine(due, time(9 + n % 6, 10 * (n % 5)), SHANGHAI)
        x, y = r[16]
        inspections.append((len(inspections) + 1, r[0], r[14], due, at, ewkb(points([x + 0.0002], [y]))[0], 15.0,
                            "例行检查"))
        for f in range(1 + n % 2):
            text, severity, indicator = FINDINGS[(n + f) % len(FINDINGS)]
            if severity == "veto" and n != 3:
                text, severity, indicator = FINDINGS[0]
            # The first tasks are still open (one of them overdue); the rest went round the loop.
            status = "open" if n < 2 else "rectifying" if n < 4 else "closed"
            deadline = due + timedelta(days=30) if n != 1 else today - timedelta(days=3)
            closed_at = at + timedelta(days=12) if status == "closed" else None
            findings.append((len(findings) + 1, len(inspections), r[0], text, severity, indicator, closed_at))
            tasks.append((len(tasks) + 1, len(findings), r[0], text, severity, deadline, r[10], status,
                          today - timedelta(days=2) if deadline < today and status != "closed" else None, closed_at,
                          ewkb(points([x + 0.0002], [y]))[0]))
    # A veto finding left open makes its shelter unavailable for opening (step 3 above).
    return [
        Table(ShelterDecision, ("id", "shelter_id", "kind", "document_number", "decided_on", "authority"), decisions),
        Table(ShelterEvaluation, ("id", "shelter_id", "evaluated_on", "team", "results", "conclusion", "unmet", "note"),
              evaluations),
        Table(InspectionPlan, ("id", "name", "district_id", "every", "unit", "starts_on", "next_due", "active"), plan_rows),
        Table(Inspection, ("id", "shelter_id", "plan_id", "due_on", "recorded_at", "position", "accuracy_m", "notes"),
              inspections),
        Table(Finding, ("id", "inspection_id", "shelter_id", "description", "severity", "indicator", "closed_at"), findings),
        Table(Rectification, ("id", "finding_id", "shelter_id", "description", "severity", "deadline", "responsible_unit",
                              "status", "overdue_since", "closed_at", "geom"), tasks),
    ]
