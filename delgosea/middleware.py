"""Response headers Django does not set by itself, the Host port check, and the visitor's address behind the proxy."""

from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)


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
