"""Pilots: local governments that copied ("transferred") a DELGOSEA best practice."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from delgosea.records import PublishedQuerySet, sources_field, split_lines, title_unverified_field
from practices.models import LONG_TEXTS, BestPractice, Municipality
from practices.names import place_order


class PilotQuerySet(PublishedQuerySet):
    related = ("municipality__country", "practice__theme", "practice__municipality__country")

    def published_condition(self):
        # A pilot is public only while the practice it copied is public too.
        return models.Q(published=True, practice__published=True)

    def for_cards(self):
        """What a pilot card shows, in the lists' order (by place name), without the practices' long texts."""
        return self.defer(*(f"practice__{name}" for name in LONG_TEXTS)).by_place()

    def by_place(self):
        """A–Z by the name of the pilot's town in the active language, as the town list sorts it."""
        return self.order_by(*place_order("municipality__"), "slug")


class Pilot(models.Model):
    """A replication project; the public reads it at /pilots/<slug>/ and on the practice it copied."""

    class Stage(models.TextChoices):
        CONCEPT = "concept", _("transfer concept")
        PREPARATION = "preparation", _("groundwork and preparation")
        IMPLEMENTATION = "implementation", _("implementation under way")
        IMPLEMENTED = "implemented", _("implemented")
        SCALED_UP = "scaled_up", _("implemented and extended")

    class Award(models.TextChoices):
        EXCELLENCE = "excellence", _("Award of Excellence")
        APPRECIATION = "appreciation", _("Special Appreciation")
        NONE = "none", _("no award")

    slug = models.SlugField(_("slug"), unique=True, max_length=100)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="pilots", verbose_name=_("local government")
    )
    practice = models.ForeignKey(
        BestPractice,
        on_delete=models.PROTECT,
        related_name="pilots",
        verbose_name=_("practice copied"),
        help_text=_("The best practice this pilot chose to copy."),
    )
    also_drew_on = models.ManyToManyField(
        BestPractice,
        blank=True,
        related_name="also_inspired",
        verbose_name=_("also drew on"),
        help_text=_("Other best practices this pilot borrowed from."),
    )
    title = models.CharField(_("replication project title"), max_length=300)
    title_unverified = title_unverified_field()
    description = models.TextField(_("description"))
    stage = models.CharField(_("stage reached"), max_length=20, choices=Stage.choices, default=Stage.IMPLEMENTATION)
    status = models.CharField(_("status at the end of the project (2012)"), max_length=300, blank=True)
    award = models.CharField(_("2012 award"), max_length=20, choices=Award.choices, default=Award.NONE)
    sources = sources_field()
    published = models.BooleanField(_("published"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PilotQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        indexes = [
            models.Index(fields=["published", "award"], name="pilot_published_award"),
            # Covers the pilot list's count, facets and filters.
            models.Index(fields=["published", "practice", "municipality", "award", "id"], name="pilot_facets"),
            # The feed reads the latest edits.
            models.Index(fields=["published", "updated", "id"], name="pilot_latest"),
        ]

    def __str__(self):
        return str(self.municipality)

    def get_absolute_url(self):
        return reverse("pilots:pilot_detail", kwargs={"slug": self.slug})

    @property
    def source_list(self):
        return split_lines(self.sources)

    @property
    def is_cross_border(self):
        return self.municipality.country_id != self.practice.municipality.country_id


class Precision(models.TextChoices):
    """How exact a date is: a day, a month (stored as its first day) or a year (stored as 1 January)."""

    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def check_precision(date, precision):
    """A date given at month or year precision must be that month's or year's first day."""
    if date is None:
        return
    if precision == Precision.MONTH and date.day != 1:
        raise ValidationError({"date": _("For a month, give its first day.")})
    if precision == Precision.YEAR and (date.month, date.day) != (1, 1):
        raise ValidationError({"date": _("For a year, give 1 January.")})


class MilestoneQuerySet(models.QuerySet):
    def in_time_order(self):
        """By year; within a year, steps known only by their year ("late 2011") come after dated ones."""
        year_only = models.Case(
            models.When(precision="year", then=models.Value(1)),
            default=models.Value(0),
            output_field=models.IntegerField(),
        )
        return self.order_by(ExtractYear("date"), year_only, "date", "id")


class Milestone(models.Model):
    """A dated step in a pilot's replication, shown as a timeline on the pilot's page."""

    Precision = Precision

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("pilot"))
    date = models.DateField(_("date"), help_text=_("For a month or a year, give its first day."))
    precision = models.CharField(_("date precision"), max_length=5, choices=Precision.choices, default=Precision.DAY)
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text=_("For events over several days."))
    title = models.CharField(_("what happened"), max_length=400)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["pilot", "date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("date")),
                name="milestone_end_after_start",
                violation_error_message=_("The end date cannot come before the date."),
            ),
        ]

    def __str__(self):
        return f"{self.date}: {self.title}"

    def clean(self):
        super().clean()
        check_precision(self.date, self.precision)
