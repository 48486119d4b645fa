"""Tasks from a warning's exposure (remediation before an event): activation, action and event
become optional, a task names its warning and the exposed feature instead."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("tasks", "0001_initial"),
        ("warnings", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="task", name="activation",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="tasks", to="plans.planactivation", verbose_name="activation")),
        migrations.AlterField(
            model_name="task", name="action",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="tasks", to="plans.planaction", verbose_name="plan action")),
        migrations.AlterField(
            model_name="task", name="event",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="plan_tasks", to="incidents.event", verbose_name="event")),
        migrations.AddField(
            model_name="task", name="warning",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="remediation_tasks", to="warnings.warning", verbose_name="warning")),
        migrations.AddField(
            model_name="task", name="feature_layer",
            field=models.CharField(blank=True, max_length=40, verbose_name="feature layer")),
        migrations.AddField(
            model_name="task", name="feature_id",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="feature id")),
        migrations.AddConstraint(
            model_name="task",
            constraint=models.CheckConstraint(
                condition=(models.Q(activation__isnull=False, action__isnull=False, event__isnull=False)
                           | models.Q(warning__isnull=False)),
                name="task_from_plan_or_warning")),
    ]
