from django.core.management.base import BaseCommand

from registrations.engine import expire_offers


class Command(BaseCommand):
    help = "Pass unclaimed waitlist offers on to the next person (run every few minutes from a scheduler)."

    def handle(self, *args, **options):
        count = expire_offers()
        self.stdout.write(f"过期的递补名额：{count}")
