from django.urls import path

from clients import views

app_name = "clients"

urlpatterns = [
    path("", views.client_search, name="client-search"),
    path("new/", views.client_create, name="client-create"),
    path("emergency-access/", views.break_glass, name="break-glass"),
    path("<int:pk>/", views.client_detail, name="client-detail"),
    path("<int:pk>/edit/", views.client_edit, name="client-edit"),
    path("<int:pk>/aliases/new/", views.alias_add, name="alias-add"),
    path("<int:pk>/aliases/<int:alias_pk>/remove/", views.alias_remove, name="alias-remove"),
    path("<int:pk>/consent/new/", views.consent_add, name="consent-add"),
    path("<int:pk>/access/", views.client_access, name="client-access"),
    path("<int:pk>/reason/", views.view_reason, name="view-reason"),
]
