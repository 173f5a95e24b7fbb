from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.run_request, name="run-request"),
    # /reports/runs/<pk>/
    path("runs/<int:pk>/", views.run_detail, name="run-detail"),
    path("runs/<int:pk>/regenerate/", views.run_regenerate, name="run-regenerate"),
    path("runs/<int:pk>/files/<str:fmt>/", views.file_download, name="file-download"),
    path("subscriptions/", views.subscriptions, name="subscriptions"),
]
