import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from pilots.models import Pilot
from practices.models import BestPractice, Municipality, Theme
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_duplicate_practice_number_is_refused_by_the_database():
    f.practice(number=14)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.practice(number=14, slug="another-slug")


def test_duplicate_practice_slug_is_refused_by_the_database():
    f.practice(number=1, slug="eco-savers")
    with pytest.raises(IntegrityError), transaction.atomic():
        f.practice(number=2, slug="eco-savers")


def test_duplicate_theme_number_is_refused_by_the_database():
    f.theme(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.theme(number=1, slug="other")


def test_country_code_must_be_two_lower_case_letters():
    with pytest.raises(IntegrityError), transaction.atomic():
        f.country("TH")


def test_practice_with_pilots_cannot_be_deleted():
    pilot = f.pilot()
    with pytest.raises(ProtectedError):
        pilot.practice.delete()
    assert BestPractice.objects.filter(pk=pilot.practice.pk).exists()


def test_theme_with_practices_cannot_be_deleted():
    practice = f.practice()
    with pytest.raises(ProtectedError):
        practice.theme.delete()
    assert Theme.objects.filter(pk=practice.theme_id).exists()


def test_municipality_in_use_cannot_be_deleted():
    practice = f.practice()
    with pytest.raises(ProtectedError):
        practice.municipality.delete()
    pilot = f.pilot()
    with pytest.raises(ProtectedError):
        pilot.municipality.delete()
    assert Municipality.objects.filter(pk=pilot.municipality_id).exists()


@pytest.mark.django_db(transaction=True)
def test_database_itself_refuses_to_delete_a_practice_under_a_pilot():
    """Even a raw SQL delete that bypasses Django is stopped by the foreign key."""
    pilot = f.pilot()
    table = BestPractice._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pilot.practice_id])
    assert BestPractice.objects.filter(pk=pilot.practice_id).exists()
    assert Pilot.objects.filter(pk=pilot.pk).exists()


def test_drafts_are_not_published():
    shown = f.practice(published=True)
    draft = f.practice(published=False)
    published = list(BestPractice.objects.published())
    assert shown in published
    assert draft not in published


def test_a_pilot_of_a_draft_practice_is_not_published():
    draft_practice = f.practice(published=False)
    hidden = f.pilot(practice=draft_practice)
    shown = f.pilot()
    published = list(Pilot.objects.published())
    assert shown in published
    assert hidden not in published


def test_unpublished_pilot_is_not_published():
    hidden = f.pilot(published=False)
    assert hidden not in Pilot.objects.published()


def test_pilot_knows_whether_it_crossed_a_border():
    origin = f.practice(municipality=f.municipality(country_code="ph"))
    assert f.pilot(practice=origin, municipality=f.municipality(country_code="th")).is_cross_border
    assert not f.pilot(practice=origin, municipality=f.municipality(country_code="ph")).is_cross_border


def test_source_lines_must_be_web_addresses():
    from django.core.exceptions import ValidationError

    practice = f.practice()
    practice.sources = "https://example.org/a\nnot a url"
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    assert "sources" in error.value.message_dict
