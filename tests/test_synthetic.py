"""The bulk generator behind the query-budget tests and `make bench`."""

import pytest

from delgosea.loader import load
from pilots.models import Pilot
from practices.models import BestPractice, Municipality
from tests import synthetic

pytestmark = pytest.mark.django_db


def test_generated_records_are_complete_in_thai_and_english_and_spread_over_the_shipped_themes():
    load()
    before = BestPractice.objects.count(), Pilot.objects.count()
    report = synthetic.generate(practices=60, pilots=40, seed=2)
    assert (report.practices, report.pilots) == (60, 40)
    assert (BestPractice.objects.count(), Pilot.objects.count()) == (before[0] + 60, before[1] + 40)
    new = BestPractice.objects.filter(slug__startswith="syn-practice-")
    assert min(new.values_list("number", flat=True)) == 17  # numbering goes on after the shipped 16
    for practice in new:
        for name in ("title", "summary", "background", "what_was_done", "results", "lessons"):
            assert getattr(practice, f"{name}_th") and getattr(practice, f"{name}_en"), name
        assert any("\u0e00" <= char <= "\u0e7f" for char in practice.title_th)
    assert new.values("theme").distinct().count() == 4
    assert not new.filter(sdgs=None).exists()
    assert Municipality.objects.filter(slug__startswith="syn-town-").exclude(aliases="").exists()


def test_generating_twice_adds_more_records_without_clashing():
    load()
    synthetic.generate(practices=5, pilots=5, seed=1)
    synthetic.generate(practices=5, pilots=5, seed=1)
    assert BestPractice.objects.filter(slug__startswith="syn-practice-").count() == 10
    assert Pilot.objects.filter(slug__startswith="syn-pilot-").count() == 10


def test_the_generator_needs_the_shipped_themes_and_countries_first():
    with pytest.raises(ValueError, match="load the shipped data first"):
        synthetic.generate(practices=1, pilots=0)
