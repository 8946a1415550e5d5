"""Themes, countries, municipalities and the best practices they are known for."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models.functions import Coalesce, Upper
from django.utils.translation import gettext_lazy as _

from delgosea.links import record_url

from .images import validate_image


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
        return record_url("practices:theme_detail", self.slug)


class Country(models.Model):
    """A country of the partnership; the public sees it at /countries/<code>/."""

    code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        help_text=_("ISO 3166-1 alpha-2 code in lower case, e.g. th."),
    )
    name = models.CharField(_("name"), max_length=100)

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
        return record_url("practices:country_detail", self.code, kwarg="code")


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
    """The columns' text one after the other, a line break between (a word never runs from one into the next),
    in capitals: searching compares capitals, and capitalising kilobytes of Thai per practice on each search
    would cost more than the search itself."""
    parts = [Coalesce(models.F(columns[0]), models.Value(""))]
    for column in columns[1:]:
        parts += [models.Value("\n"), Coalesce(models.F(column), models.Value(""))]
    # One flat a || b || c, not Concat's nested pairs: SQLite's parser refuses twenty-odd levels of nesting.
    joined = models.Func(*parts, template="(%(expressions)s)", arg_joiner=" || ", output_field=models.TextField())
    return Upper(joined)


class Municipality(models.Model):
    """A local government: the home of a best practice, a pilot, or both (Vinh is both)."""

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
    # Its names in every language and its other spellings in one column, in capitals, kept by the database:
    # search tests a word against this one column (practices.search._towns_named). Testing the three columns,
    # each capitalised anew for every town, took PostgreSQL 3 ms at 2,000 towns when it read them all. Never shown.
    search_name = models.GeneratedField(
        expression=_joined_lines([*(f"name_{code}" for code, _name in settings.LANGUAGES), "aliases"]),
        output_field=models.TextField(),
        db_persist=True,
        serialize=False,  # derived: backups and dumps carry the names once
    )

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
            # The transfer map's frame (latitude and longitude between its edges): the towns with a place on the
            # map are read off this index instead of testing every town, most of which have no coordinates.
            models.Index(fields=["latitude", "longitude"], name="municipality_place"),
        ]

    def __str__(self):
        return self.name

    @property
    def alias_list(self):
        return split_lines(self.aliases)


# A practice's own text that search reads, in every language: title, summary and body sections.
SEARCHED_COLUMNS = [
    f"{name}_{code}"
    for name in ("title", "summary", "background", "what_was_done", "results", "lessons")
    for code, _name in settings.LANGUAGES
]


class BestPracticeQuerySet(PublishedQuerySet):
    related = ("theme", "municipality__country")


class BestPractice(models.Model):
    """One of the DELGOSEA best practices; the public reads it at /practices/<slug>/.

    The number is the one the source documents cite ("practice 14") and never changes.
    """

    number = models.PositiveSmallIntegerField(_("number"), unique=True, validators=[MinValueValidator(1)])
    slug = models.SlugField(_("slug"), unique=True, max_length=100)
    title = models.CharField(_("title"), max_length=300)
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
    # All of SEARCHED_COLUMNS in one column, in capitals, that the database keeps up to date on every write:
    # search matches a word against one trigram index instead of twelve (practices.search). Never shown.
    search_text = models.GeneratedField(
        expression=_joined_lines(SEARCHED_COLUMNS),
        output_field=models.TextField(),
        db_persist=True,
        serialize=False,  # derived: backups and dumps carry the text once
    )
    # How many published pilots copied it, counted at write time with the tallies (practices.tallies): the
    # cards and the pilot list's "practice copied" options read it instead of counting pilots per page.
    copy_count = models.PositiveIntegerField(_("published pilots"), default=0, editable=False, serialize=False)
    # The numbers of the goals it serves, in order ("6,11"), kept with the tallies like copy_count: the cards and
    # a search's goal counts read them with the practice, instead of from the goals' link table.
    goal_numbers = models.CharField(_("goal numbers"), max_length=64, blank=True, editable=False, serialize=False)
    # Its town's country, kept with the tallies like copy_count: a search reads it with each match instead of
    # looking each match's town up (for a word in most practices, 10 of PostgreSQL's 90 ms).
    country = models.ForeignKey(
        Country,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        serialize=False,
        db_index=False,
        related_name="+",
        verbose_name=_("country"),
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
            # With the id, joins that need only a published practice's number (the pilot list's "practice
            # copied" counts, transfers) read this index instead of every practice's text.
            models.Index(fields=["published", "number", "id"], name="practice_published_number_id"),
            # Covers the list's count, facets and filters, so they read this index, not every practice's text.
            models.Index(fields=["published", "theme", "municipality", "id"], name="practice_facets"),
            # The practices copied most often, how many were copied at all, and the tallies' recount of them
            # (every practice copied, published or not): read off this index.
            models.Index(fields=["-copy_count", "number", "published", "id"], name="practice_most_copied"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return record_url("practices:practice_detail", self.slug)

    @property
    def source_list(self):
        return split_lines(self.sources)

    def clean(self):
        if self.photo and not self.photo_alt:
            raise ValidationError({"photo_alt": _("A photo needs a description for people who cannot see it.")})


class PracticeTally(models.Model):
    """How many published practices each (theme, country) has, in all and per goal they serve.

    Kept at write time by practices.tallies, never edited: the practice list's total and facet counts and the
    home page's numbers are sums of these few dozen rows instead of counts over every practice. The keys are
    the values the list filters by (theme number, country code, goal number), not references: the table is
    thrown away and counted afresh whenever anything it depends on changes.
    """

    theme = models.PositiveSmallIntegerField()
    country = models.CharField(max_length=2)
    # Null: every practice of this theme and country; a number: those of them that serve that goal.
    sdg = models.PositiveSmallIntegerField(null=True)
    count = models.PositiveIntegerField()

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"theme {self.theme}, {self.country}, goal {self.sdg}: {self.count}"
