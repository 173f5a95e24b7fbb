"""Custody-suite assessments: the required-assessment chain (`required`) and the DIR-style assessment (`assessment`)."""

from assessments.models.assessment import Assessment, ContinuityNote, SharingBasis
from assessments.models.required import PoliceNotification, RAAppointment, RequiredAssessment

__all__ = ["Assessment", "ContinuityNote", "PoliceNotification", "RAAppointment", "RequiredAssessment", "SharingBasis"]
