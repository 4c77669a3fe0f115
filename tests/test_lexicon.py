"""The loaded-labels / hedges lexicon on sentences written for these tests, and user extensions."""

from __future__ import annotations

import json

import pytest

from presslens.components.lexicon import ENV_VAR, annotate, build_lexicon, get_lexicon
from presslens.errors import InputError
from presslens.model import Article

TEXT = (
    "The Zionist regime rejected the offer, the statement said. "
    "Officials in the Tel Aviv regime reportedly met on Sunday. "
    "The army said Hamas terrorists used human shields in the Hamas-run enclave. "
    "Palestinian resistance fighters allegedly fired rockets. "
    "Economists discussed the sanctions regime and regime change."
)


def _found(text: str, lexicon=None) -> list[tuple[str, str, str | None]]:
    lexicon = lexicon or get_lexicon()
    return [(text[s:e], entry.term, actor) for s, e, entry, actor in lexicon.find(text)]


def test_zionist_regime_is_a_label_for_israel() -> None:
    article = Article(text=TEXT)
    annotate(article, get_lexicon())
    labels = [
        (a.to_dict(article.text)["text"], a.attrs["actor"], a.attrs["category"])
        for a in article.layers["labels"]
    ]
    assert ("Zionist regime", "Israel", "state_label") in labels
    for item in article.layers["labels"] + article.layers["hedges"]:
        assert item.to_dict(article.text)["text"] == article.text[item.start : item.end]


def test_labels_of_all_sides_with_their_actor_from_the_modifier() -> None:
    found = _found(TEXT)
    assert ("regime", "regime", "Israel") in found  # "Tel Aviv regime"
    assert ("terrorists", "terrorists", "Hamas") in found
    assert ("human shields", "human shields", None) in found
    assert ("Hamas-run", "Hamas-run", "Hamas") in found
    assert ("resistance fighters", "the resistance", "Palestinians") in found
    # "regime" in "sanctions regime" and "regime change" names no government
    assert sum(1 for text, _, _ in found if text == "regime") == 1


def test_hedges_are_found() -> None:
    article = Article(text=TEXT)
    annotate(article, get_lexicon())
    assert [a.attrs["term"] for a in article.layers["hedges"]] == ["reportedly", "allegedly"]


def test_plain_words_that_only_look_loaded_are_not_labels() -> None:
    assert _found("Bacterial resistance to antibiotics grew under the new tax regime.") == []


def test_user_extension_file_adds_terms_and_overrides(tmp_path, monkeypatch) -> None:
    extra = tmp_path / "mine.json"
    extra.write_text(
        json.dumps(
            {
                "actor_modifiers": {"ruritanian": "Ruritania"},
                "labels": [
                    {"term": "bandit state", "category": "state_label", "actor": None},
                    {"term": "Zionist regime", "category": "my_category", "actor": "Israel"},
                ],
                "hedges": [{"term": "word has it"}],
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv(ENV_VAR, str(extra))
    lexicon = get_lexicon()
    text = "Word has it that the Ruritanian bandit state and the Zionist regime met."
    found = lexicon.find(text)
    by_text = {text[s:e]: (entry, actor) for s, e, entry, actor in found}
    assert by_text["bandit state"][1] == "Ruritania"
    assert by_text["Zionist regime"][0].category == "my_category"
    assert by_text["Word has it"][0].kind == "hedge"
    assert str(extra) in lexicon.sources


def test_a_broken_extension_file_is_a_clear_error(tmp_path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"labels": [{"category": "x"}]}', encoding="utf-8")
    with pytest.raises(InputError, match="needs a non-empty 'term'"):
        build_lexicon([bad])
    with pytest.raises(InputError, match="cannot read"):
        build_lexicon([tmp_path / "missing.json"])


@pytest.fixture(scope="module")
def seed_articles(pipeline, seed_paths) -> dict[str, dict]:
    """The seeds analysed once, as `presslens/1` dicts, by file-name prefix ("000"...)."""
    from presslens.ingest import load_inputs

    articles = pipeline.pipe(list(load_inputs([str(p) for p in seed_paths])))
    return {p.name[:3]: a.to_dict() for p, a in zip(seed_paths, articles, strict=True)}


def test_a_label_inside_a_quote_is_the_speaker_s_not_the_outlet_s(seed_articles) -> None:
    from presslens.corpus.compare import name_counts

    seed = seed_articles["000"]  # "terrorist army" is Netanyahu's phrase, quoted by the outlet
    [army] = [lab for lab in seed["labels"] if lab["text"].lower() == "terrorist army"]
    assert army["in_quote"] is True and "Netanyahu" in army["speaker"]
    counts = name_counts(seed)
    assert not any(kind == "label" and name.lower() == "terrorist army" for _, kind, name in counts)
    assert any(
        kind == "quoted" and name.lower().startswith("terrorist army (quoting") for _, kind, name in counts
    )


def test_the_most_frequent_labels_name_their_actor(seed_articles) -> None:
    from presslens.corpus.compare import name_counts

    # "the regime" (seed 001) and "the occupation" (seed 004) name no actor by themselves; the
    # article's other state labels ("genocidal Israel", "Zionist entity") all name one
    regime = name_counts(seed_articles["001"])[("Israel", "label", "regime")]
    occupation = sum(
        count
        for (actor, kind, name), count in name_counts(seed_articles["004"]).items()
        if actor == "Israel" and kind == "label" and name.lower() == "the occupation"
    )
    assert regime >= 5 and occupation >= 7
