import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from pilots.models import Milestone
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_step_known_only_by_its_year_comes_after_the_dated_steps_of_that_year():
    pilot = f.pilot()
    late = f.milestone(pilot, datetime.date(2011, 1, 1), precision=Milestone.Precision.YEAR, title_en="late 2011")
    july = f.milestone(pilot, datetime.date(2011, 7, 12), title_en="July visit")
    january = f.milestone(pilot, datetime.date(2012, 1, 28), title_en="January workshop")
    earlier = f.milestone(pilot, datetime.date(2010, 12, 9), title_en="first meeting")
    assert list(pilot.milestones.in_time_order()) == [earlier, july, late, january]


@pytest.mark.parametrize(
    ("precision", "date", "message"),
    [
        ("month", datetime.date(2011, 3, 15), "For a month, give its first day."),
        ("year", datetime.date(2011, 3, 1), "For a year, give 1 January."),
    ],
)
def test_a_month_or_year_milestone_must_be_dated_on_its_first_day(precision, date, message):
    milestone = Milestone(pilot=f.pilot(), date=date, precision=precision, title_th="ก", title_en="a")
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            milestone.full_clean()
        assert refused.value.message_dict["date"] == [message]


def test_a_milestone_ending_before_it_starts_is_refused_in_words():
    milestone = Milestone(
        pilot=f.pilot(), date=datetime.date(2011, 3, 2), end_date=datetime.date(2011, 3, 1), title_th="ก", title_en="a"
    )
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            milestone.full_clean()
        assert refused.value.messages == ["The end date cannot come before the date."]
