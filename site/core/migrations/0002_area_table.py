"""`Area`'s table takes core's name (carriers_area -> core_area); foreign keys pointing at it follow the
rename (PostgreSQL keeps constraints by table oid, SQLite rewrites references). Reversible."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("carriers", "0003_area_moved_to_core"),
        ("brand", "0004_area_moved_to_core"),
    ]

    operations = [migrations.AlterModelTable(name="area", table=None)]
