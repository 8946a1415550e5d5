"""Practices tagged with the UN Sustainable Development Goals: data, pages, filter, admin and loader."""

import re
from pathlib import Path

import pytest
import yaml
from django.db import IntegrityError
from django.test import Client
from django.utils import translation

from delgosea.loader import load
from practices.models import BestPractice, Sdg
from tests import factories as f

pytestmark = pytest.mark.django_db

LANGS = ["th", "en"]


@pytest.fixture
def tagged():
    cities = f.sdg(11)
    water = f.sdg(6)
    f.sdg(14)  # serves no practice
    wetland = f.practice(10, slug="constructed-wetland", title_en="Constructed Wetland", title_th="บึงประดิษฐ์")
    wetland.sdgs.set([cities, water])
    forum = f.practice(1, slug="city-forum", title_en="City Forum", title_th="เวทีเมือง")
    forum.sdgs.set([cities])
    f.practice(2, slug="untagged", title_en="Untagged", title_th="ไม่มีป้าย")
    return {"wetland": wetland, "forum": forum}


def results(response):
    return [practice.number for practice in response.context["page"]]


def test_an_sdg_number_is_unique_and_between_1_and_17():
    f.sdg(11)
    with pytest.raises(IntegrityError):
        f.sdg(18)


def test_an_sdg_is_named_in_the_page_language():
    goal = f.sdg(11)
    with translation.override("en"):
        assert str(Sdg.objects.get(pk=goal.pk)) == "SDG 11: Sustainable cities and communities"
    with translation.override("th"):
        assert str(Sdg.objects.get(pk=goal.pk)) == "เป้าหมายที่ 11 เมืองและถิ่นฐานมนุษย์ที่ยั่งยืน"


@pytest.mark.parametrize("lang", LANGS)
def test_practice_page_lists_its_goals_with_links_to_the_filtered_list(client, tagged, lang):
    html = client.get(f"/{lang}/practices/constructed-wetland/").content.decode()
    assert f'href="/{lang}/practices/?sdg=6"' in html
    assert f'href="/{lang}/practices/?sdg=11"' in html
    name = "Clean water and sanitation" if lang == "en" else "การจัดการน้ำและสุขาภิบาล"
    assert name in html


@pytest.mark.parametrize(("lang", "label"), [("en", "SDG 11"), ("th", "SDG 11")])
def test_practice_cards_show_sdg_tags(client, tagged, lang, label):
    html = client.get(f"/{lang}/practices/").content.decode()
    assert f'<li class="tag sdg">{label}' in html


@pytest.mark.parametrize("lang", LANGS)
def test_a_searchs_cards_tag_their_goals_as_the_lists_cards_do(client, tagged, lang):
    # Both read them with their practices' rows (goal_numbers), a search's in the order of its matches.
    def tags(html):
        return re.findall(r'<li class="tag sdg">.*?</li>', html)

    listed = tags(client.get(f"/{lang}/practices/", {"theme": tagged["wetland"].theme.number}).content.decode())
    found = tags(client.get(f"/{lang}/practices/", {"q": "wetland"}).content.decode())
    water = "Clean water and sanitation" if lang == "en" else "การจัดการน้ำและสุขาภิบาล"
    assert found == listed
    assert len(found) == 2
    assert "SDG 6" in found[0] and water in found[0] and "SDG 11" in found[1]  # in order of number


def test_the_sdg_filter_ors_its_values_and_lists_each_practice_once(client, tagged):
    assert results(client.get("/en/practices/?sdg=6")) == [10]
    assert results(client.get("/en/practices/?sdg=11")) == [1, 10]
    assert results(client.get("/en/practices/?sdg=6&sdg=11")) == [1, 10]


def test_the_sdg_filter_is_anded_with_the_others(client, tagged):
    theme = tagged["forum"].theme.number
    assert results(client.get(f"/en/practices/?sdg=11&theme={theme}")) == [1]


def test_sdg_facet_counts_practices_and_leaves_out_goals_no_practice_serves(client, tagged):
    response = client.get("/en/practices/?sdg=6")
    options = {option.value: (option.count, option.selected) for option in response.context["filter"].sdg_options()}
    assert options == {"6": (1, True), "11": (2, False)}


