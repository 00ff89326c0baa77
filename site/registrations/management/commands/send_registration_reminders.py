from django.core.management.base import BaseCommand

from registrations.engine import send_reminders


class Command(BaseCommand):
    help = "Mail confirmed registrants the day before what they registered for (run hourly; each person gets one mail)."

    def handle(self, *args, **options):
        count = send_reminders()
        self.stdout.write(f"已发送提醒：{count}")
