"""Freeze the plan's figures for a quarter (cron: 00:30 on 1 Jan/Apr/Jul/Oct freezes the quarter just ended)."""

from django.core.management.base import BaseCommand, CommandError

from insights.snapshots import freeze_quarter, last_ended_quarter, parse_quarter


class Command(BaseCommand):
    help = "冻结一个季度的计划进度数据（默认：上一个已结束的季度）；已冻结的季度不会改变。"

    def add_arguments(self, parser):
        parser.add_argument("--quarter", help="如 2026Q3；默认为上一个已结束的季度")

    def handle(self, *args, quarter=None, **options):
        try:
            year, q = parse_quarter(quarter) if quarter else last_ended_quarter()
        except ValueError as error:
            raise CommandError(f"季度格式应为 2026Q3：{error}") from None
        snapshot, created = freeze_quarter(year, q, source="command")
        verb = "已冻结" if created else "此前已冻结，未改动"
        self.stdout.write(f"{snapshot.label}：{verb}（{snapshot.taken_at:%Y-%m-%d %H:%M}）")
