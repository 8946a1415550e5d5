"""What every published record shares: the rule for what the public sees, and its list of sources."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_source_lines(value):
    """Sources are one absolute http(s) URL per line."""
    check = URLValidator(schemes=["http", "https"])
    for number, line in enumerate(value.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            check(line)
        except ValidationError:
            raise ValidationError(
                _("Line %(number)s is not a web address starting with http:// or https://: %(line)s"),
                params={"number": number, "line": line[:200]},
                code="invalid_source",
            ) from None


def sources_field():
    """Links to the documents a record is based on, one URL per line."""
    return models.TextField(
        _("sources"), blank=True, validators=[validate_source_lines], help_text=_("One web address (URL) per line.")
    )


def title_unverified_field():
    """Whether the title is the portal's own translation: no source confirms an official title in that language.
    Translated (one box per language); the page then says so."""
    return models.BooleanField(
        _("title is the portal's translation"),
        default=False,
        help_text=_("Tick when no source confirms an official title in this language: the page then says so."),
    )


def split_lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class PublishedQuerySet(models.QuerySet):
    """The one rule for what the public may see, used by every view, the sitemap and the API."""

    related = ()

    def published_condition(self):
        return models.Q(published=True)

    def published(self):
        return self.filter(self.published_condition()).select_related(*self.related)

    def visible_to(self, user):
        """Staff also see unpublished records (drafts); everyone else sees what is published."""
        if user.is_staff:
            return self.select_related(*self.related)
        return self.published()
