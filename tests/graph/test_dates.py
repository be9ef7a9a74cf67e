"""The date normaliser: time words of news text -> ISO intervals with a precision."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib.namespace import XSD

from graph.dates import TimeValue, find_time_expressions, normalise

# The seed article: Workers World, Saturday 26 July 2014.
SEED_DAY = dt.date(2014, 7, 26)


def _interval(text: str, tense: str | None = None, reference: dt.date = SEED_DAY):
    value = normalise(text, reference, tense=tense)
    return None if value is None else (value.start, value.end, value.precision, value.qualifier)


@pytest.mark.parametrize("text, tense, expected", [
    # the seed's own times
    ("June 19", None, ("2014-06-19", "2014-06-19", "day", None)),
    ("July 16", None, ("2014-07-16", "2014-07-16", "day", None)),
    ("in August", "future", ("2014-08", "2014-08", "month", None)),
    ("early June", None, ("2014-06", "2014-06", "month", "early")),
    ("In early June", "past", ("2014-06", "2014-06", "month", "early")),
    ("in the 1980s", None, ("1980", "1989", "decade", None)),
    ("(2003-11)", None, ("2003", "2011", "year", None)),
    ("In 1991", "past", ("1991", "1991", "year", None)),
    ("In 2003", "past", ("2003", "2003", "year", None)),
    ("June 25", "past", ("2014-06-25", "2014-06-25", "day", None)),
    # qualifiers
    ("late 2013", None, ("2013", "2013", "year", "late")),
    ("mid-June", None, ("2014-06", "2014-06", "month", "mid")),
    ("the end of June", None, ("2014-06", "2014-06", "month", "late")),
    ("the mid-1990s", None, ("1990", "1999", "decade", "mid")),
    ("early last year", None, ("2013", "2013", "year", "early")),
    ("before 2003", None, ("2003", "2003", "year", "before")),
    ("since 2003", None, ("2003", "2003", "year", "after")),
    # decades and centuries (a century is 1800..1899 for "the 19th century")
    ("the '90s", None, ("1990", "1999", "decade", None)),
    ("the 1990s", None, ("1990", "1999", "decade", None)),
    ("the 1980's", None, ("1980", "1989", "decade", None)),
    ("the eighties", None, ("1980", "1989", "decade", None)),
    ("the 2000s", None, ("2000", "2009", "decade", None)),
    ("the 19th century", None, ("1800", "1899", "century", None)),
    ("the nineteenth century", None, ("1800", "1899", "century", None)),
    ("the 1900s", None, ("1900", "1999", "century", None)),
    # ranges
    ("2003-2011", None, ("2003", "2011", "year", None)),
    ("2003\u201311", None, ("2003", "2011", "year", None)),
    ("from 2003 to 2011", None, ("2003", "2011", "year", None)),
    ("between 1990 and 1995", None, ("1990", "1995", "year", None)),
    ("2014-15", None, ("2014", "2015", "year", None)),
    ("June 19-21", None, ("2014-06-19", "2014-06-21", "day", None)),
    ("from June to August 2014", None, ("2014-06", "2014-08", "month", None)),
    ("from June 19 to July 2", None, ("2014-06-19", "2014-07-02", "day", None)),
    # full dates in every usual spelling
    ("June 2014", None, ("2014-06", "2014-06", "month", None)),
    ("June 19, 2014", None, ("2014-06-19", "2014-06-19", "day", None)),
    ("19 June 2014", None, ("2014-06-19", "2014-06-19", "day", None)),
    ("2014-06-19", None, ("2014-06-19", "2014-06-19", "day", None)),
    ("2014-06", None, ("2014-06", "2014-06", "month", None)),
    ("Jun. 19", None, ("2014-06-19", "2014-06-19", "day", None)),
    ("Sept. 12, 2013", None, ("2013-09-12", "2013-09-12", "day", None)),
    ("Thursday, June 19", None, ("2014-06-19", "2014-06-19", "day", None)),
    ("the 19th of June", None, ("2014-06-19", "2014-06-19", "day", None)),
    ("6/19/2014", None, ("2014-06-19", "2014-06-19", "day", None)),
    # relative to the publication day
    ("last year", None, ("2013", "2013", "year", None)),
    ("next month", None, ("2014-08", "2014-08", "month", None)),
    ("earlier this month", "past", ("2014-07", "2014-07", "month", None)),
    ("yesterday", None, ("2014-07-25", "2014-07-25", "day", None)),
    ("today", None, ("2014-07-26", "2014-07-26", "day", None)),
    ("last week", None, ("2014-07-14", "2014-07-20", "day", None)),
    ("this week", None, ("2014-07-21", "2014-07-27", "day", None)),
    ("two days ago", None, ("2014-07-24", "2014-07-24", "day", None)),
    ("12 years ago", None, ("2002", "2002", "year", None)),
    ("the past 12 years", None, ("2002", "2014", "year", None)),
    ("the first quarter of 2014", None, ("2014-01", "2014-03", "month", None)),
    ("summer 2013", None, ("2013-06", "2013-08", "month", None)),
])
def test_normalise_reads_the_time_words_of_news(text, tense, expected):
    assert _interval(text, tense) == expected


@pytest.mark.parametrize("text", [
    "12 years", "for 12 years", "for years", "recently", "now", "a decade", "the next few days",
    "in recent years", "each year", "annual", "200", "1,500", "", "   ",
    "a year earlier", "two days later", "the winter",
])
def test_durations_and_vague_words_are_not_times(text):
    assert normalise(text, SEED_DAY) is None


@pytest.mark.parametrize("text, tense, expected", [
    # a month after the reference month: next occurrence for the future, last year for the past
    ("in August", "future", "2014-08"),
    ("in August", None, "2014-08"),          # the nearest reading: next month
    ("in August", "past", "2013-08"),
    ("in June", "future", "2015-06"),
    ("in June", "past", "2014-06"),
    ("in July", "past", "2014-07"),
    ("in July", "future", "2014-07"),
    ("December 20", "past", "2013-12-20"),
    ("December 20", "future", "2014-12-20"),
    ("July 30", None, "2014-07-30"),
])
def test_year_less_dates_follow_the_tense(text, tense, expected):
    assert normalise(text, SEED_DAY, tense=tense).start == expected


@pytest.mark.parametrize("text, tense, expected", [
    ("Monday", "past", "2014-07-21"),        # 26 July 2014 was a Saturday
    ("on Monday", "future", "2014-07-28"),
    ("Monday", None, "2014-07-28"),          # two days ahead is nearer than five back
    ("Thursday", None, "2014-07-24"),
    ("Saturday", "past", "2014-07-26"),      # the article's own weekday is its day
    ("last Saturday", None, "2014-07-19"),
    ("next Saturday", None, "2014-08-02"),
    ("Monday night", "past", "2014-07-21"),
    ("Sunday's", "future", "2014-07-27"),
])
def test_weekdays_are_the_nearest_such_day_in_the_tense(text, tense, expected):
    value = normalise(text, SEED_DAY, tense=tense)
    assert (value.start, value.end, value.precision) == (expected, expected, "day")


def test_the_value_keeps_the_words_it_was_read_from():
    value = normalise("  In a June 19  ".replace("In a ", ""), SEED_DAY)
    assert value.text == "June 19"
    assert normalise("(2003-11)", SEED_DAY).text == "(2003-11)"


@pytest.mark.parametrize("text, start, end, start_type, end_type", [
    ("June 19", "2014-06-19", "2014-06-19", XSD.date, XSD.date),
    ("early June", "2014-06", "2014-06", XSD.gYearMonth, XSD.gYearMonth),
    ("the 1980s", "1980", "1989", XSD.gYear, XSD.gYear),
    ("(2003-11)", "2003", "2011", XSD.gYear, XSD.gYear),
])
def test_literals_carry_the_xsd_type_of_their_form(text, start, end, start_type, end_type):
    value = normalise(text, SEED_DAY)
    assert value.start_literal().datatype == start_type
    assert str(value.start_literal()) == start
    assert value.end_literal().datatype == end_type
    assert str(value.end_literal()) == end


def test_years_before_1000_are_written_with_four_digits():
    value = TimeValue("0800", "0899", "century", "the ninth century")
    assert normalise("the ninth century", SEED_DAY) == value
    assert str(value.start_literal()) == "0800"


def test_a_datetime_reference_counts_as_its_day():
    assert normalise("yesterday", dt.datetime(2014, 7, 26, 23, 30)).start == "2014-07-25"


def test_an_unknown_tense_is_refused():
    with pytest.raises(ValueError, match="tense"):
        normalise("June 19", SEED_DAY, tense="present perfect")


SEED_PASSAGE = (
    "July 26 \u2014 In early June news from Iraq suddenly burst out. In a June 19 speech, "
    "President Barack Obama promised advisers. To blame is the criminal invasion and "
    "occupation of Iraq (2003-11). In the 1980s, the U.S. offered military aid. In 1991, the "
    "U.S. bombed Iraq and then imposed sanctions for 12 years. Troops will march in May; in "
    "the \u201990s and late 2013 and on 19 June 2014 and 2014-06-19 things happened, as in the "
    "19th century. Prices rose in March 2014 and May of 2013."
)


def test_find_time_expressions_finds_the_forms_a_tagger_misses():
    found = [SEED_PASSAGE[b:e] for b, e in find_time_expressions(SEED_PASSAGE)]
    assert found == [
        "July 26", "early June", "June 19", "2003-11", "the 1980s", "1991",
        "the \u201990s", "late 2013", "19 June 2014", "2014-06-19", "the 19th century",
        "March 2014", "May of 2013",
    ]


def test_found_spans_normalise_against_the_article_date():
    spans = find_time_expressions(SEED_PASSAGE)
    values = [normalise(SEED_PASSAGE[b:e], SEED_DAY) for b, e in spans]
    assert all(values)
    assert values[3].start == "2003" and values[3].end == "2011"
    assert "12 years" not in [SEED_PASSAGE[b:e] for b, e in spans]  # a duration


@pytest.mark.parametrize("text, reference", [
    ("the '90s", dt.date(1, 1, 1)),            # would be the year -10
    ("the '90s to the '80s", dt.date(1, 1, 1)),
    ("next week", dt.date(9999, 12, 31)),      # would be in the year 10000
    ("tomorrow", dt.date(9999, 12, 31)),
])
def test_dates_beyond_the_calendar_give_none_not_an_error(text, reference):
    assert normalise(text, reference) is None


@pytest.mark.parametrize("text, expected", [
    ("this weekend", ("2014-07-26", "2014-07-27")),
    ("last weekend", ("2014-07-19", "2014-07-20")),
    ("next weekend", ("2014-08-02", "2014-08-03")),
])
def test_weekends_are_their_saturday_and_sunday(text, expected):
    value = normalise(text, SEED_DAY)
    assert (value.start, value.end, value.precision) == (*expected, "day")
