"""场所评估 by 《上海市应急避难场所评估导则》 (Shanghai Emergency Management Bureau, 2025-12).

What code-lists.md gives (✓, read in the guide's notice): the evaluation has two levels — five
items (子项) 场址选择, 功能设置, 应急交通, 避难场所容量, 管护使用, and under them indicators (指标)
of three kinds, 否决项 (veto), 重要 (important) and 一般 (general); each indicator is judged
符合 / 不符合; the conclusion is 合格 / 基本合格 / 不合格. The guide's notice adds that veto
indicators are the ground for revoking a shelter or its sheltering function, while important and
general indicators are the ground for adjusting or improving it.

code-lists.md does not give the thresholds, so the rule implemented here follows that division of
roles, with one tolerance of our own (a named constant, to correct once the guide's table is read):
  不合格   any veto indicator is 不符合 (the shelter may be revoked);
  合格     every veto and every important indicator is 符合, and at most
           GENERAL_TOLERANCE (20 %) of the general indicators are 不符合;
  基本合格 every veto indicator is 符合, but an important indicator is 不符合 or more than 20 % of
           the general ones are (the shelter needs improvement, not revocation).

The indicator catalogue below is ours: the guide's indicator wording was not at hand, so each entry
states the requirement it checks in the terms of GB 21734 / GB 51143 / GB/T 33744 and carries
`verified=False`. Its codes are stable (evaluations store results by code)."""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from geo_api.common.errors import InvalidInput

VETO, IMPORTANT, GENERAL = "veto", "important", "general"
KIND_LABELS = {VETO: _("Veto"), IMPORTANT: _("Important"), GENERAL: _("General")}
MET, NOT_MET = "met", "not_met"  # 符合 / 不符合
QUALIFIED, BASIC, UNQUALIFIED = "qualified", "basically_qualified", "unqualified"
CONCLUSIONS = ((QUALIFIED, _("Qualified")), (BASIC, _("Basically qualified")), (UNQUALIFIED, _("Unqualified")))
GENERAL_TOLERANCE = Fraction(1, 5)

ITEMS = (
    ("site", _("Site selection")),            # 场址选择
    ("function", _("Function settings")),     # 功能设置
    ("traffic", _("Emergency traffic")),      # 应急交通
    ("capacity", _("Shelter capacity")),      # 避难场所容量
    ("management", _("Management and use")),  # 管护使用
)


@dataclass(frozen=True)
class Indicator:
    code: str
    item: str
    kind: str
    text_zh: str
    text_en: str
    verified: bool = False


INDICATORS = (
    Indicator("S1", "site", VETO, "场址避开地震断裂带、洪涝、滑坡等灾害危险区", "The site avoids fault zones, flood and landslide danger areas"),
    Indicator("S2", "site", VETO, "场址周边无危险化学品、易燃易爆等重大危险源影响", "No major hazard source (hazardous chemicals, explosives) affects the site"),
    Indicator("S3", "site", IMPORTANT, "场地地势较高、排水通畅，不易积水", "The ground is high enough and drains well"),
    Indicator("S4", "site", GENERAL, "场所靠近居住区，步行可达", "The shelter is close to homes and reachable on foot"),
    Indicator("F1", "function", VETO, "室内场所建筑结构安全，满足抗震设防要求", "Indoor buildings are structurally safe and meet the seismic code"),
    Indicator("F2", "function", IMPORTANT, "应急供水、供电、照明设施完好可用", "Emergency water, power and lighting work"),
    Indicator("F3", "function", IMPORTANT, "应急厕所、医疗救护、物资储备区域设置合理", "Toilets, first aid and supply areas are provided"),
    Indicator("F4", "function", GENERAL, "标识标牌齐全、位置醒目", "Signs are complete and visible"),
    Indicator("F5", "function", GENERAL, "广播、通信设施可用", "Public address and communications work"),
    Indicator("T1", "traffic", VETO, "至少两个方向的出入口，疏散通道畅通", "At least two entrances in different directions; escape routes clear"),
    Indicator("T2", "traffic", IMPORTANT, "与城市主干道相连的应急通道满足消防车通行", "An emergency access road to a main road takes fire engines"),
    Indicator("T3", "traffic", GENERAL, "场所内道路及无障碍设施满足通行需要", "Internal roads and barrier-free access suffice"),
    Indicator("C1", "capacity", IMPORTANT, "有效避难面积与人均有效避难面积核定的容量满足责任区需求", "The capacity from effective and per-person area meets the area's need"),
    Indicator("C2", "capacity", GENERAL, "避难单元划分清楚，容量标识明确", "Shelter units are marked with their capacity"),
    Indicator("M1", "management", VETO, "有明确的管理单位和责任人", "A managing unit and a responsible person are named"),
    Indicator("M2", "management", IMPORTANT, "制定启用预案并定期演练", "An opening plan exists and is drilled"),
    Indicator("M3", "management", GENERAL, "设施设备定期维护检查并有记录", "Facilities are maintained and inspected with records"),
    Indicator("M4", "management", GENERAL, "场所信息已向社会公布", "The shelter's information is published"),
)
BY_CODE = {i.code: i for i in INDICATORS}


@dataclass(frozen=True)
class Outcome:
    conclusion: str
    unmet: dict  # kind → [codes] not met

    @property
    def label(self) -> str:
        return str(dict(CONCLUSIONS)[self.conclusion])


def clean_results(raw) -> dict[str, str]:
    """{code: "met"|"not_met"} for every indicator of the catalogue, else InvalidInput naming
    what is missing, unknown or not a result. Booleans are accepted (true = 符合)."""
    if not isinstance(raw, dict):
        raise InvalidInput(_('Send "results" as an object: {"S1": "met", "S2": "not_met", ...}.'),
                           errors={"results": [_("Expected an object of indicator results.")]})
    errors = {}
    cleaned = {}
    for code, value in raw.items():
        if code not in BY_CODE:
            errors[str(code)] = [_("Unknown indicator.")]
            continue
        if value is True or value == MET or value == "符合":
            cleaned[code] = MET
        elif value is False or value == NOT_MET or value == "不符合":
            cleaned[code] = NOT_MET
        else:
            errors[code] = [_('Give "met" (符合) or "not_met" (不符合).')]
    missing = [i.code for i in INDICATORS if i.code not in raw]
    for code in missing:
        errors[code] = [_("Every indicator needs a result.")]
    if errors:
        raise InvalidInput(_("The indicator results are incomplete or not valid: %(codes)s.") % {
            "codes": ", ".join(sorted(errors))}, errors=errors)
    return cleaned


def conclude(results: dict[str, str]) -> Outcome:
    """The conclusion for complete, cleaned results (see the module docstring for the rule)."""
    unmet = {kind: [i.code for i in INDICATORS if i.kind == kind and results[i.code] == NOT_MET]
             for kind in (VETO, IMPORTANT, GENERAL)}
    general_total = sum(1 for i in INDICATORS if i.kind == GENERAL)
    if unmet[VETO]:
        conclusion = UNQUALIFIED
    elif not unmet[IMPORTANT] and Fraction(len(unmet[GENERAL]), general_total) <= GENERAL_TOLERANCE:
        conclusion = QUALIFIED
    else:
        conclusion = BASIC
    return Outcome(conclusion, unmet)


def catalogue_json() -> list[dict]:
    items = dict(ITEMS)
    return [{"code": i.code, "item": i.item, "item_label": str(items[i.item]), "kind": i.kind,
             "kind_label": str(KIND_LABELS[i.kind]), "text_zh": i.text_zh, "text_en": i.text_en,
             "verified": i.verified} for i in INDICATORS]
