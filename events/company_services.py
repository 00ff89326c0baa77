"""一企一档: the events a company's people registered for (the insights app's `company_services` hook)."""

from wagtail import hooks

from registrations.people import company_registrations


@hooks.register("company_services")
def event_registrations(company):
    return company_registrations(company, "event", "活动报名")
