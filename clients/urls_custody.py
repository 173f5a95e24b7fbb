"""URL patterns for required assessments, included by clients.urls."""

urlpatterns = []
