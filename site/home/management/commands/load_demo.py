"""`manage.py load_demo [--seed N]`: deterministic, rerunnable demo content for every app."""

import time
from importlib import import_module

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from home.demo import DEMO_PASSWORD
from home.demo_utils import DemoContext

# Each step is "module.function"; later steps may use what earlier ones put in ctx.objects.
STEPS = [
    ("home.demo.site_tree", "页面树"),
    ("home.demo.site_settings", "站点信息"),
    ("brand.demo.brand_pages", "服务品牌"),
    ("brand.demo.brand_catalogues", "专家、服务产品与驿站"),
    ("news.demo.news", "新闻与政策"),
    ("home.demo.about_pages", "关于我们"),
    ("events.demo.events", "活动与报名"),
    ("carriers.demo.carriers", "一图一库"),
    ("home.demo.home_sections", "首页版块"),
    ("home.demo.users", "演示用户"),
]


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
        with transaction.atomic():
            for number, (dotted, label) in enumerate(STEPS, start=1):
                self.stdout.write(f"[{number}/{len(STEPS)}] {label}")
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
        self.stdout.write(f"后台 /admin/ 账号：admin / editor / moderator，密码 {DEMO_PASSWORD}")
