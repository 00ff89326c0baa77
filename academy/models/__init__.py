"""浦东孵化学堂 (seed policy, task 18): tracks, mentors (导师库), courses with dated sessions and their class
meetings, attendance and certificates. Enrollment is a registration in the shared engine: a course session
owns a RegistrationTarget (kind "course_session") as an event does."""

from .courses import CourseFormat, CourseIndexPage, CoursePage
from .mentors import MentorIndexPage, MentorPage
from .records import Attendance, Certificate
from .sessions import ClassMeeting, CourseSession
from .taxonomies import Track

__all__ = [
    "Attendance",
    "Certificate",
    "ClassMeeting",
    "CourseFormat",
    "CourseIndexPage",
    "CoursePage",
    "CourseSession",
    "MentorIndexPage",
    "MentorPage",
    "Track",
]
