from django.db import migrations

NATIONAL_ANALYST = "National analyst"  # dip.roles.NATIONAL_ANALYST


def create_role(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=NATIONAL_ANALYST)


class Migration(migrations.Migration):
    """The national role sees ALL and every area's published report (issue 10); added where missing."""

    dependencies = [("reports", "0001_initial"), ("dip", "0002_roles")]

    operations = [migrations.RunPython(create_role, migrations.RunPython.noop)]
