"""`{% enrollment_panel session as panel %}`: the enroll panel's state for the visitor (see
theme/templates/academy/includes/enroll_panel.html, which course pages include once per session)."""

from urllib.parse import quote

from django import template
from django.conf import settings
from django.shortcuts import resolve_url

from academy import enrollment
from academy.forms import EnrollForm
from registrations.links import registration_path

register = template.Library()


@register.simple_tag(takes_context=True)
def enrollment_panel(context, session):
    request = context.get("request")
    user = getattr(request, "user", None)
    panel = enrollment.enrollment_panel(session, user)
    form = None
    if panel.can_enroll and getattr(user, "is_authenticated", False):
        # The enroll page passes back a form with errors; course pages get a fresh one per session.
        form = context.get("enroll_form") or EnrollForm(user=user, session=session)
    next_path = request.get_full_path() if request is not None else "/"
    return {
        "panel": panel,
        "form": form,
        "registration_url": registration_path(panel.registration) if panel.registration else "",
        "login_url": f"{resolve_url(settings.LOGIN_URL)}?next={quote(next_path)}",
    }