@pytest.mark.parametrize("lang", LANGS)
def test_a_goal_that_does_not_exist_is_explained_not_an_error(client, tagged, lang):
    response = client.get(f"/{lang}/practices/?sdg=99&sdg=11")
    assert response.status_code == 200
    assert results(response) == [1, 10]
    assert "“99”" in response.content.decode()


def test_practice_list_with_sdg_tags_keeps_its_query_budget(client, tagged, django_assert_max_num_queries):
    for number in range(20, 45):
        f.practice(number).sdgs.add(*Sdg.objects.all())
    with django_assert_max_num_queries(10):
        client.get("/en/practices/?sdg=11")


def test_editors_can_tag_a_practice_with_goals_in_the_admin(editor_client, tagged):
    response = editor_client.get(f"/admin/practices/bestpractice/{tagged['wetland'].pk}/change/")
    assert response.status_code == 200
    assert 'name="sdgs"' in response.content.decode()
    assert editor_client.get("/admin/practices/sdg/").status_code == 200
    search = editor_client.get(
        "/admin/autocomplete/?app_label=practices&model_name=bestpractice&field_name=sdgs&term=water"
    )
    assert [item["id"] for item in search.json()["results"]] == [str(Sdg.objects.get(number=6).pk)]


def test_a_change_of_goals_is_kept_in_the_history(tagged):
    wetland = tagged["wetland"]
    wetland.sdgs.remove(Sdg.objects.get(number=6))
    wetland.save()
    latest = wetland.history.first()
    assert [goal.sdg.number for goal in latest.sdgs.all()] == [11]


def test_the_loader_tags_practices_once_and_keeps_an_editors_untagging(tmp_path):
    shipped = Path(__file__).resolve().parent.parent / "fixtures"
    for name in ("practices.yaml", "sdgs.yaml"):
        (tmp_path / name).write_text((shipped / name).read_text(encoding="utf-8"), encoding="utf-8")
    load(tmp_path)
    wetland = BestPractice.objects.get(slug="constructed-wetland")
    assert sorted(wetland.sdgs.values_list("number", flat=True)) == [6, 11]
    wetland.sdgs.remove(Sdg.objects.get(number=6))
    load(tmp_path)
    assert sorted(wetland.sdgs.values_list("number", flat=True)) == [11]


def test_the_loader_tags_practices_that_were_loaded_before_goals_existed(tmp_path):
    shipped = Path(__file__).resolve().parent.parent / "fixtures"
    (tmp_path / "practices.yaml").write_text((shipped / "practices.yaml").read_text(encoding="utf-8"))
    data = yaml.safe_load((tmp_path / "practices.yaml").read_text(encoding="utf-8"))
    for practice in data["practices"]:
        practice.pop("sdgs", None)
    (tmp_path / "practices.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load(tmp_path)  # an older portal: practices, no goals
    (tmp_path / "practices.yaml").write_text((shipped / "practices.yaml").read_text(encoding="utf-8"))
    (tmp_path / "sdgs.yaml").write_text((shipped / "sdgs.yaml").read_text(encoding="utf-8"))
    load(tmp_path)
    assert sorted(BestPractice.objects.get(number=10).sdgs.values_list("number", flat=True)) == [6, 11]


def test_shipped_data_has_the_17_goals_in_both_languages_and_tags_every_practice():
    load()
    assert list(Sdg.objects.values_list("number", flat=True)) == list(range(1, 18))
    assert all(goal.name_th and goal.name_en for goal in Sdg.objects.all())
    practices = BestPractice.objects.prefetch_related("sdgs")
    assert all(practice.sdgs.exists() for practice in practices)
    with_eleven = sum(1 for practice in practices if 11 in {goal.number for goal in practice.sdgs.all()})
    assert with_eleven >= practices.count() - 2
    assert 6 in BestPractice.objects.get(slug="constructed-wetland").sdgs.values_list("number", flat=True)
    assert 14 in BestPractice.objects.get(slug="mariculture").sdgs.values_list("number", flat=True)


def test_pages_render_for_a_fresh_visitor_in_both_languages(tagged):
    for lang in LANGS:
        assert Client().get(f"/{lang}/practices/?sdg=11").status_code == 200
