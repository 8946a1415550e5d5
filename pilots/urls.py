from django.urls import path

from . import views

app_name = "pilots"

urlpatterns = [
    path("pilots/", views.pilot_list, name="pilot_list"),
    path("pilots/<slug:slug>/", views.pilot_detail, name="pilot_detail"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/map.svg", views.transfer_map, name="transfer_map"),
]
