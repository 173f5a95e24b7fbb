from django.urls import path

from throughcare.views import aftercare, prison

app_name = "throughcare"

urlpatterns = [
    path("releases/", prison.release_list, name="release-list"),
    path("releases/new/<int:client_pk>/", prison.release_create, name="release-create"),
    path("releases/<int:pk>/", prison.release_detail, name="release-detail"),
    path("releases/<int:pk>/<slug:step>/", prison.release_step, name="release-step"),
    path("aftercare/", aftercare.aftercare_list, name="aftercare-list"),
    path("aftercare/new/<int:client_pk>/", aftercare.aftercare_create, name="aftercare-create"),
    path("aftercare/<int:pk>/", aftercare.aftercare_detail, name="aftercare-detail"),
    path("aftercare/<int:pk>/end/", aftercare.aftercare_end, name="aftercare-end"),
    path("aftercare/group/<int:provider_pk>/", aftercare.group_session, name="group-session"),
]
