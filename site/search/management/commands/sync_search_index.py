"""`manage.py sync_search_index`: apply pending index changes now (cron-friendly; the worker also does it)."""

from django.core.management.base import BaseCommand, CommandError

from search.outbox import apply_pending


class Command(BaseCommand):
    help = "Apply index changes that are still pending (e.g. saved while Elasticsearch was down)."

    def handle(self, *args, **options):
        total = 0
        while True:
            applied, pending = apply_pending()
            total += applied
            if not applied:
                break
        self.stdout.write(f"applied {total}, pending {pending}")
        if pending:
            raise CommandError(f"{pending} change(s) still pending: is Elasticsearch reachable?")
