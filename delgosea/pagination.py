"""Paging for the public lists, and rendering a page that explains what it did not understand."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

PER_PAGE = 20


def paginate(request, queryset, per_page=PER_PAGE):
    """Return (page, notices) for the `page` query parameter: a bad or out-of-range number is explained."""
    paginator = Paginator(queryset, per_page)
    raw = request.GET.get("page", "1")
    notices = []
    try:
        number = int(raw)
    except (TypeError, ValueError):
        notices.append(_("“%(page)s” is not a page number; showing the first page.") % {"page": raw[:20]})
        number = 1
    if number < 1:
        notices.append(_("Page numbers start at 1; showing the first page."))
        number = 1
    elif number > paginator.num_pages:
        notices.append(
            _("There is no page %(page)s; showing the last page, %(last)s.")
            % {"page": number, "last": paginator.num_pages}
        )
        number = paginator.num_pages
    return paginator.page(number), notices


def render_list(request, template, context, **kwargs):
    """render(), and a page that explains values it did not understand (its `notices`) is kept out of the shared
    page cache: every misspelt query string would otherwise store a page of its own."""
    response = render(request, template, context, **kwargs)
    if context.get("notices"):
        patch_cache_control(response, private=True)
    return response


def list_page(request, filterset, template, **context):
    """A filtered list: a page of `filterset`'s results, with what neither the filters nor the paging understood."""
    page, page_notices = paginate(request, filterset.qs)
    context |= {"filter": filterset, "page": page, "notices": filterset.notices + page_notices}
    return render_list(request, template, {"query": filterset.data.get("q", ""), **context})
