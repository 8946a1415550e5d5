"""Paging for the public lists: a bad or out-of-range page number is explained, never an error."""

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

PER_PAGE = 20


class CountedPaginator(Paginator):
    """A paginator told how many records there are, for a list whose filters have counted them already."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached property: this is its cached value.


def paginate(request, queryset, per_page=PER_PAGE, *, count=None):
    """Return (page, notices) for the `page` query parameter. `count`, when given, is how many records
    `queryset` holds: a COUNT query saved."""
    paginator = Paginator(queryset, per_page) if count is None else CountedPaginator(queryset, per_page, count=count)
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
