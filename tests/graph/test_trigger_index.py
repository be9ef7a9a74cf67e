"""graph.extract.events tries a token only against the triggers of several words that start
with its lemma or its form (an index made once per lexicon), in the lexicon's order."""

from __future__ import annotations

from graph.extract.events import _multiword_keys


def test_only_the_keys_starting_with_the_word_in_the_lexicons_order():
    triggers = {"call": {"Statement"}, "call on": {"Statement"}, "job cut": {"Business"},
                "call for": {"Statement"}, "calls for": {"Statement"}, "lay off": {"Business"}}
    assert _multiword_keys(triggers, ("call", "calls")) == [
        ("call on", ["call", "on"]), ("call for", ["call", "for"]),
        ("calls for", ["calls", "for"])]
    assert _multiword_keys(triggers, ("call", "call")) == [
        ("call on", ["call", "on"]), ("call for", ["call", "for"])]
    assert _multiword_keys(triggers, ("cut", "cut")) == []      # not a first word


def test_a_lexicon_that_grows_is_indexed_again():
    triggers = {"lay off": {"Business"}}
    assert _multiword_keys(triggers, ("shed", "shed")) == []
    triggers["shed job"] = {"Business"}
    assert _multiword_keys(triggers, ("shed", "shed")) == [("shed job", ["shed", "job"])]
