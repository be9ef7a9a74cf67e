"""Read news articles from files or bytes into :class:`SourceArticle`.

Three input forms: plain text (first line a headline when it looks like one), text or Markdown
with YAML front matter (python-frontmatter), and HTML pages (trafilatura for the main text and
metadata, JSON-LD and OpenGraph as a fallback). Nothing is fetched from the network.

The stored ``text`` is what every later offset counts into: NFC, boilerplate lines dropped,
whitespace inside lines collapsed, paragraphs separated by one blank line. A dateline at the
start of the body ("BAGHDAD, July 26 (Reuters) -") stays in the text and is reported apart.

Every problem a user can cause raises :class:`graph.errors.InputError` (the CLI exits 2) with a
message that says how to fix it.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping, Sequence

from graph.dates import CAPITALISED_MONTH, normalise
from graph.errors import InputError, UsageError

__all__ = [
    "SourceArticle", "ARTICLE_SUFFIXES", "BOILERPLATE_PATTERNS", "MIN_WORDS",
    "iter_article_paths", "read_article", "parse_article", "split_dateline", "clean_text",
]

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
MARKDOWN_SUFFIXES = (".md", ".markdown")
#: A body with fewer words than this is not an article.
MIN_WORDS = 20
#: Language detection runs only on texts at least this long (shorter ones are unreliable).
MIN_CHARS_FOR_LANGUAGE = 200
#: Characters of the body language detection reads (it costs ~10 ms per 1,000 characters).
LANGUAGE_SAMPLE_CHARS = 1500
#: Share of control characters above which decoded bytes are taken for a binary file.
MAX_CONTROL_SHARE = 0.05
OVERRIDE_KEYS = ("title", "published", "publisher", "author", "url")


@dataclass(frozen=True)
class SourceArticle:
    text: str
    title: str | None
    published: _dt.date
    publisher: str | None
    author: str | None
    url: str | None
    language: str
    dateline: str | None
    source_path: Path | None
    content_hash: str


# --------------------------------------------------------------------------- finding files


def iter_article_paths(inputs: Sequence[Path]) -> list[Path]:
    """The article files named by ``inputs``: files as given, directories searched recursively
    (sorted; hidden entries and README files skipped) for files ending in ARTICLE_SUFFIXES."""
    found: list[Path] = []
    seen: set[Path] = set()
    for given in inputs:
        path = Path(given)
        if not path.exists():
            raise InputError(f"{path}: no such file or directory; check the path")
        if path.is_dir():
            inside = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and not p.name.lower().startswith("readme")
            )
            if not inside:
                raise InputError(
                    f"{path}: the folder holds no article; article files end in "
                    + ", ".join(ARTICLE_SUFFIXES))
        else:
            inside = [path]
        for p in inside:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                found.append(p)
    return found


def read_article(path: Path, overrides: Mapping[str, object] | None = None) -> SourceArticle:
    """Read one article file (see :func:`parse_article`)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path} is a folder: pass article files, or the folder to "
                         "iter_article_paths") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror}); check the path and "
                         "its permissions") from None
    article = parse_article(raw, name=str(path), overrides=overrides)
    return replace(article, source_path=path)


# --------------------------------------------------------------------------- parsing


