"""The ten streets and towns of Changning: real codes and names, synthetic polygons."""
from dataclasses import dataclass

from geo_api.reference.models import District

from .base import Context, Table
from .geometry import area_km2, changning, ewkb


@dataclass(frozen=True)
class Street:
    code: str
    name: str
    kind: str
    short: str
    # Where the street roughly lies (WGS84); the Voronoi seed of its synthetic polygon.
    seed: tuple[float, float]
    # Residents, chosen to add up to the district's ~690,000 (not census figures).
    population: int
    # Real roads that run through or beside the street, for addresses and camera names.
    roads: tuple[str, ...]

    @property
    def government(self) -> str:
        return f"长宁区{self.name}人民政府" if self.kind == "town" else f"长宁区{self.name}办事处"


# West to east: 新泾镇 takes the airport side, 华阳路 and 江苏路 the old town by 中山公园.
DISTRICTS = (
    Street("310105001000", "华阳路街道", "street", "华阳", (121.4195, 31.2250), 64_000,
           ("长宁路", "安西路", "华阳路", "定西路", "凯旋路", "安化路", "武夷路", "延安西路", "万航渡路")),
    Street("310105002000", "江苏路街道", "street", "江苏路", (121.4310, 31.2195), 43_000,
           ("江苏路", "愚园路", "长宁路", "延安西路", "镇宁路", "宣化路", "利西路", "武夷路", "安化路")),
    Street("310105004000", "新华路街道", "street", "新华路", (121.4230, 31.2035), 62_000,
           ("新华路", "番禺路", "法华镇路", "定西路", "延安西路", "淮海西路", "幸福路", "凯旋路")),
    Street("310105005000", "周家桥街道", "street", "周家桥", (121.4080, 31.2225), 71_000,
           ("长宁路", "中山西路", "天山路", "凯旋路", "长宁支路", "万航渡路")),
    Street("310105006000", "天山路街道", "street", "天山", (121.3960, 31.2165), 86_000,
           ("天山路", "娄山关路", "遵义路", "茅台路", "仙霞路", "延安西路", "中山西路", "安顺路", "天山支路")),
    Street("310105008000", "仙霞新村街道", "street", "仙霞", (121.3880, 31.2045), 83_000,
           ("仙霞路", "水城路", "茅台路", "威宁路", "虹古路", "芙蓉江路", "古北路", "延安西路")),
    Street("310105009000", "虹桥街道", "street", "虹桥", (121.4060, 31.1990), 69_000,
           ("虹桥路", "古北路", "延安西路", "伊犁路", "荣华东道", "水城南路", "红宝石路", "黄金城道", "遵义路")),
    Street("310105010000", "程家桥街道", "street", "程家桥", (121.3650, 31.1920), 30_000,
           ("虹桥路", "哈密路", "虹古路", "剑河路", "临虹路")),
    Street("310105011000", "北新泾街道", "street", "北新泾", (121.3760, 31.2165), 59_000,
           ("天山西路", "剑河路", "协和路", "哈密路", "平塘路", "北渔路", "金钟路")),
    Street("310105102000", "新泾镇", "town", "新泾", (121.3450, 31.2170), 123_000,
           ("北翟路", "临虹路", "淞虹路", "福泉路", "金钟路", "广顺路", "协和路", "天山西路", "通协路",
            "福泉北路", "临新路", "空港一路")),
)


def build(ctx: Context) -> list[Table]:
    geo = changning()
    rows = []
    for i, (street, geom) in enumerate(zip(DISTRICTS, geo.districts)):
        rows.append((ctx.district_id(i), street.code, street.name, street.kind, street.population,
                     round(area_km2(geom), 3), True, ewkb([geom])[0]))
    columns = ("id", "code", "name", "kind", "population", "area_km2", "synthetic", "geom")
    return [Table(District, columns, rows)]


def weights(population_share: float = 0.7) -> list[float]:
    """Where point features go: mostly where people live, partly by area (the airport side has
    few residents but roads, warehouses and enterprises)."""
    geo = changning()
    people = [s.population / sum(s.population for s in DISTRICTS) for s in DISTRICTS]
    areas = [g.area / geo.outline.area for g in geo.districts]
    return [population_share * p + (1 - population_share) * a for p, a in zip(people, areas)]
