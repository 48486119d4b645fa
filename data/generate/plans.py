"""Six emergency plans of Changning as the bureau keeps them (总体, 专项, 部门, 基层), with their
member departments, response levels and actions per level. The plans' titles follow the
district's real plan system; their contents (actions, deadlines, dates) are illustrative demo
data, not the text of the official plans. Two are flagged as not drilled for over three years,
and the hazardous-chemical plan has an older superseded version to show the history.

Departments have no members here: accounts are not demo data. An administrator adds the
department liaisons in /admin/plans/department/ so that they receive their departments' tasks."""
from datetime import date

from geo_api.plans.models import Department, Plan, PlanAction, PlanResponse, PlanVersion

from .base import Context, Table
from .districts import DISTRICTS

DEPARTMENTS = (
    ("YJJ", "长宁区应急管理局", "021-62520110"), ("XF", "长宁区消防救援支队", "021-62590119"),
    ("GA", "上海市公安局长宁分局", "021-22050110"), ("HB", "长宁区生态环境局", "021-62129551"),
    ("WJW", "长宁区卫生健康委员会", "021-62521500"), ("JSW", "长宁区建设和管理委员会", "021-62522010"),
    ("LH", "长宁区绿化和市容管理局", "021-62521919"), ("CY", "长宁区城市运行管理中心", "021-62520000"),
    ("MZ", "长宁区民政局", "021-62527080"), ("HQ", "虹桥街道办事处", "021-62753100"),
)
ALL = ("NATURAL", "ACCIDENT", "PUBLIC_HEALTH", "SOCIAL_SECURITY")
HONGQIAO = next(i for i, s in enumerate(DISTRICTS) if s.name == "虹桥街道")


def A(title, minutes, *departments, description=""):  # noqa: N802 (reads like a table row)
    return title, minutes, departments, description


# code: (title, type, level, owner, event types, area (street index or None), valid from, drilled,
#        revised, {response level: (severities, condition, [actions])}, shelters, resources, older versions)
PLANS = (
    ("CN-ZT-2024", "长宁区突发事件总体应急预案", "overall", "district", "YJJ", ALL, None, date(2024, 3, 1),
     date(2025, 5, 12), date(2024, 3, 1), {
         3: ([3], "较大突发事件，或事态可能扩大", [
             A("区应急指挥部办公室进入应急状态，召集成员单位", 30, "YJJ", "CY"),
             A("向区委、区政府和市应急局报告初步情况", 40, "YJJ"),
             A("组织现场指挥部，统一指挥先期处置", 60, "YJJ", "GA")]),
         4: ([4], "一般突发事件", [
             A("事发地街镇和主管部门先期处置", 30, "CY"),
             A("区应急局跟踪续报", 60, "YJJ")]),
         2: ([1, 2], "重大、特别重大突发事件（报请市级响应）", [
             A("区主要领导赶赴现场，成立区现场指挥部", 30, "YJJ", "GA", "XF"),
             A("报请市应急指挥机构启动市级响应", 20, "YJJ")]),
     }, 4, 6, ()),
    ("CN-ZX-WHP-2023", "长宁区危险化学品事故应急预案", "special", "district", "YJJ", ("危险化学品泄漏", "爆炸"), None,
     date(2023, 6, 1), date(2024, 10, 15), date(2023, 6, 1), {
         3: ([3], "较大危险化学品事故：泄漏难以控制或可能造成人员伤亡", [
             A("划定警戒区，疏散警戒区内人员", 30, "XF", "GA", description="按泄漏物质和风向划定警戒范围"),
             A("开展大气和水体环境应急监测", 60, "HB"),
             A("组织周边居民转移安置", 90, "HQ", "MZ"),
             A("调派医疗救护力量，做好伤员救治", 45, "WJW")]),
         4: ([4], "一般危险化学品事故：少量泄漏，已得到控制", [
             A("核实泄漏物质和数量，指导企业处置", 60, "YJJ"),
             A("开展现场环境监测", 90, "HB")]),
         2: ([1, 2], "重大及以上危险化学品事故", [
             A("成立区现场指挥部，报请市级响应", 20, "YJJ"),
             A("扩大警戒范围，实施交通管制", 30, "GA", "XF")]),
     }, 0, 0, (("长宁区危险化学品事故应急预案（2019年版）", date(2019, 4, 1), "2019年首次发布"),)),
    ("CN-ZX-FXFT-2025", "长宁区防汛防台专项应急预案", "special", "district", "JSW",
     ("NATURAL.FLOOD_DROUGHT", "台风", "暴雨", "大风", "雷雨大风"), None, date(2025, 4, 1), date(2025, 6, 20),
     date(2025, 4, 1), {
         1: ([1], "特别重大汛情或台风正面登陆", [A("全区进入防汛防台一级响应，转移危险区域人员", 60, "JSW", "MZ", "HQ")]),
         2: ([2], "重大汛情或台风严重影响", [A("开放应急避难场所，转移安置受威胁群众", 90, "MZ", "LH")]),
         3: ([3], "较大汛情，暴雨橙色预警", [
             A("排水泵站全开，移动泵车预置易涝点", 60, "JSW"),
             A("巡查行道树和户外广告设施", 120, "LH")]),
         4: ([4], "一般汛情，暴雨黄色预警", [A("防汛值班人员到岗，巡查易涝点", 60, "JSW", "CY")]),
     }, 3, 0, ()),
    ("CN-ZX-HZ-2021", "长宁区火灾事故应急预案", "special", "district", "XF", ("火灾",), None, date(2021, 9, 1),
     date(2021, 11, 9), date(2021, 9, 1), {
         3: ([3], "较大火灾：高层、人员密集场所火灾", [
             A("调派增援力量，开展灭火救援", 15, "XF"),
             A("维护现场秩序，疏导交通", 20, "GA"),
             A("医疗救护力量现场待命", 30, "WJW")]),
         4: ([4], "一般火灾", [A("辖区消防救援站出动处置", 10, "XF")]),
     }, 0, 0, ()),
    ("CN-BM-RQ-2024", "长宁区燃气事故应急预案", "department", "district", "JSW", ("燃气泄漏",), None,
     date(2024, 1, 1), None, date(2024, 1, 1), {
         3: ([2, 3], "较大燃气事故：管网泄漏影响居民区", [
             A("燃气抢修单位关阀止漏", 30, "JSW"),
             A("疏散周边居民，设置警戒", 30, "GA", "HQ")]),
         4: ([4], "一般燃气泄漏", [A("燃气抢修单位到场处置", 45, "JSW")]),
     }, 0, 0, ()),
    ("CN-JC-HQ-2025", "虹桥街道突发事件应急预案", "grassroots", "street", "HQ", ("ACCIDENT", "NATURAL"), HONGQIAO,
     date(2025, 1, 1), date(2025, 9, 1), date(2025, 1, 1), {
         3: ([3], "街道辖区内较大突发事件", [
             A("街道应急队伍集结，配合专业力量处置", 30, "HQ"),
             A("组织居民转移至就近避难场所", 60, "HQ")]),
         4: ([4], "街道辖区内一般突发事件", [A("网格员现场核查并报告", 20, "HQ")]),
     }, 2, 0, ()),
)


