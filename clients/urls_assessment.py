"""URL patterns for assessments, included by clients.urls."""

from django.urls import path

from clients import views_assessment as views

urlpatterns = [
    path("<int:client_pk>/assessments/start/", views.assessment_start, name="assessment-start"),
    path("<int:client_pk>/assessments/sharing/", views.assessment_sharing, name="assessment-sharing"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("assessments/<int:pk>/check/", views.assessment_check, name="assessment-check"),
    path("assessments/<int:pk>/discard/", views.assessment_discard, name="assessment-discard"),
    path("assessments/<int:pk>/correct/", views.assessment_correct, name="assessment-correct"),
    path("assessments/<int:pk>/<slug:section>/", views.assessment_section, name="assessment-section"),
]
