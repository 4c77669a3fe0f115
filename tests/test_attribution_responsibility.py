"""A passive "claimed by X" of an event names who did the act, not a speaker (user check, session 8,
docs/user-check.md): seed 004's "While formally claimed by Daesh, the terror attack comes ..." was read as
Daesh's indirect speech, so the outlet's own Loaded Language there was shown "(in a quote by Daesh)"."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens import Article

SEED_004 = "004_4c753a3199b01689.txt"


def _attributions(pipeline, text: str) -> list:
    return list(pipeline(Article(text=text)).layers["attributions"])


def test_seed_004_claimed_by_daesh_is_no_speech(pipeline, seeds_dir: Path) -> None:
    article = pipeline(Article(text=(seeds_dir / SEED_004).read_text(encoding="utf-8")))
    text = article.text
    sentence = text.index("While formally claimed by Daesh")
    for record in article.layers["attributions"]:
        source = record.source.text if record.source is not None else ""
        assert "Daesh" not in source, (source, text[record.start : record.end][:80])
    # the outlet's own words in that sentence are no quote of anyone
    end = text.index(".", sentence)
    for tech in article.layers["techniques"]:
        if sentence <= tech.start < end:
            assert not tech.attrs.get("in_quote"), (tech.label, text[tech.start : tech.end])


@pytest.mark.parametrize(
    "text",
    [
        # ours: the same construction with another act and another group
        "Though claimed by a little-known militant group, the bombing shows how fragile the truce is.",
        "Although claimed by the Northern Front, the ambush reveals the army's failure to secure the road.",
    ],
)
def test_an_event_claimed_by_a_group_has_no_speaker(pipeline, text: str) -> None:
    assert _attributions(pipeline, text) == []


def test_a_claim_with_a_clause_is_still_speech(pipeline) -> None:
    [record] = _attributions(pipeline, "The ministry claimed that 40 people had died in the floods.")
    assert record.source is not None and record.source.text == "The ministry"
