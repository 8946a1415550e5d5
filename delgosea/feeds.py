"""The Atom feed of new and changed records, one per language (Django's syndication framework)."""

from datetime import timedelta
from heapq import merge
from itertools import islice

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from documents.models import Document
from partners.models import Partner
from pilots.models import Pilot
from practices.models import BestPractice, Municipality

ENTRIES = 30
# Saving a new record in the admin may touch it again within moments (inlines, history); that is still "new".
NEW_WITHIN = timedelta(minutes=1)


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = _("DELGOSEA Knowledge Portal: new and changed records")
    subtitle = _("Best practices, pilots, local governments, partners and documents as they are added and edited.")

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The generator writes the feed in hundreds of small pieces, which the server would send one by one (and
        # the page cache would store so): one piece.
        response.content = response.content
        return response

    def link(self):
        return reverse("home")

    def feed_url(self):
        return reverse("feed")

    def items(self):
        """The latest edits of every kind, newest first: a few rows from each table, merged."""
        kinds = [
            BestPractice.objects.published().for_cards(),
            Pilot.objects.published().select_related("municipality", "practice"),
            Municipality.objects.published(),
            Partner.objects.published(),
            Document.objects.published(),
        ]
        latest = (kind.order_by("-updated", "-pk")[:ENTRIES] for kind in kinds)
        return list(islice(merge(*latest, key=lambda record: record.updated, reverse=True), ENTRIES))

    def item_title(self, item):
        return f"{capfirst(item._meta.verbose_name)}: {item}"

    def item_description(self, item):
        if item.updated - item.created < NEW_WITHIN:
            return gettext("Added to the portal.")
        return gettext("Changed since it was added.")

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return item.updated