def parse_article(raw: bytes, *, name: str = "<input>",
                  overrides: Mapping[str, object] | None = None) -> SourceArticle:
    """Parse an article from its bytes. ``name`` (a file name or "<input>") chooses the
    reader by its suffix and appears in error messages; HTML is also recognised by content.
    ``overrides`` (title, published, publisher, author, url) win over what the input says."""
    given = _check_overrides(overrides)
    text = _decode(raw, name)
    suffix = Path(name).suffix.lower()
    if suffix in HTML_SUFFIXES or _looks_like_html(text):
        body, meta = _read_html(text, name)
        headline_allowed = False
    else:
        meta, body = _split_front_matter(text, name)
        if suffix in MARKDOWN_SUFFIXES:
            body = _strip_markdown(body)
        headline_allowed = True

    body = clean_text(body)
    title = _text_or_none(meta.get("title"))
    body, found_title = _take_headline(body, title, headline_allowed)
    title = title or found_title
    body, byline = _take_byline(body)
    author = _text_or_none(meta.get("author")) or byline

    title = given.get("title", title)
    author = given.get("author", author)
    publisher = given.get("publisher", _text_or_none(meta.get("publisher")))
    url = given.get("url", _text_or_none(meta.get("url")))

    _check_length(body, name)
    language = _check_language(body, _text_or_none(meta.get("language")), name)

    published, dateline = _publication_date(
        body, given.get("published") or _as_date(meta.get("published"), name), name)
    return SourceArticle(
        text=body,
        title=title,
        published=published,
        publisher=publisher,
        author=author,
        url=url,
        language=language,
        dateline=dateline,
        source_path=None,
        content_hash=hashlib.sha256(body.encode("utf-8")).hexdigest(),
    )


def _publication_date(body: str, published: _dt.date | None,
                      name: str) -> tuple[_dt.date, str | None]:
    """The publication date and the dateline's date words.

    A dateline with a full date dates an undated article; a year-less one cannot. When the
    article is dated, the dateline's words are reported only if they agree with that date
    (within a day: wire stories are often published the day after their dateline)."""
    date_text = split_dateline(body)[1]
    if date_text and published is None:
        value = normalise(date_text, _dt.date.today())
        if value is None or value.precision != "day" or not re.search(r"\d{4}", date_text):
            raise InputError(
                f"{name}: no publication date: the dateline gives {date_text!r} without a "
                "year; pass --published YYYY-MM-DD (or add 'published:' front matter)")
        return _dt.date.fromisoformat(value.start), date_text
    if published is None:
        raise InputError(f"{name}: no publication date: pass --published YYYY-MM-DD (or add "
                         "'published: YYYY-MM-DD' front matter)")
    if date_text:
        value = normalise(date_text, published)
        if value is not None and value.precision == "day" and abs(
                _dt.date.fromisoformat(value.start) - published) <= _dt.timedelta(days=1):
            return published, date_text
    return published, None


def _check_overrides(overrides: Mapping[str, object] | None) -> dict[str, Any]:
    given: dict[str, Any] = {}
    for key, value in (overrides or {}).items():
        if key not in OVERRIDE_KEYS:
            raise UsageError(f"unknown article override {key!r}; use one of "
                             + ", ".join(OVERRIDE_KEYS))
        if value is None:
            continue
        if key == "published":
            given[key] = _override_date(value)
        else:
            text = _text_or_none(value)
            if text is not None:
                given[key] = text
    return given


def _override_date(value: object) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise UsageError(f"--published {value!r} is not a date: write it as YYYY-MM-DD, "
                         "e.g. --published 2014-07-26") from None


# --------------------------------------------------------------------------- bytes to text

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: Signatures of file formats people mistake for articles.
_BINARY_SIGNATURES = {b"%PDF-": "a PDF", b"PK\x03\x04": "a ZIP or Word/OpenDocument file",
                      b"\xd0\xcf\x11\xe0": "an old Word/Excel file", b"\x89PNG": "a PNG image",
                      b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
                      b"\x1f\x8b": "a gzip archive", b"{\\rtf": "an RTF document"}


def _decode(raw: bytes, name: str) -> str:
    if not raw.strip():
        raise InputError(f"{name}: the file is empty; give a news article as text, Markdown "
                         "or HTML")
    for signature, kind in _BINARY_SIGNATURES.items():
        if raw.startswith(signature):
            raise InputError(f"{name}: this is {kind}, not a text or HTML article; save the "
                             "article as text (.txt) or HTML first")
    if raw.startswith(_UTF16_BOMS):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{name}: unknown encoding: save the file as UTF-8") from None
    elif b"\x00" in raw:
        raise InputError(f"{name}: this is a binary file, not a text or HTML article; "
                         "convert it to text first")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _guess_decode(raw, name)
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise InputError(f"{name}: this is a binary file, not a text or HTML article; "
                         "convert it to text first")
    if not text.strip():
        raise InputError(f"{name}: the file is empty; give a news article as text, Markdown "
                         "or HTML")
    return text


