"""The tallies (practices/tallies.py): counts kept at write time, always equal to counting the records now.

The oracle counts in Python, record by record, from the published querysets: a different path from the
GROUP BYs that build the tallies. Each comparison covers both tallies and every practice's copy_count,
goal_numbers and country."""

import threading
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from pilots.models import Pilot, PilotTally
from practices import tallies
from practices.loader import load
from practices.models import BestPractice, PracticeTally, Theme
from tests import factories as f
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def counted_now():
    practices = Counter()
    for practice in BestPractice.objects.published().prefetch_related("sdgs"):
        place = (practice.theme.number, practice.municipality.country.code)
        practices[(*place, None)] += 1
        for goal in practice.sdgs.all():
            practices[(*place, goal.number)] += 1
    pilots, copies = Counter(), Counter()
    for pilot in Pilot.objects.published():
        practice = pilot.practice
        pilots[
            pilot.municipality.country.code, practice.municipality.country.code, practice.theme.number, pilot.award
        ] += 1
        copies[practice.number] += 1
    goals = {
        practice.number: sorted(goal.number for goal in practice.sdgs.all())
        for practice in BestPractice.objects.prefetch_related("sdgs")  # drafts too
    }
    countries = {practice.number: practice.municipality.country.code for practice in BestPractice.objects.all()}
    return practices, pilots, copies, goals, countries


def kept():
    practices, pilots = Counter(), Counter()
    for *key, total in tallies.practice_counts():
        practices[tuple(key)] += total
    for *key, total in tallies.pilot_counts():
        pilots[tuple(key)] += total
    copies = Counter(dict(BestPractice.objects.filter(copy_count__gt=0).values_list("number", "copy_count")))
    goals = {
        number: [int(goal) for goal in numbers.split(",")] if numbers else []
        for number, numbers in BestPractice.objects.values_list("number", "goal_numbers")
    }
    countries = dict(BestPractice.objects.values_list("number", "country__code"))
    return practices, pilots, copies, goals, countries


def test_loading_the_shipped_data_counts_them():
    load()
    practices, pilots, copies, goals, countries = counted_now()
    assert sum(total for key, total in practices.items() if key[2] is None) == 16
    assert sum(pilots.values()) > 0
    assert sum(copies.values()) == sum(pilots.values())
    assert all(goals.values())  # every shipped practice serves some goal
    assert len(set(countries.values())) == 5  # the shipped practices come from five countries
    assert kept() == (practices, pilots, copies, goals, countries)


def test_a_practice_counts_its_published_pilots_and_only_those():
    practice, other = f.eco_savers(), f.practice()
    first = f.pilot(practice=practice)
    f.pilot(practice=practice)
    f.pilot(practice=practice, published=False)
    practice.refresh_from_db()
    assert practice.copy_count == 2
    first.practice = other
    first.save()
    assert [BestPractice.objects.get(pk=pk).copy_count for pk in (practice.pk, other.pk)] == [1, 1]
    practice.published = False  # a draft's pilots are drafts too
    practice.save()
    assert BestPractice.objects.get(pk=practice.pk).copy_count == 0
    first.delete()
    assert BestPractice.objects.get(pk=other.pk).copy_count == 0


def test_a_practice_lists_the_numbers_of_its_goals_in_order_as_they_change():
    practice, draft = f.practice(), f.practice(published=False)
    clean_water, cities = f.sdg(6), f.sdg(11)
    practice.sdgs.add(cities, clean_water)
    draft.sdgs.add(cities)
    assert dict(BestPractice.objects.values_list("pk", "goal_numbers")) == {practice.pk: "6,11", draft.pk: "11"}
    cities.number = 3  # renumbered by an editor
    cities.save()
    assert dict(BestPractice.objects.values_list("pk", "goal_numbers")) == {practice.pk: "3,6", draft.pk: "3"}
    practice.sdgs.remove(clean_water)
    cities.delete()
    assert dict(BestPractice.objects.values_list("pk", "goal_numbers")) == {practice.pk: "", draft.pk: ""}


