import django.db.models.deletion
import django_fsm
from django.conf import settings
from django.db import migrations, models

# Validation helpers for the per-row report: a date or time that looks right but is not one
# (2026-02-30) gives NULL instead of failing the whole statement (PostgreSQL 15 has no
# pg_input_is_valid). Only rows that pass the cheap pattern check reach them.
FUNCTIONS = """
CREATE OR REPLACE FUNCTION onemap_import_date(v text) RETURNS date LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN RETURN v::date; EXCEPTION WHEN others THEN RETURN NULL; END $$;
CREATE OR REPLACE FUNCTION onemap_import_timestamptz(v text) RETURNS timestamptz LANGUAGE plpgsql STABLE AS $$
BEGIN RETURN v::timestamptz; EXCEPTION WHEN others THEN RETURN NULL; END $$;
"""
DROP = "DROP FUNCTION IF EXISTS onemap_import_date(text); DROP FUNCTION IF EXISTS onemap_import_timestamptz(text);"


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ImportJob",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="uploaded at")),
                ("kind", models.CharField(choices=[("vector", "Features into a layer"), ("raster", "Raster statistics by street")], default="vector", max_length=8, verbose_name="kind")),
                ("file_name", models.CharField(max_length=200, verbose_name="file name")),
                ("file_path", models.CharField(max_length=300, verbose_name="stored file")),
                ("file_format", models.CharField(max_length=12, verbose_name="format")),
                ("layer_id", models.CharField(blank=True, max_length=40, verbose_name="target layer")),
                ("source_crs", models.CharField(default="EPSG:4326", max_length=20, verbose_name="source coordinate system")),
                ("mapping", models.JSONField(blank=True, default=dict, verbose_name="field mapping")),
                ("state", django_fsm.FSMField(choices=[("previewed", "Checked, not loaded"), ("queued", "Queued"), ("loading", "Loading"), ("done", "Done"), ("failed", "Failed"), ("cancelled", "Cancelled")], default="previewed", max_length=10, protected=True, verbose_name="state")),
                ("phase", models.CharField(blank=True, max_length=20, verbose_name="phase")),
                ("progress", models.FloatField(default=0, verbose_name="progress (%)")),
                ("rows", models.PositiveIntegerField(default=0, verbose_name="rows in the file")),
                ("loaded", models.PositiveIntegerField(default=0, verbose_name="rows loaded")),
                ("report", models.JSONField(blank=True, default=dict, verbose_name="report")),
                ("error", models.TextField(blank=True, verbose_name="error")),
                ("backend_pid", models.IntegerField(blank=True, null=True, verbose_name="database backend of the load")),
                ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="started at")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished at")),
                ("created_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="import_jobs", to=settings.AUTH_USER_MODEL, verbose_name="uploaded by")),
            ],
            options={"verbose_name": "import job", "verbose_name_plural": "import jobs", "db_table": "onemap_importjob",
                     "ordering": ["-created_at", "-id"]},
        ),
        migrations.RunSQL(FUNCTIONS, DROP),
    ]
