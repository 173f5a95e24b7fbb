"""Custody-suite assessments: the required-assessment chain (`required`), the DIR-style assessment (`assessment`),
and court work beside them: Restriction on Bail (`bail`), conditional cautions (`caution`)."""

from assessments.models.assessment import Assessment, ContinuityNote, SharingBasis
from assessments.models.bail import BailRestriction
from assessments.models.caution import CautionSession, ConditionalCaution
from assessments.models.required import PoliceNotification, RAAppointment, RequiredAssessment

__all__ = [
    "Assessment", "BailRestriction", "CautionSession", "ConditionalCaution", "ContinuityNote", "PoliceNotification",
    "RAAppointment", "RequiredAssessment", "SharingBasis",
]
