"""A wire story with no byline and no publisher: the agency its dateline credits becomes the
article's author, so the figures it reports in its own voice are attributed to it (before,
they were lost: a claim needs someone to attribute it to); figures it credits to someone else,
even unnamed ('officials said'), are theirs."""

from graph.ingest import ingest_paths
from graph.store import open_store
from tests.graph.extract_support import default_settings

STORY = """Storm leaves thousands without power

MIAMI, Sept 12 (Reuters) - A tropical storm knocked out power to about 250,000 homes in
southern Florida on Thursday and forced the closure of two airports, officials said. The
National Hurricane Center said the storm was moving north at 15 miles per hour.
"""


def test_the_dateline_agency_is_the_author_and_claims_are_attributed_to_it(tmp_path):
    path = tmp_path / "storm.txt"
    path.write_text(STORY, encoding="utf-8")
    store = open_store("memory")
    summary = ingest_paths([path], store, default_settings(), {"published": "2024-09-12"},
                           progress=False)
    assert [r.status for r in summary.results] == ["written"]
    rows = store.query("""
        PREFIX nkg: <https://w3id.org/newskg/ontology#> PREFIX schema: <https://schema.org/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?author ?value ?who WHERE {
          ?article schema:author/skos:prefLabel ?author .
          ?claim nkg:quantity/nkg:numericValue ?value ; nkg:attributedTo/skos:prefLabel ?who .
        }""").rows
    assert rows, "no attributed claim"
    assert {str(r[0]) for r in rows} == {"Reuters"}
    # the figure is the officials' ('..., officials said'), the story is Reuters'
    assert (250000, "officials") in {(r[1].toPython(), str(r[2])) for r in rows}