def _guess_decode(raw: bytes, name: str) -> str:
    """Accept charset-normalizer's guess only when it is confident."""
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    printable = sum(1 for b in raw[:20000] if 32 <= b < 127 or b in b"\n\r\t")
    if best is None and printable < 0.7 * min(len(raw), 20000):
        raise InputError(f"{name}: this is a binary file, not a text or HTML article; "
                         "convert it to text first")
    if (best is None or best.encoding.startswith(("utf_16", "utf_32"))
            or best.chaos > 0.1 or best.coherence < 0.1):
        raise InputError(f"{name}: unknown encoding: save the file as UTF-8")
    return str(best)


def _control_share(text: str) -> float:
    sample = text[:20000]
    bad = sum(1 for ch in sample
              if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f"))
    return bad / max(len(sample), 1)


# --------------------------------------------------------------------------- front matter

_FRONT_MATTER_KEYS = {
    "title": "title", "headline": "title",
    "date": "published", "published": "published", "date_published": "published",
    "datepublished": "published", "pubdate": "published",
    "publisher": "publisher", "source": "publisher",
    "author": "author", "byline": "author", "authors": "author",
    "url": "url", "link": "url",
    "language": "language", "lang": "language",
}


def _split_front_matter(text: str, name: str) -> tuple[dict[str, Any], str]:
    import frontmatter
    import yaml

    if not text.lstrip("\ufeff").startswith(("---", "+++")):
        return {}, text
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        raise InputError(f"{name}: the front matter is not valid YAML ({_one_line(exc)}); fix "
                         "it between the two '---' lines") from None
    except Exception as exc:  # TOML front matter errors, unexpected shapes
        raise InputError(f"{name}: the front matter cannot be read ({_one_line(exc)}); write "
                         "it as YAML between two '---' lines") from None
    meta: dict[str, Any] = {}
    for key, value in post.metadata.items():
        target = _FRONT_MATTER_KEYS.get(str(key).lower().replace("-", "_"))
        if target and target not in meta and value not in (None, ""):
            meta[target] = value
    return meta, post.content


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]


