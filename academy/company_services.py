"""一企一档: the course sessions a company's people enrolled in (the insights app's `company_services` hook)."""

from wagtail import hooks

from registrations.people import company_registrations


@hooks.register("company_services")
def course_enrollments(company):
    return company_registrations(company, "course_session", "课程报名")
