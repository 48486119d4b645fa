from django.db import migrations

ROLES = ["duty_officer", "commander", "department_liaison", "field_responder", "shelter_staff",
         "warehouse_staff", "enterprise_staff", "law_enforcement", "gis_analyst", "external_agency",
         "administrator"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for code in ROLES:
        Group.objects.get_or_create(name=code)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
