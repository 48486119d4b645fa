from .enterprises import Enterprise
from .hazards import Hazard
from .risk_zones import RiskZone

__all__ = ["Enterprise", "Hazard", "RiskZone"]
