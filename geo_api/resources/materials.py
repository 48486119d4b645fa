"""Emergency materials by GB/T 38565-2020 (应急物资分类及编码), the code list every stock line uses.

What the standard fixes (shared/reference/code-lists.md, read in the standard ✓): seven digits in
four levels, the class digit then three two-digit levels; `99` is "other" at every level; three
classes, 1 基本生活保障物资, 2 应急装备及配套物资, 3 工程材料与机械加工设备.

The item codes below have the standard's shape and sit under the right class, but were not looked
up in the standard's table: each is `verified=False` until someone checks it against the text
(the code-lists rule). Stock synced from the city platform may carry other well-formed codes; a
line that already exists keeps the name it came with (see `material_name`)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

CODE_PATTERN = re.compile(r"^[1-3](\d{2}){0,3}$")


@dataclass(frozen=True)
class Material:
    code: str
    name: str
    unit: str
    verified: bool = False
    # Shelf life matters for these (food, water, medicine): the stock line's expiry is watched.
    perishable: bool = False

    @property
    def class_code(self) -> str:
        return self.code[0]


CLASSES = {
    "1": ("基本生活保障物资", _("Basic living supplies")),
    "2": ("应急装备及配套物资", _("Emergency equipment and supplies")),
    "3": ("工程材料与机械加工设备", _("Engineering materials and machinery")),
}

MATERIALS: tuple[Material, ...] = (
    Material("1010101", "单帐篷", "顶"), Material("1010102", "棉帐篷", "顶"), Material("1010201", "折叠床", "张"),
    Material("1010301", "棉被", "床"), Material("1010302", "毛毯", "条"), Material("1010303", "睡袋", "个"),
    Material("1010401", "棉大衣", "件"), Material("1020101", "瓶装饮用水", "箱", perishable=True),
    Material("1020201", "方便食品", "箱", perishable=True), Material("1020202", "压缩饼干", "箱", perishable=True),
    Material("1039901", "个人卫生用品包", "套"),
    Material("2010101", "救生衣", "件"), Material("2010102", "救生圈", "个"), Material("2010201", "冲锋舟", "艘"),
    Material("2010202", "橡皮艇", "艘"), Material("2020101", "发电机", "台"), Material("2020201", "抽水泵", "台"),
    Material("2020301", "应急照明灯", "台"), Material("2030101", "灭火器", "具", perishable=True),
    Material("2030201", "防护服", "套"), Material("2030202", "防毒面具", "个", perishable=True),
    Material("2040101", "急救包", "个", perishable=True), Material("2050101", "对讲机", "部"),
    Material("2060101", "雨衣", "件"), Material("2060102", "雨靴", "双"), Material("2070101", "油锯", "台"),
    Material("3010101", "沙袋", "只"), Material("3010102", "编织袋", "只"), Material("3010201", "土工布", "平方米"),
    Material("3010301", "防汛挡板", "块"), Material("3010302", "彩条布", "平方米"), Material("3020201", "木桩", "根"),
)
BY_CODE = {m.code: m for m in MATERIALS}


def is_code(code: str) -> bool:
    return bool(CODE_PATTERN.fullmatch(code or ""))


def material(code: str) -> Material | None:
    return BY_CODE.get(code)


def class_label(code: str) -> str:
    zh, _en = CLASSES.get((code or " ")[0], ("", ""))
    return zh


def choices() -> list[tuple[str, str]]:
    """For forms: "1010101 单帐篷（顶）"."""
    return [(m.code, f"{m.code} {m.name}（{m.unit}）") for m in MATERIALS]
