"""Signed links that let a requester follow one request without an account (like registrations' links).
The token signs the request's random code, so it can be neither guessed nor turned into another request's."""

from django.core import signing
from django.urls import reverse

from .models.requests import ServiceRequest

SALT = "brand.request.link"


def request_token(request):
    return signing.Signer(salt=SALT).sign(request.code)


def request_from_token(token):
    try:
        code = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return ServiceRequest.objects.filter(code=code).first()


def request_path(request, action=""):
    name = {
        "": "brand:request",
        "message": "brand:message",
        "withdraw": "brand:withdraw",
        "rate": "brand:rate",
    }
    return reverse(name[action], args=[request_token(request)])
