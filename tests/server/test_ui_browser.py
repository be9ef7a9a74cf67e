"""The query page at / and the linked-data pages in a real browser (Debian's chromium driven
by Playwright), plus the plain-HTML parts of the page and the example queries over HTTP.

The server is `newskg serve` on a store loaded with tests/data/linked_data/articles.trig."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
import requests

from tests.server.linked_fixture import A1

from server.ui import EXAMPLES_DIR, TITLE_MARK, YASGUI_DIR

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
#: What each example question must find in the fixture (a value of some result row).
EXPECTED = {
    "1-meetings": ("participants", "Ayman Safadi, Badr Abdelatty"),
    "2-claims": ("claimedBy", "United Nations"),
    "3-place-timeline": ("placeName", "Gaza"),
    "4-positions": ("position", "Foreign Minister"),
    "5-quotations": ("quote", "a first step towards a lasting agreement & a safer region"),
    "6-wikidata": ("wikidata", "http://www.wikidata.org/entity/Q1065"),
}


# --- without a browser ---------------------------------------------------------------------

def test_every_example_has_a_title_and_finds_its_answer_over_http(site):
    files = sorted(EXAMPLES_DIR.glob("*.rq"))
    assert {f.stem for f in files} == set(EXPECTED)
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.startswith(TITLE_MARK), f"{path.name} must start with '{TITLE_MARK}'"
        r = requests.post(site + "/sparql", data={"query": text},
                          headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert r.status_code == 200, r.text
        variable, wanted = EXPECTED[path.stem]
        found = {b[variable]["value"] for b in r.json()["results"]["bindings"] if variable in b}
        assert wanted in found, f"{path.name}: {wanted!r} not among {sorted(found)}"


def test_page_works_as_a_plain_form_without_javascript(site):
    page = requests.get(site + "/", timeout=30).text
    assert '<form id="query-form"' in page and 'action="/sparql"' in page
    assert '<textarea id="query-text" name="query"' in page
    assert '<select id="query-format" name="format">' in page
    # the default query declares newskg's prefixes
    assert html.escape("PREFIX nkg: <https://w3id.org/newskg/ontology#>", quote=False) in page
    for name in EXPECTED:
        assert f'href="/?example={name}#query"' in page
    chosen = requests.get(site + "/", params={"example": "2-claims"}, timeout=30).text
    example = (EXAMPLES_DIR / "2-claims.rq").read_text(encoding="utf-8")
    assert html.escape(example, quote=False) in chosen or html.escape(example) in chosen
    assert requests.get(site + "/", params={"example": "nope"}, timeout=30).status_code == 404


def test_example_files_and_yasgui_assets_are_served(site):
    r = requests.get(site + "/examples/1-meetings.rq", timeout=30)
    assert r.status_code == 200 and r.text.startswith(TITLE_MARK)
    assert r.headers["Content-Type"].startswith("application/sparql-query")
    if (YASGUI_DIR / "yasgui.min.js").is_file():
        js = requests.get(site + "/vendor/yasgui/yasgui.min.js", timeout=30)
        assert js.status_code == 200 and "javascript" in js.headers["Content-Type"]
    other = requests.get(site + "/vendor/yasgui/package.json", timeout=30)
    assert other.status_code == 404


# --- in chromium ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install -y chromium` (make install "
                    f"does it through scripts/install-system-deps.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, site):
    contexts = []

    def opener(javascript: bool = True):
        context = browser.new_context(java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20000)
        page.requests = []
        page.on("request", lambda req: page.requests.append(req.url))
        return page

    yield opener
    for context in contexts:
        context.close()


@pytest.mark.browser
def test_yasgui_runs_an_example_and_shows_the_result_table(open_page, site):
    if not (YASGUI_DIR / "yasgui.min.js").is_file():
        pytest.fail("YASGUI is not installed: run `npm install` in the project folder")
    page = open_page()
    page.goto(site + "/")
    page.wait_for_selector(".yasgui .yasqe")
    assert page.locator("#query-form").is_hidden()  # YASGUI replaced the plain form
    first = page.evaluate("window.newskgYasgui.getTab().getQuery()")
    assert "PREFIX nkg: <https://w3id.org/newskg/ontology#>" in first
    page.get_by_role("link", name="Who met whom, where and when").click()
    table = page.locator(".yasr table")
    table.get_by_text("Ayman Safadi, Badr Abdelatty").wait_for()
    text = table.inner_text()
    assert "Geneva" in text and "Amman" in text and "2025-03-04" in text
    # the IRIs newskg minted link to this server's pages
    href = table.locator(f'a[href^="/id/event/{A1}-"]').first.get_attribute("href")
    assert href == f"/id/event/{A1}-102"
    page.goto(site + href)
    assert page.locator("h1").inner_text() == "meet"
    # nothing was fetched from another host (no CDN, no prefix or vocabulary services)
    assert all(url.startswith((site, "data:", "blob:")) for url in page.requests), \
        [u for u in page.requests if not u.startswith(site)]


@pytest.mark.browser
def test_without_yasgui_the_plain_form_runs_the_query(open_page, site):
    page = open_page()
    page.route("**/vendor/yasgui/**", lambda route: route.abort())  # as if npm never ran
    page.goto(site + "/")
    assert page.locator("#query-form").is_visible()
    page.get_by_role("link", name="Which figures are claimed, and by whom").click()
    page.wait_for_url("**example=2-claims**")
    assert "nkg:Claim" in page.locator("#query-text").input_value()
    page.select_option("#query-format", "json")
    page.get_by_role("button", name="Run query").click()
    page.wait_for_url("**/sparql?**")
    answer = json.loads(page.locator("body").inner_text())
    rows = answer["results"]["bindings"]
    assert {"United Nations"} == {row["claimedBy"]["value"] for row in rows}
    assert rows[0]["value"]["value"] == "1200000"


@pytest.mark.browser
def test_without_javascript_the_form_is_there(open_page, site):
    page = open_page(javascript=False)
    page.goto(site + "/?example=1-meetings")
    assert page.locator("#query-form").is_visible()
    assert "nkg:Meeting" in page.locator("#query-text").input_value()


@pytest.mark.browser
def test_entity_page_highlights_the_mentions(open_page, site):
    page = open_page()
    page.goto(site + "/id/person/ayman-safadi")
    marks = page.locator("section.evidence mark")
    assert {"Ayman Safadi", "Safadi", "The minister"} <= set(marks.all_inner_texts())
    colour = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator("h1").inner_text() == "Ayman Safadi"


@pytest.mark.browser
def test_article_fragment_opens_at_its_sentence(open_page, site):
    page = open_page()
    page.goto(site + f"/id/article/{A1}#char=156,243")
    target = page.locator(":target")
    assert target.get_attribute("id") == "char=156,243"
    assert target.inner_text().startswith("Safadi said the talks were")
