"""The baseline of `make bench` (scripts/bench.py): the cheapest response Django can give, through the same
server and middleware as every page, so each page's throughput can be read as a share of it. Routed only when
the environment says BENCH=1 (see delgosea/urls.py)."""

from django.http import HttpResponse


def trivial(request):
    return HttpResponse("ok\n", content_type="text/plain")
