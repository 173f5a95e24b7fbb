from django.urls import path

from testing import views

app_name = "testing"

urlpatterns = [
    path("", views.drugtest_list, name="drugtest-list"),
    path("clients/<int:client_pk>/new/", views.drugtest_create, name="drugtest-create"),
    path("<int:pk>/", views.drugtest_detail, name="drugtest-detail"),
    path("<int:pk>/edit/", views.drugtest_edit, name="drugtest-edit"),
]
# One small form per later step of the DT1 workflow.
urlpatterns += [
    path(f"<int:pk>/{step}/", views.drugtest_step, {"step": step}, name=f"drugtest-{step}") for step in views.STEPS
]
