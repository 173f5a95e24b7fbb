from throughcare.models.aftercare import Aftercare, AftercareSession, EndReason, SessionKind
from throughcare.models.prison import PICK_UP_DAYS, PLANNING_DAYS, PrisonRelease, ReleaseType, Stage

__all__ = [
    "Aftercare", "AftercareSession", "EndReason", "SessionKind",
    "PICK_UP_DAYS", "PLANNING_DAYS", "PrisonRelease", "ReleaseType", "Stage",
]
