"""The site's URLs plus /bench-ok/: a trivial Django view through the same middleware."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def ok(request):
    return HttpResponse("ok")


urlpatterns = [path("bench-ok/", ok), *site_urlpatterns]
