"""An index on wagtailcore_page.url_path: every public request routes its URL by url_path
(core/public_pages.py reads the pages a URL names in one query), which Wagtail leaves unindexed, so each
request read the whole page table. Created here because the table is Wagtail's; plain SQL that both
PostgreSQL and SQLite accept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_export_record"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS core_page_url_path ON wagtailcore_page (url_path)",
            reverse_sql="DROP INDEX IF EXISTS core_page_url_path",
        ),
    ]
