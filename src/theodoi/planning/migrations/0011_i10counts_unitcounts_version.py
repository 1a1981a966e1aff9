"""Each unit's counts get a version (``UnitCounts.version``): the writes now only mark a row stale
(``day`` None, the version one up) and the counts are written back only where the version is still
the one read before counting (``planning.services.counts``). The rows there are keep their counts and
start at 0."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('planning', '0010_i11nat_unit_counts'),
    ]

    operations = [
        migrations.AddField(
            model_name='unitcounts',
            name='version',
            field=models.PositiveBigIntegerField(default=0, verbose_name='phiên bản'),
        ),
    ]
