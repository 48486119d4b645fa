"""One module per One-Map layer domain; the layer registry (layers/) publishes them."""
from .cameras import Camera
from .districts import District
from .enterprises import Enterprise
from .events import Event
from .hazards import Hazard
from .personnel import PositionReport, Responder, ResponderPosition
from .resources import Resource
from .risk_zones import RiskZone
from .shelters import Shelter
from .warehouses import StockItem, Warehouse
from .warnings import Warning

__all__ = [
    "Camera", "District", "Enterprise", "Event", "Hazard", "PositionReport", "Responder",
    "ResponderPosition", "Resource", "RiskZone", "Shelter", "StockItem", "Warehouse", "Warning",
]
