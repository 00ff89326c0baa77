from django.urls import path

from . import views

app_name = "registrations"

urlpatterns = [
    path("mine/", views.my_registrations, name="mine"),
    path("lookup/", views.lost_mail, name="lookup"),  # before <token>/, which would take "lookup"
    path("form-key/", views.form_key, name="form_key"),
    path("submit/<int:target_id>/", views.submit, name="submit"),
    path("<str:token>/", views.registration_detail, name="registration"),
    path("<str:token>/cancel/", views.cancel_registration, name="cancel"),
    path("<str:token>/claim/", views.claim_registration, name="claim"),
    path("<str:token>/ticket.png", views.ticket_qr, name="qr"),
    path("<str:token>/calendar.ics", views.registration_ics, name="ics"),
]
