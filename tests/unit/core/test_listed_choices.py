"""Short option lists are read with one plain query per form, however often the field is
rendered."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wellbeing.forms import CheckInForm
from wellbeing.models import MoodTag


def test_check_in_tags_are_read_once_per_form(db):
    form = CheckInForm(can_share=True)

    with CaptureQueriesContext(connection) as queries:
        first = [str(box) for box in form["tags"]]
        again = [box.choice_label for box in form["tags"]]
        count = len(form.fields["tags"].choices)

    assert len(queries.captured_queries) == 1
    assert "COUNT(" not in queries.captured_queries[0]["sql"].upper()
    active = MoodTag.objects.filter(active=True).count()
    assert active > 0  # the migrations seed the tags
    assert len(first) == len(again) == count == active


def test_a_new_form_sees_a_tag_added_since(db):
    before = len(CheckInForm(can_share=True).fields["tags"].choices)
    MoodTag.objects.create(slug="new-tag", name_en="New", name_es="Nueva", active=True)

    form = CheckInForm(can_share=True)
    assert len(form.fields["tags"].choices) == before + 1


def test_a_posted_tag_is_still_checked_against_the_database(db):
    form = CheckInForm({"mood": 3, "energy": 3, "stress": 3, "tags": ["no-such-tag"]})

    assert not form.is_valid()
    assert "tags" in form.errors
