"""The academy's own public URLs, mounted under /xuetang/ (the 学堂 brand page's path) before Wagtail's
pages, on prefixes no academy page uses (enroll/, enrollment/, certificate/)."""

from django.urls import path

from . import views

app_name = "academy"

urlpatterns = [
    path("enroll/<int:session_id>/", views.enroll_page, name="enroll"),
    path("enrollment/<int:registration_id>/cancel/", views.cancel_enrollment, name="cancel"),
    path("enrollment/<int:registration_id>/calendar.ics", views.enrollment_calendar, name="calendar"),
    path("certificate/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path("certificate/<str:code>/pdf/", views.certificate_download, name="certificate_pdf"),
]
