"""`manage.py rebuild_search_index [--check]`: a new versioned index, swapped in atomically.

Search keeps answering from the old index the whole time: the new one is built beside it, the alias
moves in one request, the old index is deleted, and changes saved while the build ran are re-applied.
"""

import sys
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tqdm import tqdm

from search import registry
from search.es import content_alias, get_client, is_configured
from search.index import (
    bulk_load,
    counts_by_type,
    create_index,
    index_meta,
    new_index_name,
    public_total,
    swap_alias,
)
from search.outbox import reapply_since


class Command(BaseCommand):
    help = "Rebuild the site search index without an empty moment (or --check its counts)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare document counts with the database")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, check, no_progress, **options):
        if not is_configured():
            raise CommandError(
                "ELASTICSEARCH_URL is not set: the site searches the database, nothing to build."
            )
        client = get_client()
        if check:
            return self.check_counts(client)
        self.rebuild(client, progress=not no_progress and options["verbosity"] > 0)

    def rebuild(self, client, progress):
        # Changes saved from here on are re-applied after the swap (a second of slack for clock steps).
        started = timezone.now() - timedelta(seconds=1)
        total = public_total()
        index = create_index(client, new_index_name())
        began = timezone.now()
        bar = tqdm(total=total, unit="doc", desc=index, disable=not progress, file=sys.stderr)
        try:
            indexed, errors = bulk_load(client, index, bar)
        except Exception as exc:
            client.indices.delete(index=index, ignore_unavailable=True)
            raise CommandError(f"bulk load failed, {content_alias()} is unchanged: {exc}") from exc
        finally:
            bar.close()
        if errors:
            client.indices.delete(index=index, ignore_unavailable=True)
            raise CommandError(
                f"{len(errors)} document(s) failed, {content_alias()} is unchanged: {errors[:3]}"
            )
        old = swap_alias(client, index)
        for name in old:
            client.indices.delete(index=name, ignore_unavailable=True)
        reapplied = reapply_since(started, client)
        seconds = max((timezone.now() - began).total_seconds(), 0.001)
        self.stdout.write(
            f"{content_alias()} → {index}: {indexed} documents in {seconds:.1f} s "
            f"({indexed / seconds:.0f} docs/s); {reapplied} change(s) re-applied; removed {len(old)} old index(es)"
        )

    def check_counts(self, client):
        meta = index_meta(client, max_age=0)
        in_index = counts_by_type(client)
        ok = True
        self.stdout.write(
            f"{content_alias()}: analyzers {meta.get('analyzers') or ['core']}, "
            f"synonyms {meta.get('synonyms_version', '?')}, schema {meta.get('schema', '?')}"
        )
        for searchable in registry.all_searchables():
            expected = searchable.queryset().count()
            actual = in_index.pop(searchable.key, 0)
            mark = "OK" if expected == actual else "DIFF"
            ok &= expected == actual
            self.stdout.write(f"  {mark:4} {searchable.key:12} database {expected:6}  index {actual:6}")
        for key, actual in in_index.items():
            ok = False
            self.stdout.write(
                f"  DIFF {key:12} database      -  index {actual:6} (type no longer registered)"
            )
        if not ok:
            raise CommandError("the index differs from the database: run rebuild_search_index")
