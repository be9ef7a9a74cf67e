"""Normalise the time words of news text against the article's publication date.

``normalise("June 19", date(2014, 7, 26))`` gives 2014-06-19 with day precision;
``normalise("in the 1980s", ...)`` gives 1980..1989 with decade precision. Cheap regular
expressions handle the common forms (full dates, months, years, decades, centuries, ranges,
"early/mid/late X", relative words, weekdays); dateparser reads what they miss, but only on
short spans and only to find the calendar fields (the year of a year-less date is resolved here,
from the reference and the verb's tense, never by dateparser's defaults).

Conventions (say them once, here):

- A decade is ``"1980".."1989"``; a century is ``"1800".."1899"`` for "the 19th century"
  (the popular reading, not the strict 1801..1900). "the 1900s" is the century 1900..1999; any
  other "the YYY0s" (including "the 2000s") is a decade.
- "2003-11" after a year is a range 2003..2011 (prose convention), not November 2003, when the
  two digits are greater than the year's last two; "2014-06" is June 2014.
- Durations ("12 years", "for years") and vague words ("recently", "now") give ``None``.
- A week ("last week", "this week") is its Monday..Sunday interval with day precision.
- A bare weekday of the reference's own weekday is the reference day ("said on Saturday" in a
  Saturday article); otherwise the nearest such day before (past) or after (future) the
  reference, or the nearest of the two when the tense is unknown.
- A year-less date or month is in the reference's year when that is consistent with the tense;
  with ``tense=None`` the nearest reading wins (ties go to the past).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from rdflib import Literal
from rdflib.namespace import XSD

__all__ = ["TimeValue", "normalise", "find_time_expressions", "PRECISIONS", "QUALIFIERS",
           "CAPITALISED_MONTH"]

PRECISIONS = ("day", "month", "year", "decade", "century")
QUALIFIERS = ("early", "mid", "late", "before", "after")

# --------------------------------------------------------------------------- the value


@dataclass(frozen=True)
class TimeValue:
    """A normalised time: an interval ``start..end`` (inclusive) at a precision."""

    start: str
    end: str
    precision: str
    text: str
    qualifier: str | None = None

    def start_literal(self) -> Literal:
        return _literal(self.start)

    def end_literal(self) -> Literal:
        return _literal(self.end)


def _literal(value: str) -> Literal:
    if len(value) == 10:
        return Literal(value, datatype=XSD.date)
    if len(value) == 7:
        return Literal(value, datatype=XSD.gYearMonth)
    return Literal(value, datatype=XSD.gYear)


def _day(d: _dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _year(year: int) -> str:
    return f"{year:04d}"


# A "core" value is a TimeValue without its text; the text is attached at the end.
def _v(start: str, end: str, precision: str, qualifier: str | None = None) -> TimeValue:
    return TimeValue(start, end, precision, "", qualifier)


def _day_value(d: _dt.date) -> TimeValue:
    return _v(_day(d), _day(d), "day")


def _month_value(year: int, month: int) -> TimeValue:
    return _v(_month(year, month), _month(year, month), "month")


def _year_value(year: int) -> TimeValue:
    return _v(_year(year), _year(year), "year")


# --------------------------------------------------------------------------- vocabulary

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty first": 21,
}
_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
_QUARTERS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}

_MONTH_RE = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
             r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY_RE = (r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?")
_NUM_WORD_RE = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_UNIT_RE = r"(?:years?|months?|weeks?|days?|decades?|centuries|century|hours?|minutes?)"

# --------------------------------------------------------------------------- cleaning

_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-",
                         "\u2019": "'", "\u2018": "'", "\u00a0": " "})
_LEADING = re.compile(
    r"^(?:in|on|at|during|of|around|about|circa|c\.|ca\.|as of|as early as|as late as|"
    r"some time in|sometime in|throughout|through|by|the year|the years|year)\s+")
_BEFORE = re.compile(r"^(?:before|prior to|until|till|up to|up until|no later than)\s+")
_AFTER = re.compile(r"^(?:after|since|from|starting|beginning)\s+(?!.*\b(?:to|-|until|through)\b)")
_QUALIFIER = re.compile(
    r"^(?:(?P<q>early|mid|late)(?:\s*-\s*|\s+)(?:in\s+)?|"
    r"the\s+(?P<e>end|close|beginning|start|middle|turn)\s+of\s+(?:the\s+)?)")
_THE_QUALIFIED = re.compile(r"^the\s+(?=(?:early|mid|late)\b)")
_EARLIER_LATER = re.compile(r"^(?:earlier|later)\s+")
_TIME_OF_DAY = re.compile(r"\s+(?:morning|afternoon|evening|night|noon|midday|midnight)$")


def _clean(text: str) -> str:
    s = text.translate(_DASHES).strip().lower()
    s = re.sub(r"\s+", " ", s)
    s = s.strip(" ,;:.!?\"")
    while s.startswith("(") and s.endswith(")") or s.startswith("[") and s.endswith("]"):
        s = s[1:-1].strip()
    s = s.strip(" ,;:!?\"")
    s = re.sub(r"(?<=[a-z])'s$", "", s)
    return s


# --------------------------------------------------------------------------- year resolution


def _resolve_month(month: int, ref: _dt.date, tense: str | None) -> tuple[int, int]:
    """Year of a year-less month."""
    if tense == "past":
        return (ref.year if month <= ref.month else ref.year - 1), month
    if tense == "future":
        return (ref.year if month >= ref.month else ref.year + 1), month
    back = (ref.month - month) % 12
    ahead = (month - ref.month) % 12
    if back <= ahead:
        return (ref.year if month <= ref.month else ref.year - 1), month
    return (ref.year if month >= ref.month else ref.year + 1), month


def _safe_date(year: int, month: int, day: int) -> _dt.date | None:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def _resolve_day(month: int, day: int, ref: _dt.date, tense: str | None) -> _dt.date | None:
    """Date of a year-less month and day."""
    this = _safe_date(ref.year, month, day)
    before = _safe_date(ref.year - 1, month, day)
    after = _safe_date(ref.year + 1, month, day)
    if this is None and before is None and after is None:
        return None
    past = this if this is not None and this <= ref else before
    future = this if this is not None and this >= ref else after
    if tense == "past":
        return past
    if tense == "future":
        return future
    if past is None:
        return future
    if future is None:
        return past
    return past if (ref - past) <= (future - ref) else future


def _resolve_weekday(weekday: int, ref: _dt.date, tense: str | None, which: str | None) -> _dt.date:
    back = (ref.weekday() - weekday) % 7
    ahead = (weekday - ref.weekday()) % 7
    if which == "last":
        return ref - _dt.timedelta(days=back or 7)
    if which == "next":
        return ref + _dt.timedelta(days=ahead or 7)
    if back == 0:
        return ref
    if tense == "past":
        return ref - _dt.timedelta(days=back)
    if tense == "future":
        return ref + _dt.timedelta(days=ahead)
    return ref - _dt.timedelta(days=back) if back <= ahead else ref + _dt.timedelta(days=ahead)


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _two_digit_year(yy: int, ref: _dt.date) -> int:
    """'90 -> 1990 for a 2014 reference; '10 -> 2010; the latest not after the reference."""
    year = (ref.year // 100) * 100 + yy
    return year if year <= ref.year else year - 100


# --------------------------------------------------------------------------- the rules

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH_OR_RANGE = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(?:(\d{2})|')?(\d)0'?s$")
_CENTURY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)\s*-?\s*century$")
_CENTURY_WORDS = re.compile(r"^([a-z]+(?:[- ][a-z]+)?)\s+century$")
_WEEKDAY_PREFIX = rf"(?:{_WEEKDAY_RE},?\s+)?"
_MDY = re.compile(rf"^{_WEEKDAY_PREFIX}({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?"
                  rf"(?:,?\s+(\d{{4}}))?$")
_DMY = re.compile(rf"^{_WEEKDAY_PREFIX}(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
                  rf"({_MONTH_RE}),?(?:\s+(\d{{4}}))?$")
_MY = re.compile(rf"^({_MONTH_RE})(?:,?\s+(?:of\s+)?(\d{{4}}|'\d{{2}}))?$")
_RELATIVE_DAY = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "yesterday morning": -1, "yesterday afternoon": -1,
    "yesterday evening": -1, "tomorrow": 1, "tomorrow morning": 1, "tomorrow night": 1,
    "the day before yesterday": -2, "the day after tomorrow": 2,
}
_RELATIVE_PERIOD = re.compile(
    r"^(last|this|next|past|previous|coming|current)\s+"
    r"(year|month|week|weekend|spring|summer|autumn|fall|winter)$")
_AGO = re.compile(rf"^(\d+|{_NUM_WORD_RE})\s+(years?|months?|weeks?|days?|decades?)\s+ago$")
_PAST_N = re.compile(rf"^(?:over\s+|for\s+|in\s+|during\s+)?(?:the\s+)?(?:past|last|previous)\s+"
                     rf"(?:(\d+|{_NUM_WORD_RE})\s+)?(years?|months?|decades?)$")
_WEEKDAY = re.compile(rf"^(?:(last|this|next|on|past|coming)\s+)?({_WEEKDAY_RE})$")
_DURATION = re.compile(
    rf"^(?:for|over|within|in|after|about|nearly|almost|more than|less than|at least|some)?\s*"
    rf"(?:the\s+)?(?:next\s+|past\s+|last\s+)?"
    rf"(?:\d+(?:\.\d+)?|{_NUM_WORD_RE}|several|many|few|a few|some|dozens of|hundreds of|"
    rf"thousands of)(?:\s+(?:more|full|long))?\s+{_UNIT_RE}(?:\s+(?:long|old|later|more))?$")
_SEASON = re.compile(r"^(spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(\d{4}))?$")
_QUARTER = re.compile(r"^(?:(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter|q([1-4]))"
                      r"(?:\s+(?:of\s+)?(\d{4}))?$")
_HALF = re.compile(r"^(first|second)\s+half(?:\s+of)?(?:\s+(\d{4}))?$")
_RANGE_BETWEEN = re.compile(r"^between\s+(.+?)\s+and\s+(.+)$")
_RANGE_FROM = re.compile(r"^(?:from\s+)?(.+?)\s*"
                         r"(?:\s-\s|-|\bto\b|\bthrough\b|\bthru\b|\buntil\b|\btill\b)\s*(.+)$")
_MONTH_DAY_RANGE = re.compile(rf"^({_MONTH_RE})\s+(\d{{1,2}})\s*-\s*(\d{{1,2}})"
                              rf"(?:,?\s+(\d{{4}}))?$")
_DAY_RANGE_MONTH = re.compile(rf"^(\d{{1,2}})\s*-\s*(\d{{1,2}})\s+({_MONTH_RE})"
                              rf"(?:,?\s+(\d{{4}}))?$")
_HAS_DATE_WORD = re.compile(rf"\b(?:{_MONTH_RE}|{_WEEKDAY_RE})(?![a-z])|\d")


def normalise(text: str, reference: _dt.date, *, tense: str | None = None) -> TimeValue | None:
    """Normalise a time expression read from an article published on ``reference``.

    ``tense`` is the tense of the verb the expression attaches to ("past", "future" or None).
    Returns ``None`` for durations, vague words and anything that is not a point or interval
    in time.
    """
    if tense not in (None, "past", "future"):
        raise ValueError(f"tense must be 'past', 'future' or None, not {tense!r}")
    if isinstance(reference, _dt.datetime):
        reference = reference.date()
    try:
        value = _normalise(_clean(text), reference, tense)
    except (ValueError, OverflowError):  # calendar arithmetic beyond year 1..9999
        return None
    if value is None or value.start.startswith("-") or value.end.startswith("-"):
        return None
    return replace(value, text=text.strip())


@lru_cache(maxsize=4096)
def _normalise(s: str, ref: _dt.date, tense: str | None) -> TimeValue | None:
    if not s or len(s) > 80:
        return None
    qualifier = None
    m = _BEFORE.match(s)
    if m:
        qualifier, s = "before", s[m.end():]
    else:
        m = _AFTER.match(s)
        if m:
            qualifier, s = "after", s[m.end():]
    s = _LEADING.sub("", s, count=1)
    s = _EARLIER_LATER.sub("", s, count=1)
    s = _THE_QUALIFIED.sub("", s, count=1)
    m = _QUALIFIER.match(s)
    if m:
        if m.group("q"):
            q = m.group("q")
        else:
            q = {"end": "late", "close": "late", "beginning": "early", "start": "early",
                 "middle": "mid", "turn": "early"}[m.group("e")]
        qualifier = qualifier or q
        s = s[m.end():]
    if s.startswith("the "):
        s = s[4:]
    if not s:
        return None
    value = _core(s, ref, tense)
    if value is None:
        return None
    if qualifier and value.qualifier is None:
        value = replace(value, qualifier=qualifier)
    return value


def _core(s: str, ref: _dt.date, tense: str | None) -> TimeValue | None:
    # The cheap exact forms first.
    m = _ISO_DAY.match(s)
    if m:
        d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        return _day_value(d) if d else None
    m = _YEAR.match(s)
    if m:
        return _year_value(int(m[1])) if 1000 <= int(m[1]) <= 2999 else None
    m = _ISO_MONTH_OR_RANGE.match(s)
    if m:
        year, tail = int(m[1]), int(m[2])
        if tail > year % 100:
            return _v(_year(year), _year(year - year % 100 + tail), "year")
        return _month_value(year, tail) if 1 <= tail <= 12 else None
    m = _DECADE.match(s)
    if m:
        digit = int(m[2])
        if m[1]:
            base = int(m[1]) * 100 + digit * 10
            if digit == 0 and base < 2000:  # "the 1900s": the century
                return _v(_year(base), _year(base + 99), "century")
        else:
            base = _two_digit_year(digit * 10, ref)
        return _v(_year(base), _year(base + 9), "decade")
    if s in _DECADE_WORDS:
        base = _two_digit_year(_DECADE_WORDS[s] * 10, ref)
        return _v(_year(base), _year(base + 9), "decade")
    m = _CENTURY.match(s) or _CENTURY_WORDS.match(s)
    if m:
        n = int(m[1]) if m[1].isdigit() else _ORDINAL_WORDS.get(m[1])
        if not n:
            return None
        return _v(_year((n - 1) * 100), _year((n - 1) * 100 + 99), "century")
    if s in _RELATIVE_DAY:
        return _day_value(ref + _dt.timedelta(days=_RELATIVE_DAY[s]))
    m = _RELATIVE_PERIOD.match(s)
    if m:
        return _relative_period(m[1], m[2], ref)
    m = _AGO.match(s)
    if m:
        return _ago(_number(m[1]), m[2], ref)
    m = _PAST_N.match(s)
    if m:
        n = _number(m[1]) if m[1] else 1
        unit = m[2].rstrip("s")
        if unit == "month":
            y, mo = _add_months(ref.year, ref.month, -n)
            return _v(_month(y, mo), _month(ref.year, ref.month), "month")
        years = n * (10 if unit == "decade" else 1)
        return _v(_year(ref.year - years), _year(ref.year), "year")
    if _DURATION.match(s):
        return None
    m = _WEEKDAY.match(_TIME_OF_DAY.sub("", s))
    if m:
        day = _WEEKDAYS[_weekday_key(m[2])]
        which = {"last": "last", "past": "last", "next": "next", "coming": "next"}.get(m[1] or "")
        return _day_value(_resolve_weekday(day, ref, tense, which))
    value = _calendar(s, ref, tense)
    if value is not None:
        return value
    value = _range(s, ref, tense)
    if value is not None:
        return value
    return _dateparser(s, ref, tense)


def _weekday_key(word: str) -> str:
    word = word.rstrip(".")
    if word in _WEEKDAYS:
        return word
    for full in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"):
        if full.startswith(word[:3]):
            return full
    return word


def _month_number(word: str) -> int:
    return _MONTHS[word.rstrip(".")]


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _calendar(s: str, ref: _dt.date, tense: str | None) -> TimeValue | None:
    """Month-day(-year), day-month(-year), month(-year), seasons, quarters and halves."""
    m = _MDY.match(s)
    if m:
        return _month_day(_month_number(m[1]), int(m[2]), m[3], ref, tense)
    m = _DMY.match(s)
    if m:
        return _month_day(_month_number(m[2]), int(m[1]), m[3], ref, tense)
    m = _MY.match(s)
    if m:
        month = _month_number(m[1])
        if m[2]:
            year = _two_digit_year(int(m[2][1:]), ref) if m[2].startswith("'") else int(m[2])
            return _month_value(year, month)
        return _month_value(*_resolve_month(month, ref, tense))
    m = _SEASON.match(s)
    if m and m[1] != "winter":
        first, last = _SEASONS[m[1]]
        if m[2]:
            year = int(m[2])
        else:
            year, _ = _resolve_month(first, ref, tense)
        return _v(_month(year, first), _month(year, last), "month")
    m = _QUARTER.match(s)
    if m:
        n = int(m[2]) if m[2] else {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(
            m[1], None) or int(m[1][0])
        first, last = _QUARTERS[n]
        year = int(m[3]) if m[3] else ref.year
        return _v(_month(year, first), _month(year, last), "month")
    m = _HALF.match(s)
    if m:
        first, last = (1, 6) if m[1] == "first" else (7, 12)
        year = int(m[2]) if m[2] else ref.year
        return _v(_month(year, first), _month(year, last), "month")
    return None


def _month_day(month: int, day: int, year: str | None, ref: _dt.date,
               tense: str | None) -> TimeValue | None:
    if year:
        d = _safe_date(int(year), month, day)
    else:
        d = _resolve_day(month, day, ref, tense)
    return _day_value(d) if d else None


def _relative_period(which: str, unit: str, ref: _dt.date) -> TimeValue | None:
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
    if unit == "year":
        return _year_value(ref.year + step)
    if unit == "month":
        return _month_value(*_add_months(ref.year, ref.month, step))
    if unit == "week":
        monday = ref - _dt.timedelta(days=ref.weekday()) + _dt.timedelta(weeks=step)
        return _v(_day(monday), _day(monday + _dt.timedelta(days=6)), "day")
    if unit == "weekend":
        saturday = ref - _dt.timedelta(days=ref.weekday()) + _dt.timedelta(days=5, weeks=step)
        return _v(_day(saturday), _day(saturday + _dt.timedelta(days=1)), "day")
    if unit == "winter":
        return None  # spans two years; too vague to pin without more context
    first, last = _SEASONS[unit]
    year = ref.year
    if step == -1 and ref.month <= last:
        year -= 1
    elif step == 1 and ref.month >= first:
        year += 1
    return _v(_month(year, first), _month(year, last), "month")


def _ago(n: int, unit: str, ref: _dt.date) -> TimeValue | None:
    unit = unit.rstrip("s")
    if unit == "year":
        return _year_value(ref.year - n)
    if unit == "decade":
        return _year_value(ref.year - 10 * n)
    if unit == "month":
        return _month_value(*_add_months(ref.year, ref.month, -n))
    days = n * (7 if unit == "week" else 1)
    return _day_value(ref - _dt.timedelta(days=days))


def _first_day(value: str) -> _dt.date:
    """The first day of a start value; the last day of the year for a bare year (so that a
    year-less left end of a range falls inside that year)."""
    if len(value) == 10:
        return _dt.date.fromisoformat(value)
    if len(value) == 7:
        return _dt.date(int(value[:4]), int(value[5:7]), 1)
    return _dt.date(int(value[:4]), 12, 31)


_PRECISION_RANK = {p: i for i, p in enumerate(PRECISIONS)}


def _range(s: str, ref: _dt.date, tense: str | None) -> TimeValue | None:
    """Ranges: "2003-2011", "from 2003 to 2011", "between 1990 and 1995", "June 19-21"."""
    m = _MONTH_DAY_RANGE.match(s) or _DAY_RANGE_MONTH.match(s)
    if m:
        if m.re is _MONTH_DAY_RANGE:
            month, d1, d2, year = _month_number(m[1]), int(m[2]), int(m[3]), m[4]
        else:
            d1, d2, month, year = int(m[1]), int(m[2]), _month_number(m[3]), m[4]
        if d2 <= d1:
            return None
        first = _month_day(month, d1, year, ref, tense)
        if first is None:
            return None
        last = _safe_date(int(first.start[:4]), month, d2)
        return _v(first.start, _day(last), "day") if last else None
    m = _RANGE_BETWEEN.match(s) or _RANGE_FROM.match(s)
    if not m:
        return None
    left, right = m[1].strip(" ,"), m[2].strip(" ,")
    right_value = _normalise(right, ref, tense)
    if right_value is None:
        return None
    anchor = _first_day(right_value.start)
    left_value = _normalise(left, anchor, "past")
    if left_value is None or left_value.start > right_value.end:
        return None
    precision = max(left_value.precision, right_value.precision, key=_PRECISION_RANK.get)
    return _v(left_value.start, right_value.end, precision)


# --------------------------------------------------------------------------- dateparser fallback


@lru_cache(maxsize=64)
def _parser(ref: _dt.date):
    from dateparser.date import DateDataParser  # imported lazily: it costs ~0.1 s

    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": _dt.datetime(ref.year, ref.month, ref.day),
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    })


_YEAR_IN_TEXT = re.compile(r"\b\d{4}\b")


def _dateparser(s: str, ref: _dt.date, tense: str | None) -> TimeValue | None:
    """Last resort for unusual spellings ("the 19th of June", "6/19/2014"), on short spans only."""
    if len(s.split()) > 6 or not _HAS_DATE_WORD.search(s):
        return None
    data = _parser(ref).get_date_data(s)
    if data is None or data.date_obj is None:
        return None
    found, period = data.date_obj.date(), data.period
    has_year = bool(_YEAR_IN_TEXT.search(s))
    relative = not has_year and not re.search(_MONTH_RE, s) and re.search(r"\d", s) is None
    if period == "day":
        if not has_year and not relative:
            found = _resolve_day(found.month, found.day, ref, tense) or found
        return _day_value(found)
    if period == "month":
        if not has_year:
            return _month_value(*_resolve_month(found.month, ref, tense))
        return _month_value(found.year, found.month)
    if period == "year" and has_year:
        return _year_value(found.year)
    return None


# --------------------------------------------------------------------------- finding spans

#: A month name as written in running text, capitalised ("June", "Sept."), so that "march"
#: the verb is not one (a regular expression; graph.reader uses it for datelines).
CAPITALISED_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
                     r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# Month names that are common words ("March", "May") stand alone only with a day or a year.
_MONTH_ALONE = (r"(?:January|February|April|June|July|August|September|October|November|"
                r"December)")
_Q = r"(?:(?i:early|mid|late)(?:\s*-\s*|\s+))?"
_THE = r"(?:(?i:the)\s+)?"
_ORDINALS = "|".join(k for k in _ORDINAL_WORDS if " " not in k)
_SPAN_PATTERNS = tuple(re.compile(p) for p in (
    # ISO dates and year ranges, including "(2003-11)" (the span excludes the parentheses)
    r"(?P<t>\b\d{4}-\d{2}-\d{2}\b)",
    r"(?P<t>\b(?:1[0-9]|20)\d{2}\s*[-\u2013\u2014]\s*(?:\d{4}|\d{2})\b)(?!-)",
    # decades and centuries
    rf"(?P<t>\b{_THE}{_Q}(?:\d{{3}}0'?s|['\u2019]\d0s))\b",
    rf"(?P<t>\b{_THE}{_Q}(?:\d{{1,2}}(?:st|nd|rd|th)|(?i:{_ORDINALS}))[\s-](?i:century))\b",
    # month-day(-year), day-month(-year), month-year, month alone
    rf"(?P<t>\b{_Q}{CAPITALISED_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-\u2013]\s*\d{{1,2}})?"
    rf"(?:,?\s+\d{{4}})?)\b",
    rf"(?P<t>\b\d{{1,2}}(?:\s*[-\u2013]\s*\d{{1,2}})?\s+{CAPITALISED_MONTH}(?:,?\s+\d{{4}})?)\b",
    rf"(?P<t>\b{_Q}{CAPITALISED_MONTH}(?:,?\s+(?:of\s+)?\d{{4}}))\b",
    rf"(?P<t>\b{_Q}{_MONTH_ALONE})\b",
    # years after a preposition or with a qualifier ("in 1991", "since 2003", "late 2013")
    r"\b(?i:in|since|until|till|before|after|during|from|by|of)\s+"
    r"(?P<t>(?:1[0-9]|20)\d{2})\b(?!\s*[-\u2013]\s*\d)",
    r"(?P<t>\b(?i:early|mid|late)(?:\s*-\s*|\s+)(?:1[0-9]|20)\d{2})\b",
))


def find_time_expressions(text: str) -> list[tuple[int, int]]:
    """Character spans ``(begin, end)`` of date-like expressions in ``text``, in text order.

    Meant to complement a statistical tagger, which misses forms like "(2003-11)" or "the '90s"
    (for "(2003-11)" the span is "2003-11", without the parentheses). Only spans whose words
    normalise to a time are kept; where candidates overlap, the longest wins.
    """
    probe = _dt.date(2000, 1, 1)
    candidates = set()
    for pattern in _SPAN_PATTERNS:
        for m in pattern.finditer(text):
            candidates.add(m.span("t"))
    spans: list[tuple[int, int]] = []
    for begin, end in sorted(candidates, key=lambda span: (span[0], span[0] - span[1])):
        if spans and begin < spans[-1][1]:
            continue
        if normalise(text[begin:end], probe) is None:
            continue
        spans.append((begin, end))
    return spans
