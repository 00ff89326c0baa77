"""Who sees which requests in the admin. Staff with `brand.view_servicerequest` see the whole inbox; a
provider's own people (ServiceProvider.staff) see and answer only their provider's requests, nothing else."""

from .models.requests import ServiceProvider, ServiceRequest

CONTACT_PERMISSION = "brand.view_servicerequest_contact"


def provider_ids(user):
    return list(ServiceProvider.objects.filter(staff=user).values_list("pk", flat=True))


def inbox_scope(user):
    """('all', None), ('providers', [ids]) or (None, None) for someone who may not use the inbox."""
    if not user.is_active:
        return None, None
    if user.has_perm("brand.view_servicerequest"):
        return "all", None
    ids = provider_ids(user)
    return ("providers", ids) if ids else (None, None)


def visible_requests(user):
    scope, ids = inbox_scope(user)
    if scope == "all":
        return ServiceRequest.objects.all()
    if scope == "providers":
        return ServiceRequest.objects.filter(provider_id__in=ids)
    return ServiceRequest.objects.none()


def can_use_inbox(user):
    return inbox_scope(user)[0] is not None


def can_answer(user, request):
    """Change permission for staff; a provider's people may answer their own provider's requests."""
    scope, ids = inbox_scope(user)
    if scope == "all":
        return user.has_perm("brand.change_servicerequest")
    return scope == "providers" and request.provider_id in ids


def can_see_contact(user):
    return user.has_perm(CONTACT_PERMISSION)
