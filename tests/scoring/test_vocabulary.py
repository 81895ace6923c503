"""Each vocabulary's Chinese words are written once: the pages' choices translate them,
the meeting workbook writes them as they are, in every language."""

import pytest
from django.utils import translation

from actions.models import GROUP_NAMES, PROGRESS_NAMES, Progress, UnitGroup
from meetings.exports import MEETING_SHEETS
from scoring.boarddata import BAND_LABELS, BOARD_LABELS, GROUP_ORDER
from scoring.models import Band, Board


@pytest.mark.parametrize(
    ("choices", "words"),
    [
        (Board, BOARD_LABELS),
        (Band, BAND_LABELS),
        (UnitGroup, GROUP_NAMES),
        (Progress, PROGRESS_NAMES),
    ],
)
def test_it_derives_the_pages_labels_from_the_one_list_of_words(choices, words):
    with translation.override("zh-hans"):
        assert {c.value: str(c.label) for c in choices} == {
            c.value: words[c.value] for c in choices
        }
    with translation.override("en"):
        english = {str(c.label) for c in choices}
    assert not english & set(words.values())  # translated on English pages


def test_it_names_the_workbooks_sheets_in_chinese_whatever_the_language():
    with translation.override("en"):
        assert MEETING_SHEETS[:4] == ("省考排行榜", "市考排行榜", "区级综合评价榜", "八大行动")
    assert GROUP_ORDER == {"department": 0, "township": 1}
