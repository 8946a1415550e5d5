from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Best practices")

    def ready(self):
        from delgosea.cache import connect_signals

        connect_signals()
