"""Documents: case studies, transfer concepts, pilot reports, presentations and news, as a PDF or a link."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from delgosea.records import PublishedQuerySet, sources_field, split_lines
from partners.models import Partner
from pilots.models import Pilot, Precision, check_precision
from practices.models import BestPractice, Municipality

PDF_TAIL = 1024  # the PDF standard puts %%EOF within the file's last 1024 bytes


def validate_pdf(file):
    """A new upload must be a PDF by its content (a %PDF- header, an %%EOF trailer), not its name or the browser's
    word, and no larger than DOCUMENT_MAX_BYTES."""
    if getattr(file, "_committed", False):
        return  # already stored: it was checked when it was uploaded
    limit = settings.DOCUMENT_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB."),
            params={"size": f"{file.size / 1_048_576:.1f}", "limit": f"{limit / 1_048_576:g}"},
            code="pdf_too_large",
        )
    file.seek(0)
    head = file.read(5)
    file.seek(max(file.size - PDF_TAIL, 0))
    tail = file.read(PDF_TAIL)
    file.seek(0)
    if head != b"%PDF-" or b"%%EOF" not in tail:
        raise ValidationError(_("The file is not a PDF document."), code="pdf_invalid")


def pdf_name(instance, filename):
    """Stored under a random name: the uploader's file name is not trusted, the download is named by the slug."""
    return f"documents/{uuid.uuid4().hex}.pdf"


class DocumentQuerySet(PublishedQuerySet):
    def with_subjects(self):
        """With what each document is about, read in one query per kind of record."""
        return self.prefetch_related(
            models.Prefetch(
                "practices",
                BestPractice.objects.published().select_related(None).only("number", "slug", "title_th", "title_en"),
            ),
            models.Prefetch(
                "pilots", Pilot.objects.published().select_related(None).select_related("municipality").by_place()
            ),
            models.Prefetch("municipalities", Municipality.objects.by_name()),
            models.Prefetch("partners", Partner.objects.published().select_related(None)),
        )


class Document(models.Model):
    """A document about DELGOSEA, uploaded as a PDF or linked where it is published; the public finds it at
    /documents/ and on the pages of the practices, pilots, places and partners it is about."""

    class Kind(models.TextChoices):
        CASE_STUDY = "case_study", _("case study")
        TRANSFER_CONCEPT = "transfer_concept", pgettext_lazy("kind of document", "transfer concept")
        PILOT_REPORT = "pilot_report", _("pilot report")
        REPORT = "report", _("conference or project report")
        PRESENTATION = "presentation", _("presentation")
        NEWS = "news", _("news")

    class Language(models.TextChoices):
        EN = "en", _("English")
        TH = "th", _("Thai")
        KM = "km", _("Khmer")
        ID = "id", _("Indonesian")
        VI = "vi", _("Vietnamese")
        TL = "tl", _("Filipino")

    title = models.CharField(_("title"), max_length=400)
    slug = models.SlugField(_("slug"), unique=True, max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("For a month or a year, give its first day. Empty if unknown.")
    )
    precision = models.CharField(_("date precision"), max_length=5, choices=Precision.choices, default=Precision.DAY)
    language = models.CharField(
        _("language of the document"), max_length=2, choices=Language.choices, default=Language.EN
    )
    file = models.FileField(_("PDF file"), upload_to=pdf_name, blank=True, validators=[validate_pdf], max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True, help_text=_("Where the document is published."))
    description = models.TextField(_("short description"), blank=True)
    practices = models.ManyToManyField(
        BestPractice, blank=True, related_name="documents", verbose_name=_("best practices")
    )
    pilots = models.ManyToManyField(Pilot, blank=True, related_name="documents", verbose_name=_("pilots"))
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="documents", verbose_name=_("local governments")
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="documents", verbose_name=_("partner organisations")
    )
    sources = sources_field()
    published = models.BooleanField(_("published"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = [models.F("date").desc(nulls_last=True), "slug"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(url="")) | (~models.Q(file="") & models.Q(url="")),
                name="document_file_xor_link",
                violation_error_message=_("Give either a PDF file or a link, not both."),
            ),
        ]
        indexes = [models.Index(fields=["published", "kind", "language", "date"], name="document_facets")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """Where the document is read: its download, or the page that publishes it."""
        return reverse("documents:download", kwargs={"slug": self.slug}) if self.file else self.url

    @property
    def source_list(self):
        return split_lines(self.sources)

    def clean(self):
        super().clean()
        check_precision(self.date, self.precision)
        if bool(self.file) == bool(self.url):
            raise ValidationError(
                {"file": _("Upload a PDF file or give a link to the document: one of the two, not both.")}
            )
