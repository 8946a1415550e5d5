"""WSGI entry point for gunicorn and other WSGI servers."""

import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "delgosea.settings")
application = get_wsgi_application()

# Django, the apps and the views live as long as the process: frozen out of the garbage collector's sight, its
# full collections stall a worker far more briefly.
import_module(settings.ROOT_URLCONF)
gc.collect()
gc.freeze()
