# Merges the wave-2 branches of this app.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('planning', '0004_i09a_target_reporting_units'),
        ('planning', '0004_i09b_tracking'),
        ('planning', '0005_i17b_link_amends'),
    ]

    operations = [
    ]