def test_a_practice_keeps_its_town_s_country_as_the_town_or_its_country_changes():
    town, other_town = f.municipality("town-a"), f.municipality("town-b", country_code="ph")
    practice = f.practice(municipality=town)
    assert BestPractice.objects.get(pk=practice.pk).country.code == "th"
    town.country = f.country("vn")
    town.save()
    assert BestPractice.objects.get(pk=practice.pk).country.code == "vn"
    practice.municipality = other_town
    practice.save(update_fields=["municipality"])
    assert BestPractice.objects.get(pk=practice.pk).country.code == "ph"
    # A search's country counts read it: the practice is counted in its town's country.
    response = Client().get("/en/practices/", {"q": "Good practice"})
    counts = {option.value: option.count for option in response.context["filter"].country_options()}
    assert counts["ph"] == 1 and counts.get("vn", 0) == 0


def test_every_kind_of_admin_edit_keeps_them_equal_to_counting_now(editor_client):
    load()
    practice = BestPractice.objects.get(number=12)
    change_url = reverse("admin:practices_bestpractice_change", args=[practice.pk])

    def edit(**changes):
        form = editor_client.get(change_url)
        assert editor_client.post(change_url, admin_form_data(form, **changes)).status_code == 302
        assert kept() == counted_now(), changes

    other_theme = BestPractice.objects.exclude(theme=practice.theme).first().theme
    edit(theme=str(other_theme.pk))
    goals = [str(pk) for pk in BestPractice.objects.get(number=1).sdgs.values_list("pk", flat=True)]
    edit(sdgs=goals[:1])
    edit(sdgs=[])
    edit(published=None)  # unticked: a draft, and its pilots with it
    edit(published="on")

    town = practice.municipality
    town_url = reverse("admin:practices_municipality_change", args=[town.pk])
    other_country = BestPractice.objects.exclude(municipality__country=town.country).first().municipality.country
    form = editor_client.get(town_url)
    assert editor_client.post(town_url, admin_form_data(form, country=str(other_country.pk))).status_code == 302
    assert kept() == counted_now()

    pilot = Pilot.objects.filter(practice=practice).first()
    pilot_url = reverse("admin:pilots_pilot_change", args=[pilot.pk])
    form = editor_client.get(pilot_url)
    assert editor_client.post(pilot_url, admin_form_data(form, award="excellence")).status_code == 302
    assert kept() == counted_now()
    delete_url = reverse("admin:pilots_pilot_delete", args=[pilot.pk])
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert kept() == counted_now()

    f.pilot(practice=practice, municipality=f.municipality(country_code="ph"))
    assert kept() == counted_now()


def test_a_list_shows_an_edit_in_its_counts_on_the_very_next_request(editor_client, django_capture_on_commit_callbacks):
    """With the page cache on, as in production: the page is stored, the edit makes a new one, whose counts
    come from the tallies."""
    practice = f.eco_savers(theme=f.environment_theme())
    participation = f.participation_theme()
    f.practice(theme=participation)
    visitor = Client()
    assert visitor.get("/en/practices/?theme=1").context["page"].paginator.count == 1
    assert visitor.get("/en/practices/?theme=1").context is None  # the stored page
    change_url = reverse("admin:practices_bestpractice_change", args=[practice.pk])
    form = editor_client.get(change_url)
    with django_capture_on_commit_callbacks(execute=True):
        saved = editor_client.post(change_url, admin_form_data(form, theme=str(participation.pk)))
    assert saved.status_code == 302
    fresh = visitor.get("/en/practices/?theme=1").context
    assert fresh["page"].paginator.count == 2
    assert {option.value: option.count for option in fresh["filter"].theme_options()} == {"1": 2, "3": 0}
    assert {theme.number: theme.practice_count for theme in visitor.get("/en/").context["themes"]} == {1: 2, 3: 0}


