"""`FastPOS` must give exactly the part-of-speech tags of the model's own attribute ruler."""

from __future__ import annotations

from presslens.nlp import build_spacy, load_spacy


def test_fast_pos_equals_the_attribute_ruler_on_real_articles(seed_paths, semeval_dir) -> None:
    texts = [p.read_text(encoding="utf-8") for p in seed_paths]
    texts += [p.read_text(encoding="utf-8") for p in sorted((semeval_dir / "articles").glob("*.txt"))[:20]]
    texts += ["", "   ", "There is a cat.\n\n  It's not here, is it?"]
    fast = load_spacy()
    reference = build_spacy(fast_pos=False)
    assert reference.get_pipe("attribute_ruler").__class__.__name__ == "AttributeRuler"
    assert fast.get_pipe("attribute_ruler").__class__.__name__ == "FastPOS"
    compared = 0
    for ours, theirs in zip(fast.pipe(texts), reference.pipe(texts), strict=True):
        assert [(t.pos_, t.tag_) for t in ours] == [(t.pos_, t.tag_) for t in theirs]
        compared += len(ours)
    assert compared > 20_000
