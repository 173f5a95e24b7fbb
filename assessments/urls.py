"""URL patterns for required assessments, included by clients.urls (namespace `clients`)."""

from django.urls import path

from clients import views_custody as views

urlpatterns = [
    path("<int:client_pk>/required-assessments/", views.ra_list, name="ra-list"),
    path("drug-tests/<int:test_pk>/required-assessment/", views.ra_impose, name="ra-impose"),
    path("drug-tests/<int:test_pk>/required-assessment/not-imposed/", views.ra_not_imposed, name="ra-not-imposed"),
    path("required-assessments/<int:pk>/", views.ra_detail, name="ra-detail"),
    path("required-assessments/<int:pk>/vary/", views.ra_vary, name="ra-vary"),
    path("required-assessments/<int:pk>/attendance/", views.ra_attendance, name="ra-attendance"),
    path("required-assessments/<int:pk>/follow-up/", views.ra_follow_up, name="ra-follow-up"),
    path("required-assessments/<int:pk>/outcome/", views.ra_outcome, name="ra-outcome"),
    path("required-assessments/<int:pk>/notices/<int:appointment_pk>/", views.ra_notice, name="ra-notice"),
    path("required-assessments/<int:pk>/notices/<int:appointment_pk>/pdf/", views.ra_notice_pdf, name="ra-notice-pdf"),
    path("required-assessments/<int:pk>/ra5/", views.ra_ra5, name="ra-ra5"),
    path("required-assessments/<int:pk>/ra5/pdf/", views.ra_ra5_pdf, name="ra-ra5-pdf"),
    path("police-notifications/<int:pk>/", views.ra_statement, name="ra-statement"),
    path("police-notifications/<int:pk>/sent/", views.ra_statement_sent, name="ra-statement-sent"),
    path("police-notifications/<int:pk>/prosecution/", views.ra_prosecution, name="ra-prosecution"),
    path("police-notifications/<int:pk>/print/", views.ra_statement_print, name="ra-statement-print"),
    path("police-notifications/<int:pk>/pdf/", views.ra_statement_pdf, name="ra-statement-pdf"),
]
