"""The One-Map layers. Collection ids are a public contract: never rename one.

A new layer is one entry here plus one style file in styles/."""
from geo_api.accounts.roles import STAFF_ROLES, Role
from geo_api.shelters import availability as shelter_rules
from geo_api.shelters import capacity as shelter_capacity

from .registry import Layer, Prop

DISTRICT_NAME = Prop("district_name", sql="d.name", label_zh="所属街镇", label_en="Street or town", type="string")
JOIN_DISTRICT = 'LEFT JOIN "onemap_district" d ON d.id = t.district_id'
SHELTER_AVAILABLE_SQL = shelter_rules.AVAILABLE_SQL
SHELTER_RADIUS_SQL = "CASE t.shelter_type " + " ".join(
    f"WHEN '{kind}' THEN {metres}" for kind, metres in shelter_capacity.SERVICE_RADIUS_M.items()) + " END"
# Capacity of the designated fixed shelters of the street (the ≥ 15 % rule, geo_api/shelters/capacity.py).
COVERAGE_CAPACITY_SQL = (
    '(SELECT coalesce(sum(s.capacity), 0) FROM "onemap_shelter" s WHERE s.district_id = t.id '
    "AND s.designation_status IN ('designated', 'filed', 'evaluated') AND s.shelter_type IN ("
    + ", ".join(f"'{kind}'" for kind in shelter_capacity.FIXED_TYPES) + "))::integer"
)

