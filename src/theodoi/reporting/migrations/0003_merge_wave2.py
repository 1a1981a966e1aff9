# Merges the wave-2 branches of this app.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0002_i12b_signature_images'),
        ('reporting', '0002_i13_report_recipient'),
    ]

    operations = [
    ]
