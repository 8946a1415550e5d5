"""Partner organisations: funders, implementers and local government associations."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from delgosea.images import validate_image
from delgosea.records import PublishedQuerySet, sources_field, split_lines
from practices.models import Country
from practices.names import name_order


class PartnerQuerySet(PublishedQuerySet):
    related = ("country",)

    def by_name(self):
        """A–Z by name in the active language, Thai in dictionary order."""
        return self.order_by(*name_order("name_th", "name_en"), "slug")


class Partner(models.Model):
    """An organisation behind DELGOSEA; the public sees it at /partners/<slug>/."""

    class Kind(models.TextChoices):
        FUNDER = "funder", _("funder")
        LEAD = "lead", _("lead implementer")
        NATIONAL = "national", _("national partner")
        ASSOCIATION = "association", _("local government association")
        NGO = "ngo", _("non-governmental organisation")
        ACADEMIC = "academic", _("academic institution")

    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), unique=True, max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("country"),
        help_text=_("Leave empty for regional or international bodies."),
    )
    role = models.TextField(_("role in DELGOSEA"))
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="partners/", blank=True, validators=[validate_image], max_length=200)
    sources = sources_field()
    published = models.BooleanField(_("published"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "slug"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("partners:partner_detail", kwargs={"slug": self.slug})

    @property
    def source_list(self):
        return split_lines(self.sources)
