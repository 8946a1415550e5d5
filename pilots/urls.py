from django.urls import path

from . import views

app_name = "pilots"

urlpatterns = [
    path("", views.pilot_list, name="pilot_list"),
    path("<slug:slug>/", views.pilot_detail, name="pilot_detail"),
]
