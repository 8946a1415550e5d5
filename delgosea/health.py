"""The probe a load balancer or uptime monitor polls: is this process able to serve pages?

It is answered by HealthCheckMiddleware, first in MIDDLEWARE, before anything looks at the request's host
or scheme: a load balancer probes each instance by its own address (`Host: 10.0.0.5:8000`), which is not
one of the portal's ALLOWED_HOSTS, and over plain HTTP, which SECURE_SSL_REDIRECT would redirect. It
reveals nothing and changes nothing, so it needs neither check.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)
PATH = "/healthz"


@never_cache
def healthz(request):
    """200 "ok" when the database answers a trivial query, 503 otherwise (every page needs the database)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH:
            return healthz(request)
        return self.get_response(request)
