"""sources.v1 and voices.v1 on the seeds and on a small own text."""

from __future__ import annotations

from presslens.components.sources import source_type
from presslens.components.voices import side_of


def test_source_typing_rules():
    assert source_type("a U.S. intelligence report") == "report"
    assert source_type("Israeli military intelligence") == "intelligence"
    assert source_type("Al Jazeera") == "outlet"
    assert source_type("the International Committee of the Red Cross") == "ngo"
    assert source_type("UN agencies") == "un"
    assert source_type("Israeli officials") == "official"
    assert source_type("the Israeli military") == "military"
    assert source_type("a post on Telegram") == "social_media"
    assert source_type("a nice day") is None
    assert side_of("Israel") == "Israeli" and side_of(None) == "unknown" and side_of("Egypt") == "other"
    assert side_of("Egypt", "ngo") == "UN/NGO"


def test_seed_sources_need_a_cue(pipeline, seeds_dir):
    from presslens.ingest import load_inputs

    path = next(seeds_dir.glob("001_*.txt"))
    article = pipeline(next(iter(load_inputs([str(path)]))))
    found = {article.text[s.start : s.end]: s.attrs["type"] for s in article.layers["sources"]}
    assert found["MNA"] == "agency"  # dateline
    assert found["Al Jazeera"] == "outlet"  # "According to Al Jazeera"
    assert found["Foreign Affairs"] == "outlet"  # "Writing an article in Foreign Affairs"
    assert found["the U.S. intelligence community"] == "intelligence"
    assert found["the Israeli military"] == "military"
    # Egypt and Qatar are mentioned but nothing is attributed to them
    assert "Egypt" not in found and "Qatar" not in found
    assert found["the Qatari-based news outlet"] == "outlet"


def test_voices_group_by_side(pipeline):
    from presslens.ingest import article_from_text

    text = (
        "Israeli officials said on Monday that 40 trucks had crossed.\n"
        '"We need more," said UNRWA spokesperson Juliette Touma.\n'
        "According to Reuters, the crossing closed at noon.\n"
    )
    article = pipeline(article_from_text(text))
    voices = article.results["voices"]
    by_name = {s.name: s for s in voices.speakers}
    assert by_name["Israeli officials"].indirect == 1
    assert by_name["Israeli officials"].affiliation == "Israeli"
    assert by_name["Reuters"].indirect + by_name["Reuters"].cited >= 1
    assert voices.by_affiliation["Israeli"] >= 1
    assert sum(voices.by_affiliation.values()) == sum(
        s.direct + s.indirect + s.cited for s in voices.speakers
    )
