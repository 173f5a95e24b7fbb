from django.urls import path

from referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="referral-list"),
    path("queue/", views.provider_queue, name="queue"),
    path("area/", views.area_open, name="area-open"),
    path("new/<int:client_pk>/", views.referral_create, name="referral-create"),
    path("<int:pk>/", views.referral_detail, name="referral-detail"),
    path("<int:pk>/<slug:action>/", views.referral_action, name="referral-action"),
]