def _text_or_none(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@name")
    if isinstance(value, (list, tuple)):
        names = [_text_or_none(v) for v in value]
        value = ", ".join(n for n in names if n)
    text = " ".join(unicodedata.normalize("NFC", str(value)).split())
    return text or None


def _as_date(value: object, name: str) -> _dt.date | None:
    """A publication date from metadata: a date, a datetime or a date string."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    try:
        return _dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    parsed = normalise(text, _dt.date.today())
    if parsed is None or parsed.precision != "day" or parsed.start != parsed.end \
            or not re.search(r"\d{4}", text):
        raise InputError(f"{name}: the publication date {text!r} is not a day; write it as "
                         "YYYY-MM-DD or pass --published YYYY-MM-DD")
    return _dt.date.fromisoformat(parsed.start)


# --------------------------------------------------------------------------- Markdown

_MARKDOWN_RULES = (
    (re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M), r"\1"),      # ATX headings
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),                          # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),                       # links
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), r"\1"),                  # bold
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # italics
    (re.compile(r"^ {0,3}>[ \t]?", re.M), ""),                              # block quotes
    (re.compile(r"^ {0,3}(?:[-*_][ \t]*){3,}$", re.M), ""),                 # rules
)


def _strip_markdown(text: str) -> str:
    """The few Markdown marks news files use, reduced to their words (offsets count into the
    result, so the marks must not stay in the text)."""
    for pattern, replacement in _MARKDOWN_RULES:
        text = pattern.sub(replacement, text)
    return text


# --------------------------------------------------------------------------- HTML

_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.I | re.S)


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2000]))


def _read_html(html: str, name: str) -> tuple[str, dict[str, Any]]:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, favor_recall=True,
        date_extraction_params={"extensive_search": False, "original_date": True,
                                "outputformat": "%Y-%m-%d"},
    )
    if doc is None or doc.body is None:
        raise InputError(f"{name}: no article text found in this HTML page; save the "
                         "article's own page, or its text as a .txt file")
    elements = list(doc.body)
    title = doc.title
    if elements and elements[0].tag == "head":   # the page's own headline
        heading = _element_text(elements[0])
        if not title or _same_words(heading, title) or heading.casefold() in title.casefold():
            title = title or heading
            elements = elements[1:]
    paragraphs = []
    for element in elements:
        if element.tag == "list":
            paragraphs.extend(_element_text(item) for item in element)
        else:
            paragraphs.append(_element_text(element))
    body = "\n\n".join(p for p in paragraphs if p)
    meta = {"title": title, "published": doc.date, "author": doc.author,
            "publisher": doc.sitename, "url": doc.url}
    for key, value in _structured_metadata(html).items():
        if not meta.get(key):
            meta[key] = value
    meta = {k: v for k, v in meta.items() if v}
    return body, meta


def _element_text(element) -> str:
    """The words of one block; a <br> (trafilatura's ``lb``) is a line break."""
    for lb in element.iter("lb"):
        lb.tail = "\n" + (lb.tail or "")
    lines = "".join(element.itertext()).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


_JSONLD_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle",
                         "opinionnewsarticle", "backgroundnewsarticle", "blogposting",
                         "reviewnewsarticle", "socialmediaposting", "webpage"}


def _structured_metadata(html: str) -> dict[str, Any]:
    """Metadata from JSON-LD (schema.org) and OpenGraph, for what trafilatura missed."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, SyntaxError):
        return {}
    meta: dict[str, Any] = {}
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content())
        except ValueError:
            continue
        for node in _jsonld_nodes(data):
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if not any(str(t).lower() in _JSONLD_ARTICLE_TYPES for t in types):
                continue
            for key, target in (("headline", "title"), ("name", "title"),
                                ("datePublished", "published"), ("dateCreated", "published"),
                                ("author", "author"), ("publisher", "publisher"),
                                ("url", "url"), ("mainEntityOfPage", "url"),
                                ("inLanguage", "language")):
                value = node.get(key)
                if isinstance(value, dict):
                    value = value.get("name") or value.get("@id")
                if target == "author" and isinstance(value, list):
                    value = [v.get("name") if isinstance(v, dict) else v for v in value]
                if value and target not in meta:
                    meta[target] = value
    og = {m.get("property") or m.get("name"): m.get("content")
          for m in tree.xpath("//meta[@content]")}
    for key, target in (("og:title", "title"), ("article:published_time", "published"),
                        ("og:site_name", "publisher"), ("og:url", "url"),
                        ("author", "author"), ("article:author", "author")):
        value = og.get(key)
        if value and target not in meta and not (target == "author" and "://" in value):
            meta[target] = value
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang and "language" not in meta:
        meta["language"] = lang
    return meta


def _jsonld_nodes(data: Any):
    if isinstance(data, list):
        for item in data:
            yield from _jsonld_nodes(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _jsonld_nodes(data["@graph"])


# --------------------------------------------------------------------------- cleaning

#: Lines that are page furniture, not article text (matched against a whole line,
#: case-insensitively, after whitespace is collapsed).
BOILERPLATE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(re.compile(p, re.I) for p in (
    r"simple share buttons",
    r"share(?: this)?(?: (?:article|story|post|page))?(?: (?:on|via|with) [\w .+]+)?:?",
    r"(?:(?:share|tweet|email|e-mail|print|facebook|twitter|x|whatsapp|linkedin|reddit|"
    r"pinterest|telegram|copy link|copy|save|comment|comments)\s*[|·•,/]?\s*){1,10}",
    r"advertisement(?:\s*[-–—:]?\s*(?:scroll|continue) (?:to|reading)[\w ]*)?",
    r"(?:sponsored(?: content)?|promoted|paid (?:content|post))",
    r"click here\b.{0,80}",
    r"(?:subscribe|sign up|register)\b.{0,60}(?:newsletter|subscribe|updates|free|today|now)\W*",
    r"(?:related|read more|read also|see also|more on this|recommended|most read|trending)"
    r"(?:\s*(?:stories|articles|coverage|content))?\s*(?::.*)?",
    r"(?:follow|like) us on .{0,60}",
    r"(?:©|\(c\)|copyright\b)\s*(?:©\s*)?(?:\d{4}|all rights).{0,120}",
    r"all rights reserved\.?",
    r"(?:skip to (?:main )?content|jump to navigation|back to top)",
    r"(?:listen to (?:this )?(?:article|story).{0,40}|\d+ min(?:ute)? read)",
    r"(?:leave a (?:comment|reply)|join the (?:discussion|conversation)|\d+ comments?)",
    r"[()\[\]{}|•·*#>_\-–—\s]+",                      # debris left by stripped links/markup
))
#: Pieces of lines that are debris: an empty "( )" pair, a trailing lone "(" or "[".
_DEBRIS = (re.compile(r"\(\s*\)|\[\s*\]"), re.compile(r"\s+[(\[]\s*$"))
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def _is_boilerplate(line: str) -> bool:
    return any(p.fullmatch(line) for p in BOILERPLATE_PATTERNS)


def clean_text(text: str) -> str:
    """NFC; invisible characters removed; whitespace inside lines collapsed; boilerplate lines
    dropped; paragraphs separated by exactly one blank line; lines of a paragraph kept."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    paragraphs: list[list[str]] = [[]]
    for raw in text.split("\n"):
        line = raw
        for pattern in _DEBRIS:
            line = pattern.sub("", line)
        line = _SPACES.sub(" ", line).strip()
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if _is_boilerplate(line):
            continue
        paragraphs[-1].append(line)
    return "\n\n".join("\n".join(lines) for lines in paragraphs if lines)


def _take_headline(body: str, title: str | None, allowed: bool) -> tuple[str, str | None]:
    """Split a headline off the body. A first paragraph equal to the known title always goes;
    without a known title, a short one-line first paragraph without a final period is the
    headline (plain text only)."""
    first, sep, rest = body.partition("\n\n")
    if title and _same_words(first, title):
        return rest, None
    if (allowed and not title and sep and "\n" not in first and len(first) <= 200
            and len(first.split()) <= 25 and not first.endswith((".", ":", ","))
            and split_dateline(first + " ")[3] == 0):
        return rest, first
    return body, None


def _same_words(a: str, b: str) -> bool:
    return a.casefold().split() == b.casefold().split()


_NAME_WORD = r"[A-Z][\w.'’\-]+"
_BYLINE = re.compile(
    rf"By:?\s+(?P<name>{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|de|van|von|al|da|and|&)){{1,6}})"
    r"(?:\s*[,|]\s*[^.]{0,60})?")
_NOT_NAMES = re.compile(rf"(?:{CAPITALISED_MONTH}|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|The|This)\b")


def _take_byline(body: str) -> tuple[str, str | None]:
    """A short first paragraph "By Jane Roe, Associated Press" names the author and is
    dropped ("By Monday, the rebels had..." is a sentence, not a byline)."""
    first, sep, rest = body.partition("\n\n")
    m = _BYLINE.fullmatch(first)
    if m and sep and len(first.split()) <= 12 and not _NOT_NAMES.match(m["name"]):
        return rest, m["name"]
    return body, None


def _check_length(body: str, name: str) -> None:
    words = len(re.findall(r"\w+", body))
    if words < MIN_WORDS:
        raise InputError(f"{name}: the article body has {words} words; newskg needs a news "
                         f"article of at least {MIN_WORDS} words (is this the right file?)")


# --------------------------------------------------------------------------- language


def _check_language(body: str, declared: str | None, name: str) -> str:
    """The article's language tag; refuse what is not English. The text wins over the page's
    metadata when it is long enough to tell (site templates often declare a wrong language)."""
    code = (declared or "").strip().replace("_", "-")
    detected = _detect_language(body)
    if code and code.split("-")[0].lower() not in ("en", "eng", "english"):
        if detected == "en":
            return "en"
        raise InputError(f"{name}: the article is in {code} (as its metadata says); "
                         "newskg reads English news")
    if detected and detected != "en":
        raise InputError(f"{name}: the article is in {detected} (detected); newskg reads "
                         "English news")
    region = code.split("-")[1:2]
    if region and re.fullmatch(r"[A-Za-z]{2}|\d{3}", region[0]):
        return "en-" + region[0].upper()
    return "en"


def _detect_language(body: str) -> str | None:
    """The language of a long enough body, when langdetect is sure of it (p >= 0.9)."""
    if len(body) < MIN_CHARS_FOR_LANGUAGE:
        return None
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        guesses = detect_langs(body[:LANGUAGE_SAMPLE_CHARS])
    except LangDetectException:
        return None
    top = guesses[0]
    return top.lang if top.prob >= 0.9 else None


# --------------------------------------------------------------------------- datelines

_AGENCY = r"(?:\((?P<agency>[A-Z][\w&.'’ -]{0,40}?)\)|/(?P<agency_slash>[A-Z][\w.-]{1,40})/)"
_DASH = r"(?:\s*(?:—|–|--)\s*|\s+-\s+)"
_DATE = (rf"(?P<date>(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
         rf"(?:{CAPITALISED_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{CAPITALISED_MONTH}(?:\s+\d{{4}})?))")
_CAPS_WORD = r"[A-Z][A-Z.'’\-]*[A-Z.]"
_TITLE_WORD = r"[A-Z][\w.'’\-]*"
_LINK = r"(?:de|da|del|do|dos|al|el|es|la|le|of|upon|on|sur|am|an|der)"
_REGION = rf"(?:,\s*{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,2}}\.?)?"
_CAPS_PLACE = rf"(?P<place>{_CAPS_WORD}(?:\s+(?:{_CAPS_WORD}|{_LINK})){{0,4}}{_REGION})"
_TITLE_PLACE = rf"(?P<place>{_TITLE_WORD}(?:\s+(?:{_TITLE_WORD}|{_LINK})){{0,3}}{_REGION})"
_DATELINES = tuple(re.compile(p) for p in (
    rf"{_CAPS_PLACE}(?:,\s*{_DATE})?\s*{_AGENCY}?{_DASH}",     # BAGHDAD, July 26 (Reuters) -
    rf"{_DATE}\s*{_AGENCY}?{_DASH}",                            # July 26 -
    rf"{_TITLE_PLACE},\s*{_DATE}\s*{_AGENCY}?{_DASH}",        # Kyiv, Ukraine, March 3 -
    rf"{_TITLE_PLACE}\s*{_AGENCY}{_DASH}",                      # Kyiv, Ukraine (AP) -
    rf"{_AGENCY}{_DASH}",                                       # (Reuters) -
))
#: All-caps words that open a story but are labels, not places.
_NOT_PLACES = frozenset({"UPDATE", "UPDATED", "BREAKING", "EXCLUSIVE", "ANALYSIS", "OPINION",
                         "EDITORIAL", "COMMENT", "CORRECTION", "WATCH", "LIVE", "FACT CHECK",
                         "NEWS", "REVIEW", "INTERVIEW", "PHOTOS", "VIDEO", "EDITOR'S NOTE"})


def split_dateline(text: str) -> tuple[str | None, str | None, str | None, int]:
    """Read a dateline at the very start of ``text``.

    Returns ``(place, date_text, agency, end_offset)``: each part or None, and the offset
    where the story proper begins (0 when there is no dateline). "BAGHDAD, July 26 (Reuters) -
    ..." gives ("BAGHDAD", "July 26", "Reuters", 28).
    """
    head = text[:200]
    for pattern in _DATELINES:
        m = pattern.match(head)
        if not m:
            continue
        groups = m.groupdict()
        place = groups.get("place")
        if place and place.rstrip(".").upper() in _NOT_PLACES:
            continue
        if m.end() >= len(head.rstrip()):
            continue  # a dash with nothing after it is not a dateline
        agency = groups.get("agency") or groups.get("agency_slash")
        return place, groups.get("date"), agency, m.end()
    return None, None, None, 0
