from django.urls import path

from . import views

app_name = "practices"

urlpatterns = [
    path("practices/", views.practice_list, name="practice_list"),
    path("practices/<slug:slug>/", views.practice_detail, name="practice_detail"),
    path("compare/", views.compare, name="compare"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme_detail"),
]
