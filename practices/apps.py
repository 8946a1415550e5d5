from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Best practices")

    def ready(self):
        from django.db.backends.signals import connection_created

        from delgosea.cache import connect_signals

        from .search import install_sqlite_functions

        connect_signals()
        connection_created.connect(install_sqlite_functions, dispatch_uid="practices.search")
