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
