"""The admin dashboard panel: per course, how full its open and upcoming sessions are and how many of the
trainees of its finished sessions completed, drawn as server-rendered SVG bars beside a table with the same
numbers (the table is what screen readers and printouts use)."""

from django.utils import timezone

from wagtail.admin.ui.components import Component

from registrations.models import with_seat_counts

from .completion import completion_by_course
from .models import CourseSession

MAX_COURSES = 10
LABEL_WIDTH = 210
BAR_WIDTH = 330
ROW_HEIGHT = 40


def _rate(part, whole):
    return round(100 * part / whole) if whole else None


def course_stats(now=None):
    """Rows of {course, taken, capacity, fill, finished, certified, completion}, busiest courses first,
    in three queries whatever the number of courses and sessions."""
    now = now or timezone.now()
    sessions = with_seat_counts(
        CourseSession.objects.select_related("course", "registration_target").order_by("course_id", "pk")
    )
    by_course = {}
    for session in sessions:
        row = by_course.setdefault(
            session.course_id, {"course": session.course, "taken": 0, "capacity": 0, "open_sessions": 0}
        )
        target = session.registration_target
        ended = target is not None and target.ends_at is not None and target.ends_at <= now
        if not ended and session.capacity:
            row["taken"] += session.seats_taken
            row["capacity"] += session.capacity
            row["open_sessions"] += 1
    completion = completion_by_course(list(by_course))
    rows = []
    for course_id, row in by_course.items():
        finished, certified = completion[course_id]
        row.update(
            fill=_rate(row["taken"], row["capacity"]),
            finished=finished,
            certified=certified,
            completion=_rate(certified, finished),
        )
        rows.append(row)
    rows.sort(key=lambda r: (-(r["taken"] + r["finished"]), r["course"].title))
    return rows[:MAX_COURSES]


def chart(rows):
    """Geometry of the bar chart: two bars per course (fill rate, completion rate)."""
    bars = []
    for index, row in enumerate(rows):
        y = index * ROW_HEIGHT
        bars.append(
            {
                "label": row["course"].title[:16] + ("…" if len(row["course"].title) > 16 else ""),
                "label_y": y + 22,
                "fill_y": y + 6,
                "completion_y": y + 21,
                "fill_width": round(BAR_WIDTH * (row["fill"] or 0) / 100, 1),
                "completion_width": round(BAR_WIDTH * (row["completion"] or 0) / 100, 1),
                "fill": row["fill"],
                "completion": row["completion"],
                "text_x_fill": LABEL_WIDTH + round(BAR_WIDTH * (row["fill"] or 0) / 100, 1) + 6,
                "text_x_completion": LABEL_WIDTH + round(BAR_WIDTH * (row["completion"] or 0) / 100, 1) + 6,
            }
        )
    return {
        "bars": bars,
        "width": LABEL_WIDTH + BAR_WIDTH + 60,
        "height": max(len(rows), 1) * ROW_HEIGHT + 10,
        "label_width": LABEL_WIDTH,
        "bar_width": BAR_WIDTH,
    }


class CourseStatsPanel(Component):
    name = "academy_course_stats"
    template_name = "academy/admin/dashboard_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        rows = course_stats()
        return {"rows": rows, "chart": chart(rows), "request": parent_context.get("request")}
