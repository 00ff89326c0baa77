"""The registration form on an event page: EventPage's `register/` route calls in here with itself.

This module never imports the page models (models never import views, and views get the page passed in).
"""

import uuid

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from registrations import engine, ratelimit
from registrations.forms import RegistrationForm
from registrations.links import registration_path


def registration_form(page, request, data=None, shared=False):
    """`shared`: the form on a page every anonymous reader gets (and caches keep): no submission key of its
    own; the browser fetches its key and CSRF token just before sending (registrations.views.form_key)."""
    form = RegistrationForm(
        data,
        target=page.registration_target,
        questions=page.registration_questions(),
        user=getattr(request, "user", None),
    )
    if shared:
        form.initial["submission_key"] = ""
    return form


def _whole(page):
    """The page with every field (the submit endpoint reads only what a successful POST needs) for a render."""
    if not page.get_deferred_fields():
        return page
    whole = type(page).objects.get(pk=page.pk)
    whole.registration_target = page.registration_target
    return whole


def confirm_registration(request, page):
    """A POST without a valid CSRF token (a cached page with JavaScript off): nothing is saved; the form comes
    back with the person's answers, their own token and a fresh key, and asks them to send it once more."""
    page = _whole(page)
    if page.registration_target is None or not page.registration_enabled:
        raise Http404
    data = request.POST.copy()
    if not data.get("submission_key"):
        data["submission_key"] = uuid.uuid4().hex
    form = registration_form(page, request, data)
    context = page.get_context(request)
    context.update(form=form, form_shared=False, form_confirm=True)
    return TemplateResponse(request, page.get_template(request), context)


def register_for_event(request, page):
    """POST of the form on an event page. Errors re-render the page with the messages next to the fields."""
    target = page.registration_target
    if target is None or not page.registration_enabled:
        raise Http404
    # The window only: seats are counted by the engine under its lock (a full event refuses there).
    state = engine.registration_state(target, page, seats_taken=0)
    form = registration_form(page, request, request.POST)
    if not ratelimit.hit(request, target.pk):
        form.is_valid()
        form.add_error(None, _("提交过于频繁，请 10 分钟后再试。"))
        return _render_with_form(request, page, form, status=429)
    if form.is_spam:
        # Bots get an answer that looks normal, and nothing is saved.
        return TemplateResponse(
            request, "registrations/registration_spam.html", {"page": _whole(page)}, status=200
        )
    if not state.can_register:
        form.is_valid()
        form.add_error(None, state.label)
        return _render_with_form(request, page, form, status=400)
    if not form.is_valid():
        return _render_with_form(request, page, form, status=400)
    try:
        registration, _created = engine.register(
            target, form.applicant(request.user), submission_key=form.cleaned_data.get("submission_key", "")
        )
    except engine.RegistrationRefused as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        return _render_with_form(request, page, form, status=400)
    return redirect(registration_path(registration))


def _render_with_form(request, page, form, status):
    page = _whole(page)
    context = page.get_context(request)
    context["form"] = form
    context["form_shared"] = False
    context["form_has_errors"] = True
    return TemplateResponse(request, page.get_template(request), context, status=status)
