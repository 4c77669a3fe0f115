"""techniques.v1 and lexicon.v1 inside the default pipeline, on a real partisan article."""

from __future__ import annotations

from presslens.model import Article
from presslens.rhetoric import data as D


def test_components_fill_techniques_genre_frames_and_labels(pipeline, seed_paths) -> None:
    text = seed_paths[2].read_text(encoding="utf-8")
    article = pipeline(Article(text=text))
    assert "techniques.v1" in article.components and "lexicon.v1" in article.components
    data = article.to_dict()
    assert data["techniques"], "a partisan article yields technique spans"
    for item in data["techniques"] + data["labels"] + data["hedges"]:
        assert item["text"] == data["text"][item["start"] : item["end"]]
    assert {t["label"] for t in data["techniques"]} <= set(D.TECHNIQUES)
    assert all(t["component"] == "techniques.v1" for t in data["techniques"])
    assert data["genre"]["label"] in D.GENRES and data["genre"]["component"] == "techniques.v1"
    assert all(f["label"] in D.FRAMES and 0 <= f["score"] <= 1 for f in data["frames"])
    assert [f["score"] for f in data["frames"]] == sorted((f["score"] for f in data["frames"]), reverse=True)
    paragraphs = data["paragraphs"]
    assert paragraphs and any(p["techniques"] for p in paragraphs)
    assert ("Zionist regime", "Israel") in {(x["text"], x["actor"]) for x in data["labels"]}


def test_a_technique_inside_a_quote_names_the_speaker_or_says_there_is_none() -> None:
    """Words in a quote are the speaker's: the technique carries in_quote and the quote's speaker
    (null when the quote has none); every technique has both keys, so readers need no guess."""
    from presslens.components.techniques import fill
    from presslens.layers import CharSpan, Quote, Speaker
    from presslens.rhetoric.runtime import Prediction

    text = 'Ana Ruiz said: "a brutal regime". A voice shouted "cowards all". The cowardly council left.'
    article = Article(text=text)

    def quote(words: str, speaker: Speaker | None) -> None:
        start = text.index(words)
        content = CharSpan(start, start + len(words))
        article.add("quotes", Quote(start=start - 1, end=content.end + 1, component="quotes.v1",
                                    kind="direct", content=content, speaker=speaker))

    quote("a brutal regime", Speaker("Ana Ruiz", None, 0, 8, "name"))
    quote("cowards all", None)
    spans = []
    for words in ("brutal regime", "cowards", "cowardly council"):
        start = text.index(words)
        spans.append({"start": start, "end": start + len(words), "label": "Loaded_Language",
                      "confidence": 0.6, "shown": True})
    fill(article, Prediction(spans=spans))
    found = {t["text"]: (t["in_quote"], t["speaker"]) for t in article.to_dict()["techniques"]}
    assert found == {
        "brutal regime": (True, "Ana Ruiz"),
        "cowards": (True, None),
        "cowardly council": (False, None),
    }
