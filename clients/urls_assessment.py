"""URL patterns for assessments, included by clients.urls."""

urlpatterns = []
