from .pages import EventIndexPage, EventPage, EventType, with_seat_counts
from .registration import (
    ACTIVE_STATUSES,
    SEAT_STATUSES,
    Registration,
    RegistrationExport,
    RegistrationStatus,
    RegistrationTarget,
)

__all__ = [
    "ACTIVE_STATUSES",
    "SEAT_STATUSES",
    "EventIndexPage",
    "EventPage",
    "EventType",
    "Registration",
    "RegistrationExport",
    "RegistrationStatus",
    "RegistrationTarget",
    "with_seat_counts",
]