def test_a_batch_counts_once_at_its_end_and_a_failed_one_changes_nothing(monkeypatch):
    load()
    before = kept()
    rebuilds = []
    real = tallies.rebuild
    monkeypatch.setattr(tallies, "rebuild", lambda using="default": rebuilds.append(using) or real(using))
    with tallies.batch():
        for _ in range(3):
            f.pilot(practice=BestPractice.objects.get(number=12))
        assert kept() == before  # not yet counted
    assert rebuilds == ["default"]
    assert kept() == counted_now() != before

    after = kept()
    with pytest.raises(RuntimeError), tallies.batch():
        f.practice()
        raise RuntimeError("the load failed")
    assert rebuilds == ["default"]
    assert kept() == after == counted_now()


def test_an_admin_request_counts_once_however_many_records_it_writes(editor_client, monkeypatch):
    load()
    rebuilds = []
    real = tallies.rebuild
    monkeypatch.setattr(tallies, "rebuild", lambda using="default": rebuilds.append(using) or real(using))
    practice = BestPractice.objects.get(number=12)
    change_url = reverse("admin:practices_bestpractice_change", args=[practice.pk])
    form = editor_client.get(change_url)
    other_theme = BestPractice.objects.exclude(theme=practice.theme).first().theme
    goals = [str(pk) for pk in BestPractice.objects.get(number=1).sdgs.values_list("pk", flat=True)]
    saved = editor_client.post(change_url, admin_form_data(form, theme=str(other_theme.pk), sdgs=goals))
    assert saved.status_code == 302
    assert rebuilds == ["default"]  # the practice, its goals and its pilot inlines: one count
    assert kept() == counted_now()

    hidden = list(BestPractice.objects.filter(number__in=[1, 2, 3]).values_list("pk", flat=True))
    action = {"action": "make_hidden", "_selected_action": [str(pk) for pk in hidden]}
    assert editor_client.post(reverse("admin:practices_bestpractice_changelist"), action).status_code == 302
    assert BestPractice.objects.filter(pk__in=hidden, published=False).count() == 3
    assert rebuilds == ["default", "default"]
    assert kept() == counted_now()


def test_writes_that_send_no_signal_are_counted_by_rebuild():
    load()
    BestPractice.objects.filter(number=12).update(published=False)
    assert kept() != counted_now()  # what the module's docstring warns of
    tallies.rebuild()
    assert kept() == counted_now()


def test_migrate_counts_a_database_that_already_holds_records():
    load()
    PracticeTally.objects.all().delete()
    PilotTally.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert kept() == counted_now()
    assert kept()[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer at a time in anyway")
def test_two_editors_saving_at_once_leave_both_edits_counted():
    """Each save counts inside its own transaction; without the lock, the second would count before the first
    commits and overwrite it, or both would leave their rows."""
    load()
    first, second = BestPractice.objects.filter(pilots__isnull=False).distinct()[:2]
    targets = {first.pk: 1 if first.theme.number != 1 else 2, second.pk: 4 if second.theme.number != 4 else 3}
    saved_first, go_on = threading.Event(), threading.Event()
    errors = []

    def save(pk, wait):
        try:
            with transaction.atomic():
                practice = BestPractice.objects.get(pk=pk)
                practice.theme = Theme.objects.get(number=targets[pk])
                practice.save()
                if wait:
                    saved_first.set()
                    go_on.wait(10)
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    one = threading.Thread(target=save, args=(first.pk, True))
    one.start()
    assert saved_first.wait(10)
    two = threading.Thread(target=save, args=(second.pk, False))
    two.start()
    two.join(0.5)
    assert two.is_alive()  # waiting for the first editor's transaction, which holds the lock
    go_on.set()
    one.join(10)
    two.join(10)
    assert not errors
    assert kept() == counted_now()
    assert BestPractice.objects.get(pk=second.pk).theme.number == targets[second.pk]
