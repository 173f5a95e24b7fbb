from django.urls import path

from clients import views

app_name = "clients"

urlpatterns = [
    path("", views.client_search, name="client-search"),
    path("<int:pk>/", views.client_detail, name="client-detail"),
]
