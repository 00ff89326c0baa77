"""Freezing a quarter's figures. Idempotent: a quarter already frozen is left exactly as it was."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from .figures import compute_figures
from .models import QuarterSnapshot, quarter_of


def last_ended_quarter(today=None):
    """The quarter that ended before `today`'s quarter began: the one a cron run on the 1st freezes."""
    today = today or timezone.localdate()
    year, quarter = quarter_of(today)
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def freeze_quarter(year, quarter, user=None, source="command", figures=None):
    """(snapshot, created). An existing snapshot is returned untouched, whatever the data says now."""
    existing = QuarterSnapshot.objects.filter(year=year, quarter=quarter).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            snapshot = QuarterSnapshot.objects.create(
                year=year,
                quarter=quarter,
                figures=figures if figures is not None else compute_figures(),
                taken_by=user,
                source=source,
            )
    except IntegrityError:  # a concurrent run froze it first
        return QuarterSnapshot.objects.get(year=year, quarter=quarter), False
    return snapshot, True


def parse_quarter(text):
    """'2026Q3' or '2026-Q3' -> (2026, 3); ValueError otherwise."""
    cleaned = text.strip().upper().replace("-", "")
    year, sep, quarter = cleaned.partition("Q")
    if not sep or not year.isdigit() or quarter not in {"1", "2", "3", "4"}:
        raise ValueError(text)
    year = int(year)
    if not 2000 <= year <= datetime.date.today().year + 1:
        raise ValueError(text)
    return year, int(quarter)
