from .evaluations import ShelterEvaluation
from .inspections import Finding, Inspection, InspectionPlan, Rectification
from .openings import ShelterMovement, ShelterOpening
from .records import ShelterDecision, ShelterFile
from .shelters import Shelter

__all__ = ["Finding", "Inspection", "InspectionPlan", "Rectification", "Shelter", "ShelterDecision",
           "ShelterEvaluation", "ShelterFile", "ShelterMovement", "ShelterOpening"]
