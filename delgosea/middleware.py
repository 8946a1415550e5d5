"""HEAD answered without a body, response headers Django does not set by itself, the Host port check, login
throttling's address and limits, read-only public pages, and the page shown while the database is unavailable."""

import logging

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.db.models import Sum
from django.http import HttpResponseNotAllowed
from django.http.request import split_domain_port
from django.shortcuts import render

logger = logging.getLogger(__name__)
# A restarting database is usually back within seconds; a failover takes longer.
RETRY_AFTER_SECONDS = "30"

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)


class HeadWithoutBodyMiddleware:
    """A HEAD response has the status and headers a GET would get, Content-Length included, and no body (RFC 9110
    §9.3.2). Django's runserver and test client drop the body themselves, but a WSGI server leaves it to the
    application: gunicorn drops it too, with a warning per request. First in MIDDLEWARE, so it sees every
    response, cached pages, redirects, the health probe and static files included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "HEAD":
            return response
        if response.streaming:
            response.streaming_content = []  # the file or generator is closed with the response, unread
        else:
            response.headers.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


def client_ip(request):
    """The visitor's address as the one trusted reverse proxy saw it (django-axes counts failed logins by it).

    The proxy appends that address to X-Forwarded-For, so only the last entry is trusted: the ones before it
    come from the visitor and may be forged.
    """
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    return hops[-1] if hops else request.META.get("REMOTE_ADDR")


def login_failure_limit(request, credentials):
    """django-axes compares one limit with the most failures of any AXES_LOCKOUT_PARAMETERS combination, which is
    always the address's total over every user name: it gets the higher limit until this name uses up its own."""
    account_from_address = AxesProxyHandler.get_implementation().get_user_attempts(request, credentials)[0]
    failures = account_from_address.aggregate(total=Sum("failures_since_start"))["total"] or 0
    if failures >= settings.LOGIN_FAILURES_PER_ACCOUNT:
        return settings.LOGIN_FAILURES_PER_ACCOUNT
    return settings.LOGIN_FAILURES_PER_ADDRESS


class HostPortMiddleware:
    """Refuses (400, as for a host not in ALLOWED_HOSTS) a Host header naming a port the request did not reach.

    ALLOWED_HOSTS ignores ports, and pages write the host into their canonical, language and share links:
    without this, any port a visitor typed would be echoed into them and cached. A Host may name a port
    only if it is SERVER_PORT, the one the server answers on (`make run`: 127.0.0.1:8000); a proxy sends the
    visitor's host without a port (nginx `$host`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = request.META.get("HTTP_HOST", "")
        port = split_domain_port(host)[1]
        if port and port != str(request.META.get("SERVER_PORT")):
            raise DisallowedHost(f"Invalid HTTP_HOST header: {host!r}. The request did not reach port {port}.")
        return self.get_response(request)


class ReadOnlyMiddleware:
    """Public pages answer GET and HEAD only: any other method gets 405 with an empty body, before CSRF or a view
    sees it, so no new page can forget it. The admin takes writes; the API's GET-only routes answer 405 themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") and not request.path_info.startswith(("/admin/", "/api/")):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A view whose database is down, or whose connection is cut mid-way, answers 503 "try again shortly" in the
    page's language instead of a server error. The page reads nothing from the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("The database is unavailable: %s answered 503", request.path, exc_info=exception)
        return database_unavailable(request)


def database_unavailable(request):
    """The 503 page: it reads nothing from the database, so it renders while the database is down."""
    response = render(request, "503.html", status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response
