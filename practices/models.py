"""Themes, countries, municipalities and the best practices they are known for."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce, Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from delgosea.images import validate_image
from delgosea.records import PublishedQuerySet, sources_field, split_lines, title_unverified_field

from .names import name_order, place_order, without_prefix


class Theme(models.Model):
    """One of the four DELGOSEA governance themes; the public sees it at /themes/<slug>/."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1),
                name="theme_number_positive",
                violation_error_message=_("The number must be 1 or more."),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def get_absolute_url(self):
        return reverse("practices:theme_detail", kwargs={"slug": self.slug})


class CountryQuerySet(models.QuerySet):
    def by_name(self):
        """A–Z by name in the active language, Thai in dictionary order."""
        return self.order_by(*name_order("name_th", "name_en"), "code")


class Country(models.Model):
    """A country of the partnership; the public sees it at /countries/<code>/."""

    code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        help_text=_("ISO 3166-1 alpha-2 code in lower case, e.g. th."),
    )
    name = models.CharField(_("name"), max_length=100)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[a-z]{2}$"),
                name="country_code_lower_alpha2",
                violation_error_message=_("Give the country's two-letter ISO code in lower case, e.g. “th”."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("country_detail", kwargs={"code": self.code})


class Sdg(models.Model):
    """One of the 17 UN Sustainable Development Goals; practices are tagged with the goals they serve."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=17),
                name="sdg_number_1_to_17",
                violation_error_message=_("The goals are numbered from 1 to 17."),
            ),
        ]

    def __str__(self):
        return self.label(self.number, self.name)

    @staticmethod
    def label(number, name):
        """ "SDG 6: Clean water and sanitation", as lists name a goal."""
        return _("SDG %(number)s: %(name)s") % {"number": number, "name": name}

    @staticmethod
    def short_label(number):
        """ "SDG 6", as the practice cards tag their goals."""
        return _("SDG %(number)s") % {"number": number}


def _joined_lines(columns):
    """The columns' text in capitals, a line break between them so that no word runs from one into the next."""
    parts = [Coalesce(models.F(columns[0]), models.Value(""))]
    for column in columns[1:]:
        parts += [models.Value("\n"), Coalesce(models.F(column), models.Value(""))]
    # One flat a || b || c, not Concat's nested pairs: SQLite's parser refuses twenty-odd levels of nesting.
    joined = models.Func(*parts, template="(%(expressions)s)", arg_joiner=" || ", output_field=models.TextField())
    return Upper(joined)


class MunicipalityQuerySet(PublishedQuerySet):
    """A place is public while it is the home of a published practice or the town of a published pilot."""

    def with_roles(self):
        """Each place with `has_practice` (of a published practice) and `has_pilot` (the town of a published pilot)."""
        pilots = self.model.pilots.field.model.objects.published()  # the reverse relation: no import of pilots
        return self.annotate(
            has_practice=models.Exists(BestPractice.objects.published().filter(municipality=models.OuterRef("pk"))),
            has_pilot=models.Exists(pilots.filter(municipality=models.OuterRef("pk"))),
        )

    def published(self):
        return (
            self.with_roles().filter(models.Q(has_practice=True) | models.Q(has_pilot=True)).select_related("country")
        )

    def visible_to(self, user):
        return self.with_roles().select_related("country") if user.is_staff else self.published()

    def by_name(self):
        """A–Z by name in the active language, Thai in dictionary order without the administrative prefix
        (เทศบาลนครปากเกร็ด under ป) on both databases."""
        return self.order_by(*place_order(), "slug")


class Municipality(models.Model):
    """A local government: the home of a best practice, a pilot, or both (Vinh is both), at /municipalities/<slug>/."""

    class Kind(models.TextChoices):
        CITY = "city", _("city")
        MUNICIPALITY = "municipality", _("municipality")
        CITY_MUNICIPALITY = "city_municipality", _("city municipality")
        TOWN_MUNICIPALITY = "town_municipality", _("town municipality")
        SUBDISTRICT_MUNICIPALITY = "subdistrict_municipality", _("subdistrict municipality")
        REGENCY = "regency", _("regency")
        PROVINCE = "province", _("province")
        SANGKAT = "sangkat", _("sangkat (urban commune)")
        CLUSTER = "cluster", _("cluster of municipalities")
        JOINT_SECRETARIAT = "joint_secretariat", _("joint secretariat of local governments")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True, max_length=100)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("country")
    )
    province = models.CharField(_("province or region"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, default=Kind.MUNICIPALITY)
    aliases = models.TextField(
        _("other names and spellings"),
        blank=True,
        help_text=_("One per line, e.g. Pak Kret and Pakkred for Pakkret. Search finds them all."),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_note = models.CharField(_("population note"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    website = models.URLField(_("website"), blank=True)
    mayor = models.CharField(
        _("mayor at the time"), max_length=200, blank=True, help_text=_("As the sources name them.")
    )
    contact = models.TextField(
        _("official contact"), blank=True, help_text=_("Only an address, telephone or e-mail that a source gives.")
    )
    sources = sources_field()
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    # Every name and spelling in one capitalised column that the database keeps and search reads. Never shown.
    search_name = models.GeneratedField(
        expression=_joined_lines([*(f"name_{code}" for code, _name in settings.LANGUAGES), "aliases"]),
        output_field=models.TextField(),
        db_persist=True,
        serialize=False,  # derived: backups and dumps carry the names once
    )
    # The Thai name without its administrative prefix (เทศบาลนคร, เมือง, …), which Thai lists sort by. Never shown.
    sort_name = models.GeneratedField(
        expression=without_prefix("name_th"),
        output_field=models.CharField(max_length=200),
        db_persist=True,
        serialize=False,
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("local government")
        verbose_name_plural = _("local governments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=-90, latitude__lte=90),
                name="municipality_latitude_range",
                violation_error_message=_("The latitude must lie between -90 and 90 degrees."),
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__gte=-180, longitude__lte=180),
                name="municipality_longitude_range",
                violation_error_message=_("The longitude must lie between -180 and 180 degrees."),
            ),
        ]
        indexes = [
            # The transfer map selects the towns inside its frame.
            models.Index(fields=["latitude", "longitude"], name="municipality_place"),
            # The feed reads the latest edits.
            models.Index(fields=["updated", "id"], name="municipality_latest"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("municipality_detail", kwargs={"slug": self.slug})

    @property
    def alias_list(self):
        return split_lines(self.aliases)

    @property
    def source_list(self):
        return split_lines(self.sources)


# A practice's own text that search reads, in every language: title, summary and body sections.
SEARCHED_COLUMNS = [
    f"{name}_{code}"
    for name in ("title", "summary", "background", "what_was_done", "results", "lessons")
    for code, _name in settings.LANGUAGES
]


# What lists never show, left unread: the body sections and the search column.
LONG_TEXTS = ["search_text", *(column for column in SEARCHED_COLUMNS if not column.startswith(("title_", "summary_")))]


class BestPracticeQuerySet(PublishedQuerySet):
    related = ("theme", "municipality__country")

    def _copies(self):
        """How many published pilots copied each practice, as an expression (counted for the rows read only)."""
        pilots = self.model.pilots.field.model.objects.published()  # the reverse relation: no import of pilots
        copied = pilots.filter(practice=models.OuterRef("pk")).order_by().values("practice")
        return Coalesce(models.Subquery(copied.annotate(n=models.Count("pk")).values("n")), 0)

    def with_copies(self):
        """Each practice with `copies`: how many published pilots copied it."""
        return self.annotate(copies=self._copies())

    def most_copied_first(self):
        """Most copied first; practices copied as often by number."""
        return self.order_by(self._copies().desc(), "number")

    def copied(self):
        """The practices that at least one published pilot copied."""
        return self.filter(pk__in=self.model.pilots.field.model.objects.published().values("practice"))

    def for_cards(self):
        """What a practice card shows: its theme, place, goals and copies, without the long texts."""
        return self.select_related(*self.related).prefetch_related("sdgs").with_copies().defer(*LONG_TEXTS)


class BestPractice(models.Model):
    """One of the DELGOSEA best practices; the public reads it at /practices/<slug>/.

    The number is the one the source documents cite ("practice 14") and never changes.
    """

    number = models.PositiveSmallIntegerField(_("number"), unique=True, validators=[MinValueValidator(1)])
    slug = models.SlugField(_("slug"), unique=True, max_length=100)
    title = models.CharField(_("title"), max_length=300)
    title_unverified = title_unverified_field()
    summary = models.TextField(_("summary"))
    background = models.TextField(_("background"), blank=True)
    what_was_done = models.TextField(_("what was done"), blank=True)
    results = models.TextField(_("results"), blank=True)
    lessons = models.TextField(_("lessons and conditions for transfer"), blank=True)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="practices", verbose_name=_("theme"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="practices", verbose_name=_("local government")
    )
    sdgs = models.ManyToManyField(
        Sdg,
        blank=True,
        related_name="practices",
        verbose_name=_("Sustainable Development Goals"),
        help_text=_("The UN goals this practice serves; SDG 11 (sustainable cities) above all."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text=_("Leave empty when the sources do not confirm it."),
    )
    photo = models.ImageField(
        _("photo"), upload_to="practices/", blank=True, validators=[validate_image], max_length=200
    )
    photo_alt = models.CharField(
        _("photo description (alt text)"),
        max_length=300,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    sources = sources_field()
    published = models.BooleanField(_("published"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    # SEARCHED_COLUMNS in one capitalised column that the database keeps and search reads. Never shown.
    search_text = models.GeneratedField(
        expression=_joined_lines(SEARCHED_COLUMNS),
        output_field=models.TextField(),
        db_persist=True,
        serialize=False,  # derived: backups and dumps carry the text once
    )

    objects = BestPracticeQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("best practice")
        verbose_name_plural = _("best practices")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1),
                name="practice_number_positive",
                violation_error_message=_("The number must be 1 or more."),
            ),
        ]
        indexes = [
            # Joins that need a published practice's number only (the pilot list's counts, transfers).
            models.Index(fields=["published", "number", "id"], name="practice_published_number_id"),
            # Covers the list's count, facets and filters, so they read this index, not every practice's text.
            models.Index(fields=["published", "theme", "municipality", "id"], name="practice_facets"),
            # The feed reads the latest edits.
            models.Index(fields=["published", "updated", "id"], name="practice_latest"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("practices:practice_detail", kwargs={"slug": self.slug})

    @property
    def source_list(self):
        return split_lines(self.sources)

    def clean(self):
        if self.photo and not self.photo_alt:
            raise ValidationError({"photo_alt": _("A photo needs a description for people who cannot see it.")})
