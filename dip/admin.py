"""Django admin hardening.

django-otp's own TOTP device admin shows each device's secret as a QR code (its `config` and
`qrcode` views), which would let an administrator clone anyone's second factor. It is replaced by a
read-only listing whose only action is deleting a device, so that a user who lost their phone
enrols again at their next sign-in.
"""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TwoFactorDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]  # never key, drift or counters
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
