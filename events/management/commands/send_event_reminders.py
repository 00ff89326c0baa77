from django.core.management.base import BaseCommand

from events.engine import send_reminders


class Command(BaseCommand):
    help = "Mail confirmed registrants the day before their event (run hourly; each person gets one mail)."

    def handle(self, *args, **options):
        count = send_reminders()
        self.stdout.write(f"已发送活动提醒：{count}")
