"""The template tags that write a list's cards and facet boxes: every value escaped as the template escapes it."""

from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from pilots.views import PilotCard
from practices.filters import FacetOption
from practices.views import PracticeCard

HOSTILE = '<script>alert("x")</script> & co'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"


def render(source, **context):
    with translation.override("en"):
        return Template(source).render(Context(context))


def practice_card(**fields):
    values = {
        "pk": 1,
        "slug": "eco-savers",
        "url": "/en/practices/eco-savers/",
        "number": 12,
        "label": mark_safe("Practice 12"),
        "title": HOSTILE,
        "summary": "Wastewater " + HOSTILE,
        "theme": 3,
        "theme_name": HOSTILE,
        "place": HOSTILE,
        "country_name": HOSTILE,
        "country_url": "/en/countries/ph/",
        "copies": "",
        "goals": "",
    }
    return PracticeCard(**{**values, **fields})


def test_a_practice_card_escapes_every_text_and_keeps_the_safe_sentences_and_tags():
    card = practice_card(copies=mark_safe("Copied by <b>2</b> pilots"), goals=mark_safe("<li>SDG 6</li>"))
    html = render("{% practice_cards cards %}", cards=[card])
    assert "<script>" not in html
    assert html.count(ESCAPED) == 5  # title, summary, theme, place, country
    assert "Copied by <b>2</b> pilots" in html and '<ul class="sdg-tags" aria-label="Sustainable' in html
    assert "compare-pick" not in html


def test_a_practice_card_highlights_the_search_words_escaped_and_offers_its_compare_box():
    html = render("{% practice_cards cards query True %}", cards=[practice_card()], query="wastewater")
    assert "<mark>Wastewater</mark> " + ESCAPED in html
    assert '<input type="checkbox" name="p" value="eco-savers" form="compare-form"> Compare' in html
    assert "copied" not in html.lower() and "sdg-tags" not in html  # no pilots, no goals: nothing said


def test_a_pilot_card_escapes_its_texts_and_shows_its_award_as_the_award_tag_does():
    card = PilotCard(
        slug="pakkret",
        url="/en/pilots/pakkret/",
        place=HOSTILE,
        country=HOSTILE,
        title=HOSTILE,
        stage=HOSTILE,
        award="excellence",
        award_label="Award of excellence",
        theme=2,
        copied=mark_safe("Copied practice 14, “<i>x</i>”"),
    )
    html = render("{% pilot_cards cards %}", cards=[card])
    assert "<script>" not in html and html.count(ESCAPED) == 4
    award = render('{% include "includes/award.html" with award="excellence" label="Award of excellence" %}')
    assert award.strip() in html
    assert "“<i>x</i>”" in html
    plain = render("{% pilot_cards cards %}", cards=[card._replace(award="")])
    assert "award-" not in plain


def test_facet_boxes_escape_their_names_and_tick_the_chosen():
    options = [FacetOption("th", HOSTILE, 1234, True), FacetOption('"x', "Viet Nam", 0, False)]
    html = render("{% facet_options name options results %}", name="country", options=options, results="results")
    assert "<script>" not in html and ESCAPED in html
    assert 'value="th" checked>' in html and 'value="&quot;x">' in html
    assert '<span class="count">1,234<span class="visually-hidden"> results</span></span>' in html