def build(ctx: Context) -> list[Table]:
    reference = ctx.reference
    department_ids = {code: i for i, (code, _n, _p) in enumerate(DEPARTMENTS, start=1)}
    departments = [(i, code, name, phone) for (code, name, phone), i in zip(DEPARTMENTS, department_ids.values())]
    plans, versions, responses, actions, action_departments, version_shelters, version_resources = ([] for _ in range(7))
    for plan_id, (code, title, plan_type, level, owner, types, street, valid_from, drilled, revised, levels,
                  shelters, resources, older) in enumerate(PLANS, start=1):
        plans.append((plan_id, code, drilled))
        area = "street" if street is not None else "district"
        district_id = ctx.district_id(street) if street is not None else None
        history = [(old_title, old_revised, note, revised) for old_title, old_revised, note in older]
        for number, (version_title, version_revised, note, superseded) in enumerate(
                [*history, (title, revised, "现行版本", None)], start=1):
            version_id = len(versions) + 1
            versions.append((version_id, plan_id, number, version_title, plan_type, level, department_ids[owner],
                             list(types), area, district_id, valid_from if superseded is None else version_revised,
                             superseded, "依据《突发事件应对法》和上级预案编制，规定组织体系、分级响应和处置措施（演示数据）。",
                             version_revised, note, reference,
                             reference if superseded is not None else None))
            for response_level, (severities, condition, items) in sorted(levels.items()):
                response_id = len(responses) + 1
                responses.append((response_id, version_id, response_level, list(severities), condition))
                for order, (action_title, minutes, owners, description) in enumerate(items, start=1):
                    action_id = len(actions) + 1
                    actions.append((action_id, response_id, order, action_title, description, minutes))
                    for owner_code in owners:
                        action_departments.append((len(action_departments) + 1, action_id, department_ids[owner_code]))
            if superseded is None:
                for shelter_id in range(1, shelters + 1):
                    version_shelters.append((len(version_shelters) + 1, version_id, shelter_id))
                for resource_id in range(1, resources + 1):
                    version_resources.append((len(version_resources) + 1, version_id, resource_id))
    through = PlanAction.departments.through
    return [
        Table(Department, ("id", "code", "name", "phone"), departments),
        Table(Plan, ("id", "code", "last_drilled_on"), plans),
        Table(PlanVersion, ("id", "plan_id", "number", "title", "plan_type", "level", "owner_id", "event_types",
                            "area_scope", "district_id", "valid_from", "valid_until", "summary", "revised_on",
                            "revision_note", "created_at", "superseded_at"), versions),
        Table(PlanResponse, ("id", "version_id", "response_level", "severities", "condition"), responses),
        Table(PlanAction, ("id", "response_id", "order", "title", "description", "deadline_minutes"), actions),
        Table(through, ("id", "planaction_id", "department_id"), action_departments),
        Table(PlanVersion.shelters.through, ("id", "planversion_id", "shelter_id"), version_shelters),
        Table(PlanVersion.resources.through, ("id", "planversion_id", "resource_id"), version_resources),
    ]
