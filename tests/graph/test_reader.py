"""Reading articles: text, front matter, HTML; datelines; boilerplate; bad input."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from pathlib import Path

import pytest

from graph.errors import InputError, UsageError
from graph.reader import (
    ARTICLE_SUFFIXES,
    BOILERPLATE_PATTERNS,
    clean_text,
    iter_article_paths,
    parse_article,
    read_article,
    split_dateline,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "reader"
SEED_MD = ROOT / "data" / "articles" / "seed.md"

# A body long enough to pass the length and language checks.
BODY = ("Officials said the storm hit the coast on Monday and damaged hundreds of homes in the "
        "low-lying districts, while rescue teams worked through the night to reach villages "
        "cut off by the floods.")
SECOND = "The regional government said it would publish a full damage report within a month."


def _parse(text: str, **kwargs):
    return parse_article(text.encode("utf-8"), **kwargs)


# --------------------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed():
    return read_article(SEED_MD)


def test_seed_metadata_comes_from_its_front_matter(seed):
    assert seed.title == "Anti-Maliki coalition formed in Iraq"
    assert seed.published == dt.date(2014, 7, 26)
    assert seed.publisher == "Workers World"
    assert seed.url is None and seed.author is None
    assert seed.language == "en"
    assert seed.source_path == SEED_MD


def test_seed_keeps_its_dateline_in_the_text(seed):
    assert seed.dateline == "July 26"
    assert seed.text.startswith("July 26 \u2014 In early June news from Iraq")
    place, date_text, agency, end = split_dateline(seed.text)
    assert (place, date_text, agency) == (None, "July 26", None)
    assert seed.text[end:].startswith("In early June")


def test_seed_share_buttons_are_dropped(seed, shared_dir):
    raw = (shared_dir / "corpus" / "seed.txt").read_text(encoding="utf-8")
    assert "Simple Share Buttons" in raw and "Share this" in raw
    assert "Share" not in seed.text
    assert seed.text.endswith("get out and stay out of Iraq.")


def test_seed_text_is_the_body_with_paragraph_breaks(seed, shared_dir):
    raw = (shared_dir / "corpus" / "seed.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in raw.split("\n\n")[1:] if p.strip() and "Share" not in p]
    # the last paragraph ends in a lone "(" left by a stripped link: debris, dropped
    assert paragraphs[-1].rstrip().endswith("stay out of Iraq. (")
    paragraphs[-1] = paragraphs[-1].rstrip().removesuffix(" (")
    assert seed.text == "\n\n".join(p.strip() for p in paragraphs)
    assert "Washington wrecked Iraq" in seed.text.split("\n\n")  # a subhead stays a paragraph
    assert unicodedata.is_normalized("NFC", seed.text)


def test_content_hash_is_the_sha256_of_the_text(seed):
    assert seed.content_hash == hashlib.sha256(seed.text.encode("utf-8")).hexdigest()


def test_the_plain_seed_with_a_date_is_the_same_article(seed, shared_dir):
    plain = read_article(shared_dir / "corpus" / "seed.txt", {"published": "2014-07-26"})
    assert plain.title == seed.title            # the headline line is recognised
    assert plain.text == seed.text
    assert plain.content_hash == seed.content_hash


def test_the_plain_seed_without_a_date_asks_for_one(shared_dir):
    with pytest.raises(InputError, match="--published YYYY-MM-DD") as caught:
        read_article(shared_dir / "corpus" / "seed.txt")
    assert "July 26" in caught.value.message   # says why the dateline is not enough
    assert caught.value.exit_code == 2


# --------------------------------------------------------------------------- overrides


def test_overrides_win_over_the_file():
    article = read_article(SEED_MD, {"title": "Another headline", "published": "2014-07-27",
                                     "publisher": "Someone Else", "author": "A. Writer",
                                     "url": "https://example.org/a"})
    assert article.title == "Another headline"
    assert article.published == dt.date(2014, 7, 27)
    assert article.publisher == "Someone Else"
    assert article.author == "A. Writer"
    assert article.url == "https://example.org/a"
    assert article.dateline == "July 26"        # a day apart still agrees


def test_override_values_that_are_none_are_ignored():
    article = read_article(SEED_MD, {"title": None, "published": None, "publisher": None})
    assert article.title == "Anti-Maliki coalition formed in Iraq"
    assert article.published == dt.date(2014, 7, 26)


def test_override_published_accepts_a_date_object():
    article = read_article(SEED_MD, {"published": dt.date(2014, 7, 25)})
    assert article.published == dt.date(2014, 7, 25)


def test_an_unknown_override_is_a_usage_error():
    with pytest.raises(UsageError, match="title, published, publisher, author, url"):
        read_article(SEED_MD, {"headline": "x"})


def test_a_malformed_published_override_says_the_format():
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        read_article(SEED_MD, {"published": "26/07/2014"})


def test_a_dateline_that_disagrees_with_the_date_is_not_reported():
    article = read_article(SEED_MD, {"published": "2014-09-02"})
    assert article.dateline is None
    assert article.published == dt.date(2014, 9, 2)
    assert article.text.startswith("July 26 \u2014")   # the text itself is unchanged


def test_a_dateline_with_a_year_dates_the_article():
    article = _parse("Vote count begins\n\nLONDON, Jan. 5, 2024 (Reuters) - " + BODY)
    assert article.published == dt.date(2024, 1, 5)
    assert article.dateline == "Jan. 5, 2024"


# --------------------------------------------------------------------------- the input forms


def test_plain_text_wire_story():
    article = read_article(DATA / "wire_quake.txt", {"published": "2021-03-04"})
    assert article.title == "Strong earthquake shakes northern coast, no tsunami expected"
    assert article.text.startswith("TOKYO, March 4 (Reuters) - A strong earthquake")
    assert article.dateline == "March 4"
    assert split_dateline(article.text)[:3] == ("TOKYO", "March 4", "Reuters")
    for furniture in ("Share this", "Tweet", "Email", "Advertisement", "Related:"):
        assert furniture not in article.text
    assert article.text.count("\n\n") == 2          # three paragraphs survive
    assert "in 2011 was followed by a large tsunami." in article.text


def test_first_paragraph_ending_in_a_period_is_not_a_headline():
    article = _parse(BODY + "\n\nA second paragraph follows with more words in it.",
                     overrides={"published": "2020-01-01"})
    assert article.title is None
    assert article.text.startswith("Officials said the storm")


def test_markdown_with_front_matter_under_other_keys():
    article = read_article(DATA / "council_budget.md")
    assert article.title == "City council approves flood defence budget"
    assert article.published == dt.date(2023, 9, 14)
    assert article.publisher == "The Riverside Courier"
    assert article.author == "Maria Lopez"
    assert article.url == "https://example.org/news/council-flood-budget"
    assert article.language == "en-GB"
    # the heading repeating the title is gone, the Markdown marks are reduced to their words
    assert article.text.startswith("The city council on Wednesday approved a new budget")
    assert "after two winters of flooding damaged" in article.text
    assert "**" not in article.text and "](" not in article.text
    assert "subscribe" not in article.text
    assert article.text.count("\n\n") == 2


def test_html_page_with_meta_tags():
    article = read_article(DATA / "aid_report.html")
    assert article.title == "Aid convoy reaches flooded villages"
    assert article.published == dt.date(2022, 8, 30)
    assert article.publisher == "Valley Herald"
    assert article.author == "Sam Okafor"
    assert article.url == "https://example.org/2022/08/aid-convoy"
    assert article.dateline == "Aug. 29"            # one day before publication: agrees
    assert article.text.startswith("KARACHI, Aug. 29 (AP) \u2014 A convoy of trucks")
    for furniture in ("Home", "Share this", "Advertisement", "Copyright", "Valley Herald"):
        assert furniture not in article.text
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[2].startswith("\"We reached the first villages")


def test_html_page_with_json_ld_only():
    article = read_article(DATA / "jsonld_only.html")
    assert article.title == "Telescope spots water vapour around distant planet"
    assert article.published == dt.date(2024, 2, 12)
    assert article.publisher == "Lab Notes Daily"
    assert article.author == "Lee Chen"
    assert article.url == "https://example.org/science/water-vapour"
    assert article.text.startswith("Astronomers using a space telescope")


def test_html_is_recognised_by_its_content_without_a_suffix():
    raw = (DATA / "aid_report.html").read_bytes()
    article = parse_article(raw, name="<input>")
    assert article.title == "Aid convoy reaches flooded villages"


def test_html_line_breaks_and_inline_markup_keep_words_apart():
    html = ("<html><head><title>Council vote</title>"
            "<meta property='article:published_time' content='2020-05-05'></head><body>"
            "<article><h1>Council vote</h1><p>The council met on Tuesday<br>and voted on "
            "<b>the flood plan</b>, which <a href='/x'>critics</a> called too small.</p>"
            "<ul><li>The plan adds two new pumps to the river station.</li>"
            "<li>It raises the embankment by one metre.</li></ul></article></body></html>")
    article = parse_article(html.encode(), name="page.html")
    assert article.text == (
        "The council met on Tuesday\nand voted on the flood plan, which critics called too "
        "small.\n\nThe plan adds two new pumps to the river station.\n\nIt raises the "
        "embankment by one metre.")


@pytest.mark.parametrize("head", ["", "<title>Storm hits coast - The Daily Planet</title>"])
def test_html_headline_is_the_title_and_leaves_the_body(head):
    html = (f"<html><head>{head}<meta property='article:published_time' content='2020-01-02'>"
            f"</head><body><article><h1>Storm hits coast</h1><p>{BODY}</p><p>{SECOND}</p>"
            "</article></body></html>")
    article = parse_article(html.encode(), name="page.html")
    assert article.title == "Storm hits coast"
    assert article.text == f"{BODY}\n\n{SECOND}"


def test_reading_the_same_page_twice_gives_the_same_text():
    raw = (DATA / "aid_report.html").read_bytes()
    first, second = parse_article(raw, name="a.html"), parse_article(raw, name="a.html")
    assert first.text == second.text and first.content_hash == second.content_hash


def test_windows_1252_text_is_decoded():
    article = read_article(DATA / "cp1252.txt", {"published": "2020-01-01"})
    assert "the storm\u2019s damage was \u201csevere\u201d and that caf\u00e9 owners" in article.text
    assert article.title == "Storm damage assessed"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_marks_are_honoured(encoding):
    raw = ("Storm hits the coast\n\n" + BODY).encode(encoding)
    article = parse_article(raw, overrides={"published": "2020-01-01"})
    assert article.title == "Storm hits the coast"
    assert article.text == BODY


def test_a_byline_paragraph_names_the_author():
    article = _parse("Storm hits the coast\n\nBy Jane Roe, Associated Press\n\n" + BODY,
                     overrides={"published": "2020-01-01"})
    assert article.author == "Jane Roe"
    assert article.text == BODY


@pytest.mark.parametrize("opening", [
    "By Monday, the rebels had taken the city and its airport.",
    "By January 2015, the fund had run out of money.",
    "By The Numbers",
])
def test_sentences_starting_with_by_are_not_bylines(opening):
    article = _parse(f"Storm hits the coast\n\n{opening}\n\n{BODY}",
                     overrides={"published": "2020-01-01"})
    assert article.author is None
    assert article.text.startswith(opening)


def test_whitespace_is_normalised_and_offsets_stay_on_paragraphs():
    decomposed = unicodedata.normalize("NFD", "Caf\u00e9 owners")
    raw = f"Title here\n\n\n  {decomposed}   said\tthe storm \u00a0 hit.\r\n\r\n\r\n\r\n{BODY}  \n"
    article = _parse(raw, overrides={"published": "2020-01-01"})
    assert article.text == "Caf\u00e9 owners said the storm hit.\n\n" + BODY


# --------------------------------------------------------------------------- boilerplate


@pytest.mark.parametrize("line", [
    "Simple Share Buttons", "Share this", "Share this article", "Share on Facebook",
    "SHARE ON TWITTER", "Tweet", "Email", "Print", "Share | Tweet | Email",
    "Facebook Twitter WhatsApp", "Advertisement", "ADVERTISEMENT - SCROLL TO CONTINUE READING",
    "Click here to subscribe", "Related: Floods hit the north again", "Read more: Storm season",
    "Related Stories", "(", ")", "( )", "\u2014", "Follow us on Twitter",
    "Copyright 2022 Valley Herald. All rights reserved.", "\u00a9 2014 Workers World",
    "Sign up for our free newsletter", "Skip to main content", "4 min read",
])
def test_boilerplate_lines_are_dropped(line):
    assert clean_text(f"{BODY}\n\n{line}\n\n{BODY}") == f"{BODY}\n\n{BODY}"


@pytest.mark.parametrize("line", [
    "Share prices fell sharply on Monday as investors sold bank stocks.",
    "Email records show the minister knew of the plan.",
    "Printing presses were seized by the army.",
    "Copyright law was changed in 2019 after a long campaign.",
    "Related talks will continue next week in Geneva.",
    "Washington wrecked Iraq",
    "Advertisements for the vote were banned.",
])
def test_sentences_that_start_like_boilerplate_are_kept(line):
    assert clean_text(f"{BODY}\n\n{line}") == f"{BODY}\n\n{line}"


def test_boilerplate_patterns_are_a_module_level_tuple_of_regexes():
    assert isinstance(BOILERPLATE_PATTERNS, tuple)
    assert all(hasattr(p, "fullmatch") for p in BOILERPLATE_PATTERNS)


def test_link_debris_inside_lines_is_removed():
    text = clean_text("The report ( ) was published on the agency's website (\n\nNext.")
    assert text == "The report was published on the agency's website\n\nNext."


# --------------------------------------------------------------------------- datelines


@pytest.mark.parametrize("text, expected", [
    ("July 26 \u2014 In early June", (None, "July 26", None, "In early June")),
    ("July 26\u2014In early June", (None, "July 26", None, "In early June")),
    ("BAGHDAD, July 26 (Reuters) - Iraqi forces", ("BAGHDAD", "July 26", "Reuters", "Iraqi")),
    ("WASHINGTON (AP) \u2014 The Senate voted", ("WASHINGTON", None, "AP", "The Senate")),
    ("LONDON, Jan. 5 \u2014 Britain said", ("LONDON", "Jan. 5", None, "Britain")),
    ("BEIRUT \u2014 A blast shook", ("BEIRUT", None, None, "A blast")),
    ("UNITED NATIONS, June 3 (Reuters) - The council", ("UNITED NATIONS", "June 3", "Reuters", "The")),
    ("Kyiv, Ukraine (AP) \u2014 Russian drones", ("Kyiv, Ukraine", None, "AP", "Russian")),
    ("DUBAI, United Arab Emirates (AP) \u2014 Iran said", ("DUBAI, United Arab Emirates", None, "AP", "Iran")),
    ("NEW YORK, Sept. 12, 2023 /PRNewswire/ -- Acme Corp", ("NEW YORK", "Sept. 12, 2023", "PRNewswire", "Acme")),
    ("PARIS, 12 July \u2013 Farmers protested", ("PARIS", "12 July", None, "Farmers")),
    ("Monday, July 21 \u2014 Talks resumed", (None, "Monday, July 21", None, "Talks")),
    ("(Reuters) - Oil prices rose", (None, None, "Reuters", "Oil")),
])
def test_datelines_are_split_into_place_date_and_agency(text, expected):
    place, date_text, agency, end = split_dateline(text)
    assert (place, date_text, agency) == expected[:3]
    assert text[end:].startswith(expected[3])


@pytest.mark.parametrize("text", [
    "The Senate \u2014 which met on Monday \u2014 voted.",
    "UPDATE \u2014 The figures were revised.",
    "In a June 19 speech, the president spoke.",
    "Officials said - without giving details - that talks failed.",
    "",
])
def test_ordinary_openings_are_not_datelines(text):
    assert split_dateline(text) == (None, None, None, 0)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("raw, message", [
    (b"", "empty"),
    (b"  \n\n\t ", "empty"),
    (b"Storm report\x00\x01\x02 binary" * 40, "binary"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n" * 20, "PDF"),
    (bytes(range(128, 256)) * 20, "binary"),
    (bytes(range(1, 32)) * 60, "binary"),
    ((b"The storm hit the coast on Monday and officials said the damage was severe in many "
      b"towns along the shore. \xff\xfe\xfd\xfc\xfb\x80\x81") * 3,
     "unknown encoding: save the file as UTF-8"),
    (b"Storm hits\n\nJust a few words here.", "at least 20 words"),
    (b"---\ntitle: [unclosed\n---\n" + BODY.encode(), "front matter is not valid YAML"),
    (b"---\nlanguage: de\npublished: 2020-01-01\n---\n" + BODY.encode(), "the article is in de"),
])
def test_bad_input_is_an_input_error_that_says_what_to_do(raw, message):
    with pytest.raises(InputError, match=message) as caught:
        parse_article(raw, name="upload.txt", overrides={"published": "2020-01-01"})
    assert caught.value.message.startswith("upload.txt: ")
    assert caught.value.exit_code == 2


def test_english_text_wins_over_a_wrong_language_tag():
    long_body = f"{BODY} {SECOND} {BODY}"
    article = _parse(f"---\nlanguage: fr\npublished: 2020-01-01\n---\n{long_body}")
    assert article.language == "en"


def test_a_french_article_is_refused():
    with pytest.raises(InputError, match="the article is in fr .*newskg reads English news"):
        read_article(DATA / "french.txt", {"published": "2022-07-12"})


def test_an_article_without_any_date_names_the_flag():
    with pytest.raises(InputError, match="no publication date: pass --published YYYY-MM-DD"):
        read_article(DATA / "no_date.txt")


def test_a_dateline_without_a_year_is_not_enough():
    with pytest.raises(InputError, match="'Oct. 3' without a year; pass --published"):
        read_article(DATA / "dateline_no_year.txt")
    article = read_article(DATA / "dateline_no_year.txt", {"published": "2023-10-03"})
    assert article.dateline == "Oct. 3"


def test_a_front_matter_date_that_is_not_a_day_is_refused():
    with pytest.raises(InputError, match="not a day"):
        _parse(f"---\ndate: sometime last spring\n---\n{BODY}")


def test_a_front_matter_date_in_words_is_read():
    article = _parse(f"---\ndate: July 26, 2014\n---\n{BODY}")
    assert article.published == dt.date(2014, 7, 26)


# --------------------------------------------------------------------------- finding files


def test_iter_article_paths_walks_folders_sorted_and_skips_non_articles(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b/z.md", "b/a.html", "c.txt", "d.htm", "e.markdown", "README.md",
                 "notes.pdf", ".hidden/x.txt", ".draft.txt"):
        (tmp_path / name).write_text("x")
    found = iter_article_paths([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "b/a.html", "b/z.md", "c.txt", "d.htm", "e.markdown"]
    assert all(p.suffix in ARTICLE_SUFFIXES for p in found)


def test_iter_article_paths_keeps_files_as_given_and_once(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("x")
    other = tmp_path / "story.text"
    other.write_text("x")
    assert iter_article_paths([other, one, tmp_path]) == [other, one]


def test_iter_article_paths_refuses_missing_paths_and_empty_folders(tmp_path):
    with pytest.raises(InputError, match="no such file or directory"):
        iter_article_paths([tmp_path / "missing.txt"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="holds no article"):
        iter_article_paths([tmp_path / "empty"])


def test_the_project_articles_folder_reads_cleanly():
    paths = iter_article_paths([ROOT / "data" / "articles"])
    assert SEED_MD in paths
    for path in paths:
        article = read_article(path)
        assert article.text and article.published