LAYERS = (
    Layer(
        id="districts", title_zh="街道（镇）", title_en="Streets and towns", model="reference.District",
        geometry_type="MultiPolygon", style="districts", group="base", access="public",
        properties=("code", "name", "kind", "population", "area_km2", "synthetic"),
        description_zh="长宁区10个街道（镇）。演示数据的边界为合成边界。",
        description_en="The 10 streets and towns of Changning. Demo boundaries are synthetic.",
        keywords=("长宁区", "行政区划"),
    ),
    Layer(
        id="shelters", title_zh="应急避难场所", title_en="Emergency shelters", model="shelters.Shelter",
        geometry_type="Point", style="shelters", group="shelters", access="public", editable=True,
        write_roles=frozenset({Role.SHELTER_STAFF, Role.GIS_ANALYST}),
        properties=(
            "code", "name", "shelter_class", "shelter_type", "space_type", "tier", "area_m2", "capacity",
            "designation_status", "evaluation_conclusion",
            Prop("available", sql=SHELTER_AVAILABLE_SQL, label_zh="可启用", label_en="Available for opening",
                 type="boolean"),
            Prop("service_radius_m", sql=SHELTER_RADIUS_SQL, label_zh="服务半径（米）", label_en="Service radius (m)",
                 type="integer"),
            "managing_unit", "address", "phone", DISTRICT_NAME, "updated_at",
        ),
        # capacity is computed by the database from area and type (geo_api/shelters/capacity.py).
        workflow_fields={"designation_status": "/api/shelters/{id}/transitions/",
                         "evaluation_conclusion": "/api/shelters/{id}/evaluations/",
                         "capacity": "/api/shelters/{id}/collection/"},
        joins=JOIN_DISTRICT, keywords=("避难场所", "GB 21734", "GB 51143"),
    ),
    Layer(
        id="shelter_coverage", title_zh="避难场所容量覆盖", title_en="Shelter capacity by street",
        # Street shading under everything else (like the streets themselves): warning areas and points
        # stay on top and keep their clicks.
        model="reference.District", geometry_type="MultiPolygon", style="shelter_coverage", group="base",
        access="public",
        properties=(
            "code", "name", "population",
            Prop("fixed_capacity", sql=COVERAGE_CAPACITY_SQL, label_zh="固定避难场所容量（人）",
                 label_en="Fixed shelter capacity (persons)", type="integer"),
            Prop("required_capacity", sql="ceil(coalesce(t.population, 0) * 0.15)::integer",
                 label_zh="所需容量（人口15%）", label_en="Required capacity (15 % of population)", type="integer"),
            Prop("short_of_capacity",
                 sql=f"(t.population IS NOT NULL AND {COVERAGE_CAPACITY_SQL} < ceil(t.population * 0.15))",
                 label_zh="容量不足", label_en="Short of capacity", type="boolean"),
        ),
        description_zh="各街道（镇）固定避难场所容量与常住人口15%的比较（GB 51143）。",
        description_en="Fixed shelter capacity of each street against 15 % of its population (GB 51143).",
        keywords=("避难场所", "15%"),
    ),
    Layer(
        id="shelter_rectifications", title_zh="避难场所整改任务", title_en="Shelter rectification tasks",
        model="shelters.Rectification", geometry_type="Point", style="shelter_rectifications", group="shelters",
        access="internal", title_property="description",
        properties=(
            "description", "severity", "status", "deadline", "responsible_unit", "overdue_since", "closed_at",
            Prop("shelter_name", sql="s.name", label_zh="避难场所", label_en="Shelter", type="string"),
            "updated_at",
        ),
        workflow_fields={"status": "/api/shelter_rectifications/{id}/transitions/"},
        joins='JOIN "onemap_shelter" s ON s.id = t.shelter_id', minzoom=10,
    ),
    Layer(
        id="warehouses", title_zh="物资仓库", title_en="Material warehouses", model="resources.Warehouse",
        geometry_type="Point", style="warehouses", group="resources", access="public", editable=True,
        write_roles=frozenset({Role.WAREHOUSE_STAFF, Role.GIS_ANALYST}),
        properties=(
            "code", "name", "level", "managing_unit", "address", "phone", "area_m2",
            Prop("stock_items", sql='(SELECT count(*) FROM "onemap_stockitem" s WHERE s.warehouse_id = t.id)',
                 label_zh="库存品种数", label_en="Stock lines", type="integer"),
            # What the popup shows: material names and quantities (the stock ledger's balances), not
            # raw GB/T 38565 codes (the codes are in GET /api/warehouses/{id}/stock/).
            Prop("stock_summary",
                 sql="(SELECT string_agg(s.name || ' ' || trim(trailing '.' FROM trim(trailing '0' FROM "
                     "s.quantity::text)) || s.unit, '，' ORDER BY s.material_code) "
                     'FROM "onemap_stockitem" s WHERE s.warehouse_id = t.id AND s.quantity > 0)',
                 label_zh="库存物资", label_en="Stock held", type="string"),
            DISTRICT_NAME, "updated_at",
        ),
        joins=JOIN_DISTRICT, keywords=("应急物资", "GB/T 38565"),
    ),
    Layer(
        id="resources", title_zh="应急资源", title_en="Emergency resources", model="resources.Resource",
        geometry_type="Point", style="resources", group="resources", access="internal", editable=True,
        write_roles=frozenset({Role.WAREHOUSE_STAFF, Role.DUTY_OFFICER, Role.GIS_ANALYST}),
        properties=(
            "name", "kind", "specialty", "quantity", "unit", "owner_unit", "contact", "phone", "status",
            DISTRICT_NAME, "updated_at",
        ),
        # Retired resources stay in the ledger (/resources/) but leave the map.
        joins=JOIN_DISTRICT, minzoom=10, where="t.retired_at IS NULL",
    ),
    Layer(
        id="hazards", title_zh="风险隐患", title_en="Risks and hidden hazards", model="supervision.Hazard",
        geometry_type="Point", style="hazards", group="hazards", access="internal", editable=True,
        write_roles=frozenset({Role.ENTERPRISE_STAFF, Role.LAW_ENFORCEMENT, Role.GIS_ANALYST}),
        properties=(
            "code", "name", "kind", "grade", "risk_colour", "category", "rectification_status", "found_on",
            "deadline", "responsible_unit", DISTRICT_NAME, "updated_at",
        ),
        workflow_fields={"rectification_status": "/api/hazards/{id}/transitions/"},
        joins=JOIN_DISTRICT, minzoom=10,
    ),
    Layer(
        id="enterprises", title_zh="危化品及重点企业", title_en="Hazardous-chemical and key enterprises",
        model="supervision.Enterprise", geometry_type="Point", style="enterprises", group="hazards",
        access="internal", editable=True,
        write_roles=frozenset({Role.ENTERPRISE_STAFF, Role.LAW_ENFORCEMENT, Role.GIS_ANALYST}),
        properties=(
            "name", "credit_code", "kind", "industry", "risk_colour", "major_hazard_grade", "employees",
            "address", "phone", DISTRICT_NAME, "updated_at",
        ),
        joins=JOIN_DISTRICT, minzoom=10,
    ),
    Layer(
        id="risk_zones", title_zh="风险区域", title_en="Risk zones", model="supervision.RiskZone",
        geometry_type="MultiPolygon", style="risk_zones", group="hazards", access="internal", editable=True,
        write_roles=frozenset({Role.GIS_ANALYST, Role.DUTY_OFFICER}),
        properties=("name", "zone_type", "risk_colour", "responsible_unit", "description", DISTRICT_NAME,
                    "updated_at"),
        joins=JOIN_DISTRICT,
    ),
    Layer(
        id="cameras", title_zh="视频监控", title_en="Cameras", model="reference.Camera",
        geometry_type="Point", style="cameras", group="cameras", access="internal", editable=True,
        write_roles=frozenset({Role.GIS_ANALYST}),
        properties=("code", "name", "kind", "heading", "field_of_view", "status", "source", DISTRICT_NAME),
        joins=JOIN_DISTRICT, minzoom=12,
    ),
    Layer(
        id="warnings", title_zh="预警信息", title_en="Warnings", model="warnings.Warning",
        geometry_type="MultiPolygon", style="warnings", group="warnings", access="public",
        title_property="headline",
        properties=(
            "identifier", "sender", "sent", "status", "msg_type", "event_type", "event_name", "level",
            Prop("level_colour",
                 sql="CASE t.level WHEN 1 THEN 'red' WHEN 2 THEN 'orange' WHEN 3 THEN 'yellow' ELSE 'blue' END",
                 label_zh="预警颜色", label_en="Level colour", type="string"),
            Prop("active", sql="(t.msg_type <> 'Cancel' AND t.expires > now())",
                 label_zh="生效中", label_en="Active", type="boolean"),
            "urgency", "certainty", "headline", "instruction", "effective", "onset", "expires", "area_desc",
        ),
        keywords=("气象预警", "CAP", "GB/T 35965.1"),
    ),
    Layer(
        id="events", title_zh="突发事件", title_en="Events", model="incidents.Event",
        geometry_type="Point", style="events", group="events", access="internal", editable=True,
        write_roles=frozenset({Role.DUTY_OFFICER, Role.COMMANDER}),
        # Other agencies' systems receive the major events (Ⅰ and Ⅱ) only.
        read_roles=STAFF_ROLES | {Role.EXTERNAL_AGENCY},
        row_filters={Role.EXTERNAL_AGENCY: "severity <= 2"},
        title_property="title", where="NOT t.is_drill",
        properties=(
            "code", "title", "category", "event_type", "gb_code", "severity", "response_level", "status",
            "occurred_at", "reported_at", "closed_at", "address", "casualties", DISTRICT_NAME,
        ),
        # closed_at is stamped by the close and dismiss transitions and cleared by reopen; a
        # severity change needs a reason on the timeline (geo_api/incidents/services.py).
        workflow_fields={"status": "/api/events/{id}/transitions/", "closed_at": "/api/events/{id}/transitions/",
                         "severity": "/api/events/{id}/severity/"},
        joins=JOIN_DISTRICT,
    ),
    Layer(
        id="personnel_positions", title_zh="人员位置", title_en="Responder positions",
        model="responders.ResponderPosition", geometry_type="Point", style="personnel_positions",
        group="people", access="restricted",
        read_roles=frozenset({Role.COMMANDER, Role.DUTY_OFFICER, Role.FIELD_RESPONDER}),
        # A field responder sees their own position only: where colleagues are is command's picture,
        # and a lost or shared phone must not show a whole team's whereabouts.
        row_filters={Role.FIELD_RESPONDER: (
            'id IN (SELECT p.id FROM "onemap_responderposition" p JOIN "onemap_responder" r '
            'ON r.id = p.responder_id WHERE r.user_id = {user_id})')},
        properties=(
            Prop("name", sql="r.name", label_zh="姓名", label_en="Name", type="string"),
            Prop("organization", sql="r.organization", label_zh="所属单位", label_en="Organization",
                 type="string"),
            Prop("role", sql="r.role", label_zh="岗位", label_en="Role", type="string"),
            Prop("on_duty", sql="r.on_duty", label_zh="在岗", label_en="On duty", type="boolean"),
            "recorded_at", "accuracy_m", "speed_mps", "heading",
        ),
        joins='JOIN "onemap_responder" r ON r.id = t.responder_id',
        # A responder working a drill event never appears among real positions (geo_api/responders/sharing.py).
        where='NOT EXISTS (SELECT 1 FROM "onemap_event" e WHERE e.id = t.event_id AND e.is_drill)',
        description_zh="每名现场人员的最新位置；历史轨迹另表保存。",
        description_en="The latest position of each responder; the track history is kept in its own table.",
    ),
)
