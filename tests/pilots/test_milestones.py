import datetime

import pytest

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
