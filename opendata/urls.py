from django.urls import path, re_path

from . import views

app_name = "opendata"

urlpatterns = [
    path("open-data/", views.codebook, name="codebook"),
    re_path(r"^practices/export\.(?P<fmt>csv|json)$", views.practice_export, name="practice_export"),
    re_path(r"^municipalities/export\.(?P<fmt>csv|json)$", views.municipality_export, name="municipality_export"),
    re_path(r"^pilots/export\.(?P<fmt>csv|json)$", views.pilot_export, name="pilot_export"),
    re_path(r"^documents/export\.(?P<fmt>csv|json)$", views.document_export, name="document_export"),
]
