"""A deed done to an event is no speech (issue 10, user check session 9, docs/user-check.md): seed 002's
"Hamas waged the surprise Operation Al-Aqsa Storm against ..." was Hamas's indirect speech with the cue
"waged", listed in "Who says what". cues.json `responsibility.deed_verbs` with its `event_nouns`."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens import Article
from presslens.attribution.runtime import Found as ModelFound
from presslens.components.attributions import Attributor

SEED_002 = "002_812dcc257843b7fa.txt"

# ours (fictional Velmark): the seed's shape, a deed on a named operation, and speech about an attack
TEXT = (
    "Velmark closed the northern docks on March 7 after the Free Dock Front waged the surprise Operation "
    "Harbour Dawn against the guards in response to the board's contempt for the dockers.\n\n"
    "The militia carried out a raid on the customs house on Sunday.\n\n"
    "The Free Dock Front condemned the attack on its offices.\n"
)


def test_seed_002_waged_is_no_cue(pipeline, seeds_dir: Path) -> None:
    article = pipeline(Article(text=(seeds_dir / SEED_002).read_text(encoding="utf-8")))
    cues = [r.cue.text for r in article.layers["attributions"] if r.cue is not None]
    assert "waged" not in cues  # main: Hamas's indirect speech, cue "waged"
    assert cues.count("said") >= 10  # Arouri's and Haniyeh's speech stays


def _found(text: str, source: str, cue: str, content: str) -> ModelFound:
    def span(words: str) -> tuple[int, int]:
        return text.index(words), text.index(words) + len(words)

    return ModelFound((span(content),), span(source), span(cue), "indirect", 0.7)


@pytest.mark.parametrize(
    ("source", "cue", "content", "kept"),
    [
        ("the Free Dock Front", "waged", "the surprise Operation Harbour Dawn against the guards", False),
        ("The militia", "carried out", "a raid on the customs house", False),
        ("The Free Dock Front", "condemned", "the attack on its offices", True),
    ],
)
def test_a_deed_on_an_event_attributes_nothing(pipeline, nlp, source, cue, content, kept) -> None:
    article = pipeline(Article(text=TEXT))
    attributor = Attributor(article, nlp(TEXT))
    items = attributor.merge([_found(TEXT, source, cue, content)], [], [])
    assert bool(items) is kept
