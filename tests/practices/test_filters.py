"""Facet counts of the practice list when a filter joins a many-to-many table."""

import pytest

from practices.models import Sdg
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_facet_counts_stay_exact_when_two_chosen_goals_match_the_same_practice(client):
    water = Sdg.objects.create(number=6, name_th="น้ำสะอาด", name_en="Clean water")
    cities = Sdg.objects.create(number=11, name_th="เมืองยั่งยืน", name_en="Sustainable cities")
    practice = f.practice(theme=f.theme(3), municipality=f.municipality(country_code="th"))
    practice.sdgs.add(water, cities)
    response = client.get("/en/practices/?sdg=6&sdg=11")
    practice_filter = response.context["filter"]
    assert response.context["page"].paginator.count == 1
    assert {option.value: option.count for option in practice_filter.theme_options()} == {"3": 1}
    assert {option.value: option.count for option in practice_filter.country_options()}["th"] == 1
    assert {option.value: option.count for option in practice_filter.sdg_options()} == {"6": 1, "11": 1}
