"""Custody-suite assessments (namespace `assessments`): the required-assessment chain, the DIR-style assessment,
and court work beside them (Restriction on Bail, conditional cautions)."""

from django.urls import path

from assessments.views import assessment, bail, caution, required

app_name = "assessments"

urlpatterns = [
    path("<int:client_pk>/required-assessments/", required.ra_list, name="ra-list"),
    path("drug-tests/<int:test_pk>/required-assessment/", required.ra_impose, name="ra-impose"),
    path("drug-tests/<int:test_pk>/required-assessment/not-imposed/", required.ra_not_imposed, name="ra-not-imposed"),
    path("required-assessments/<int:pk>/", required.ra_detail, name="ra-detail"),
    path("required-assessments/<int:pk>/vary/", required.ra_vary, name="ra-vary"),
    path("required-assessments/<int:pk>/attendance/", required.ra_attendance, name="ra-attendance"),
    path("required-assessments/<int:pk>/follow-up/", required.ra_follow_up, name="ra-follow-up"),
    path("required-assessments/<int:pk>/outcome/", required.ra_outcome, name="ra-outcome"),
    path("required-assessments/<int:pk>/withdraw/", required.ra_withdraw, name="ra-withdraw"),
    path("required-assessments/<int:pk>/notices/<int:appointment_pk>/", required.ra_notice, name="ra-notice"),
    path("required-assessments/<int:pk>/notices/<int:appointment_pk>/pdf/", required.ra_notice_pdf, name="ra-notice-pdf"),
    path("required-assessments/<int:pk>/ra5/", required.ra_ra5, name="ra-ra5"),
    path("required-assessments/<int:pk>/ra5/pdf/", required.ra_ra5_pdf, name="ra-ra5-pdf"),
    path("police-notifications/<int:pk>/", required.ra_statement, name="ra-statement"),
    path("police-notifications/<int:pk>/sent/", required.ra_statement_sent, name="ra-statement-sent"),
    path("police-notifications/<int:pk>/prosecution/", required.ra_prosecution, name="ra-prosecution"),
    path("police-notifications/<int:pk>/print/", required.ra_statement_print, name="ra-statement-print"),
    path("police-notifications/<int:pk>/pdf/", required.ra_statement_pdf, name="ra-statement-pdf"),
    path("<int:client_pk>/assessments/start/", assessment.assessment_start, name="assessment-start"),
    path("<int:client_pk>/assessments/sharing/", assessment.assessment_sharing, name="assessment-sharing"),
    path("assessments/<int:pk>/", assessment.assessment_detail, name="assessment-detail"),
    path("assessments/<int:pk>/check/", assessment.assessment_check, name="assessment-check"),
    path("assessments/<int:pk>/discard/", assessment.assessment_discard, name="assessment-discard"),
    path("assessments/<int:pk>/correct/", assessment.assessment_correct, name="assessment-correct"),
    path("assessments/<int:pk>/<slug:section>/", assessment.assessment_section, name="assessment-section"),
    path("bail/", bail.bail_list, name="bail-list"),
    path("<int:client_pk>/bail/new/", bail.bail_create, name="bail-create"),
    path("bail/<int:pk>/", bail.bail_detail, name="bail-detail"),
    path("bail/<int:pk>/report/print/", bail.bail_report_print, name="bail-report-print"),
    path("bail/<int:pk>/report/pdf/", bail.bail_report_pdf, name="bail-report-pdf"),
    path("bail/<int:pk>/<slug:step>/", bail.bail_step, name="bail-step"),
    path("cautions/", caution.caution_list, name="caution-list"),
    path("<int:client_pk>/cautions/new/", caution.caution_create, name="caution-create"),
    path("cautions/<int:pk>/", caution.caution_detail, name="caution-detail"),
    path("cautions/<int:pk>/sessions/<int:number>/", caution.caution_session, name="caution-session"),
    path("cautions/<int:pk>/report/", caution.caution_report, name="caution-report"),
    path("cautions/<int:pk>/report/print/", caution.caution_report_print, name="caution-report-print"),
    path("cautions/<int:pk>/report/pdf/", caution.caution_report_pdf, name="caution-report-pdf"),
    path("cautions/<int:pk>/prosecution/", caution.caution_prosecution, name="caution-prosecution"),
]
