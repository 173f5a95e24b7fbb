app_name = "testing"

urlpatterns: list = []
