"""Each unit's counts of tasks and targets by status (``UnitCounts``, the national roll-up's).

Every unit that leads a counted task or owns a counted target gets a row waiting to be counted (``day``
None): the readers count those units themselves (``selectors.counts.by_province``) until the daily job
or a write stores their counts, so nothing read is ever stale or missing."""

import django.db.models.deletion
from django.db import migrations, models

NATIONAL = ("nation", "ministry")


def rows_to_count(apps, schema_editor):
    Task = apps.get_model("planning", "Task")
    Target = apps.get_model("planning", "Target")
    UnitCounts = apps.get_model("planning", "UnitCounts")
    units = set(Task.objects.filter(children__isnull=True, lead_unit__isnull=False)
                .exclude(lead_unit__kind__in=NATIONAL).values_list("lead_unit_id", flat=True).distinct())
    for resp, issuer in (Target.objects.filter(document__issuer__isnull=False)
                         .exclude(document__issuer__kind__in=NATIONAL)
                         .values_list("responsible_unit_id", "document__issuer_id").distinct()):
        units.add(resp or issuer)
    UnitCounts.objects.bulk_create([UnitCounts(unit_id=pk) for pk in sorted(units)], batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ('planning', '0009_i11d_taskstate_sent'),
        ('tenancy', '0002_i12b_second_factor'),
    ]

    operations = [
        migrations.CreateModel(
            name='UnitCounts',
            fields=[
                ('unit', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='counts', serialize=False, to='tenancy.unit')),
                ('day', models.DateField(blank=True, null=True, verbose_name='ngày')),
                ('tasks', models.PositiveIntegerField(default=0)),
                ('on_time', models.PositiveIntegerField(default=0)),
                ('done', models.PositiveIntegerField(default=0)),
                ('reported', models.PositiveIntegerField(default=0)),
                ('overdue', models.PositiveIntegerField(default=0)),
                ('targets', models.PositiveIntegerField(default=0)),
                ('met', models.PositiveIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'số đếm nhiệm vụ, chỉ tiêu của đơn vị',
                'verbose_name_plural': 'số đếm nhiệm vụ, chỉ tiêu của đơn vị',
            },
        ),
        migrations.RunPython(rows_to_count, migrations.RunPython.noop, elidable=True),
    ]
