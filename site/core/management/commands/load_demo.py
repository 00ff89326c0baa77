"""`manage.py load_demo [--seed N]`: deterministic, rerunnable demo content for every app."""

import time
from importlib import import_module

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from core.demo import DemoContext


def resolve(dotted):
    module_name, function_name = dotted.rsplit(".", 1)
    return getattr(import_module(module_name), function_name)


class Command(BaseCommand):
    help = "Load the demo site (idempotent: a second run with the same seed changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2023, help="random seed (default 2023)")
        parser.add_argument("--skip-index", action="store_true", help="do not rebuild the search index")

    def handle(self, *args, seed, skip_index, **options):
        started = time.monotonic()
        ctx = DemoContext(seed=seed, stdout=self.stdout, style=self.style)
        self.stdout.write(f"加载演示内容（seed={seed}）…")
        steps = settings.DEMO_STEPS
        with transaction.atomic():
            for number, (dotted, label) in enumerate(steps, start=1):
                self.stdout.write(f"[{number}/{len(steps)}] {label}")
                resolve(dotted)(ctx)
        if not skip_index:
            self.stdout.write("重建搜索索引…")
            call_command("update_index", verbosity=0)
            if settings.ELASTICSEARCH_URL:
                call_command("rebuild_search_index", no_progress=True, stdout=self.stdout)
        s = ctx.stats
        self.stdout.write(
            self.style.SUCCESS(
                f"完成：新建 {s['created']}，更新 {s['updated']}，未变 {s['unchanged']}"
                f"（{time.monotonic() - started:.1f} 秒）"
            )
        )
