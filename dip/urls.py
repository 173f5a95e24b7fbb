from django.contrib import admin
from django.urls import include, path

from dip import views

dip_patterns = (
    [
        path("", views.home, name="home"),
        path("login/", views.LoginView.as_view(), name="login"),
        path("logout/", views.logout, name="logout"),
        # Django admin's own sign-in form would be a second way in: send it to ours (lockout + 2FA).
        path("admin/login/", views.admin_login, name="admin-login"),
        path("two-factor/setup/", views.otp_setup, name="otp-setup"),
        path("two-factor/", views.otp_verify, name="otp-verify"),
        path("health", views.health, name="health"),
        path("hello/", views.hello, name="hello"),
    ],
    "dip",
)

urlpatterns = [
    path("", include(dip_patterns)),
    path("clients/", include("clients.urls")),
    path("testing/", include("testing.urls")),
    # Custody-suite assessments are pages of a person's record: they keep the /clients/ prefix.
    path("clients/", include("assessments.urls")),
    path("referrals/", include("referrals.urls")),
    path("throughcare/", include("throughcare.urls")),
    path("supervision/", include("supervision.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
handler500 = "dip.errors.server_error"
