"""Wagtail's update_index, plus the database search's table (load_demo and deployments already run it)."""

from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

from search.table import rebuild_table


class Command(WagtailUpdateIndex):
    def handle(self, **options):
        super().handle(**options)
        count = rebuild_table()
        if options.get("verbosity", 1):
            self.stdout.write(f"数据库检索：{count} 条")
