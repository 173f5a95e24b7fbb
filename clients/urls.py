from django.urls import path

from clients import urls_assessment, urls_custody, views

app_name = "clients"

urlpatterns = [
    path("", views.client_search, name="client-search"),
    path("<int:pk>/", views.client_detail, name="client-detail"),
]
urlpatterns += urls_custody.urlpatterns + urls_assessment.urlpatterns
