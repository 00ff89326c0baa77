from django.urls import path

from . import views

app_name = "brand"
urlpatterns = [
    path("request/<int:page_id>/", views.submit_request, name="submit"),
    path("requests/<str:token>/", views.request_detail, name="request"),
    path("requests/<str:token>/message/", views.add_message, name="message"),
    path("requests/<str:token>/withdraw/", views.withdraw_request, name="withdraw"),
    path("requests/<str:token>/rate/", views.rate_request, name="rate"),
    path("providers/<slug:slug>/", views.provider_detail, name="provider"),
    path("stations.geojson", views.station_geojson, name="station_geojson"),
]
