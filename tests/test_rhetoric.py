"""The shipped techniques model: verified loading, tamper detection, and inference on real articles."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from presslens.errors import ModelError
from presslens.rhetoric import data as D
from presslens.rhetoric.runtime import (
    ARTIFACT_FILES,
    MODEL_DIR,
    RhetoricModel,
    get_model,
    verify_artifact,
)
from presslens.rhetoric.spans import _WORD, is_content_word


def test_the_artifact_verifies_and_describes_itself() -> None:
    meta = verify_artifact(MODEL_DIR)
    assert meta["version"] == "techniques.v1"
    assert meta["techniques"] == list(D.TECHNIQUES)
    assert set(meta["line_thresholds"]) == set(D.TECHNIQUES)
    assert set(meta["files"]) == set(ARTIFACT_FILES)
    assert (MODEL_DIR / "model.onnx").stat().st_size < 26_000_000


@pytest.mark.parametrize("name", [*ARTIFACT_FILES, "metadata.json"])
def test_a_tampered_copy_is_refused(tmp_path, name) -> None:
    copy = tmp_path / "model"
    shutil.copytree(MODEL_DIR, copy)
    RhetoricModel.load(copy)  # the untouched copy loads
    data = bytearray((copy / name).read_bytes())
    data[len(data) // 2] ^= 0x01
    (copy / name).write_bytes(bytes(data))
    with pytest.raises(ModelError, match="sha256"):
        RhetoricModel.load(copy)


def test_a_missing_file_is_a_clear_error(tmp_path) -> None:
    copy = tmp_path / "model"
    shutil.copytree(MODEL_DIR, copy)
    (copy / "heads.npz").unlink()
    with pytest.raises(ModelError, match="missing"):
        RhetoricModel.load(copy)


def test_windows_cover_every_token_of_every_line_once(semeval_dir) -> None:
    model = get_model()
    text = D.read_article(semeval_dir / "articles" / "article111111111.txt")
    enc = D.encode_article(model.tokenizer, text, 64)  # small windows force long lines to be split
    assert all(len(w.ids) <= 64 for w in enc.windows)
    covered = np.concatenate([w.offsets[s:e, 0] for w in enc.windows for _, s, e in w.segments])
    assert len(covered) == len(set(covered.tolist()))
    every = model.tokenizer.encode(text, add_special_tokens=False).offsets
    assert len(covered) == len(every)
    for w in enc.windows:
        for line, s, e in w.segments:
            start, end = enc.lines[line]
            assert start <= w.offsets[s, 0] and w.offsets[e - 1, 1] <= end


def test_inference_on_a_real_article_gives_valid_spans_and_lines(semeval_dir) -> None:
    text = D.read_article(semeval_dir / "articles" / "article111111111.txt")
    pred = get_model().predict(text)
    lines = D.line_spans(text)
    predicted = {}
    for row in pred.lines:
        assert (row["start"], row["end"]) == lines[row["line"] - 1]
        assert text[row["start"] : row["end"]].strip()
        assert all(t["label"] in D.TECHNIQUES and 0 <= t["score"] <= 1 for t in row["techniques"])
        predicted[(row["start"], row["end"])] = {t["label"] for t in row["techniques"]}
    assert any(predicted.values()), "a news article about a deadly epidemic shows at least one technique"
    assert pred.spans
    for span in pred.spans:
        assert span["label"] in D.TECHNIQUES
        assert 0 <= span["start"] < span["end"] <= len(text)
        assert text[span["start"] : span["end"]].strip() == text[span["start"] : span["end"]]
        # every span is evidence for a technique predicted in the paragraph that contains it
        home = [key for key in predicted if key[0] <= span["start"] and span["end"] <= key[1]]
        assert len(home) == 1 and span["label"] in predicted[home[0]]
    assert pred.genre["label"] in D.GENRES
    assert sum(pred.genre["scores"].values()) == pytest.approx(1.0, abs=1e-3)
    assert all(f["label"] in D.FRAMES for f in pred.frames)


def test_folded_span_head_equals_the_head_as_trained(semeval_dir) -> None:
    """The runtime folds standardisation into the first layer and builds neighbour features with
    numpy indexing; the result must equal the head applied to inputs built the plain way."""
    model = get_model()
    raw = model.raw(D.read_article(semeval_dir / "articles" / "article111111112.txt"))
    h = model.heads
    context = model.meta.get("span_context", 0)
    rows = []
    for t, line in enumerate(raw.token_line):  # written out token by token, independently of the runtime
        parts = [raw.token_hidden[t]]
        for distance in range(1, context + 1):
            for j in (t - distance, t + distance):
                inside = 0 <= j < len(raw.token_line) and raw.token_line[j] == line
                parts.append(raw.token_hidden[j] if inside else np.zeros_like(raw.token_hidden[t]))
        rows.append(np.concatenate([*parts, raw.line_pooled[line]]))
    x = np.array(rows)
    assert x.shape[1] == h["span_w1"].shape[1]
    z = ((x - h["span_mean"]) / h["span_scale"]) @ h["span_w1"].T + h["span_b1"]
    z = 0.5 * z * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z**3)))
    expected = 1 / (1 + np.exp(-(z @ h["span_w2"].T + h["span_b2"])))
    assert np.abs(model.span_probs(raw) - expected).max() < 1e-4
    some = np.arange(0, len(raw.token_line), 7)
    assert np.abs(model.span_probs(raw, some) - expected[some]).max() < 1e-4


def test_span_head_marks_words_inside_predicted_paragraphs(semeval_dir) -> None:
    model = get_model()
    text = D.read_article(semeval_dir / "articles" / "article111111111.txt")
    raw = model.raw(text)
    probs = model.span_probs(raw)
    assert probs.shape == (len(raw.token_line), len(D.TECHNIQUES))
    assert ((probs >= 0) & (probs <= 1)).all()
    # token offsets are the article's own: every token's characters are in its line
    for (start, end), line in zip(raw.token_offsets, raw.token_line, strict=True):
        assert raw.encoded.lines[line][0] <= start < end <= raw.encoded.lines[line][1]
    thr = model.thresholds("line_thresholds")
    scores = model.line_scores(raw)
    marked = scores >= thr
    spans = model.technique_spans(raw, marked, model.calibrated(scores))
    assert spans, "the span head finds at least one span in an article with predicted techniques"
    shorter = 0
    for span in spans:
        k = D.TECHNIQUES.index(span["label"])
        line = next(
            i for i, (s, e) in enumerate(raw.encoded.lines) if s <= span["start"] and span["end"] <= e
        )
        assert marked[line, k]
        shorter += span["end"] - span["start"] < raw.encoded.lines[line][1] - raw.encoded.lines[line][0]
        words = _WORD.findall(text[span["start"] : span["end"]])
        assert is_content_word(words[0]) and is_content_word(words[-1]), span
    assert shorter >= len(spans) / 2, "spans are mostly words and phrases, not whole paragraphs"


def test_calibration_is_monotone_and_the_display_threshold_is_stricter(semeval_dir) -> None:
    model = get_model()
    grid = np.linspace(0, 1, 101)[:, None].repeat(len(D.TECHNIQUES), 1)
    cal = model.calibrated(grid)
    assert (np.diff(cal, axis=0) >= -1e-6).all() and ((cal >= 0) & (cal <= 1)).all()
    text = D.read_article(semeval_dir / "articles" / "article111111111.txt")
    pred = model.predict(text)
    thr = model.thresholds("line_thresholds")
    for row in pred.lines:
        for t in row["techniques"]:
            assert t["shown"] == (t["confidence"] >= model.meta["display_threshold"])
            assert t["shown"] or t["score"] >= thr[D.TECH_INDEX[t["label"]]]


def test_token_states_are_a_read_only_view_shared_with_the_techniques(semeval_dir) -> None:
    model = get_model()
    text = D.read_article(semeval_dir / "articles" / "article111111112.txt")
    offsets, hidden = model.token_states(text)
    assert offsets.shape[0] == hidden.shape[0] and hidden.shape[1] == model.heads["lines_mean"].shape[0]
    assert not hidden.flags.writeable
    with pytest.raises(ValueError):
        hidden[0, 0] = 1.0
    assert model.raw(text) is model.raw(text), "the same text is encoded once"


def test_row_blocks_cover_every_row_once_and_never_leave_a_single_row() -> None:
    from presslens.rhetoric.runtime import row_blocks

    assert row_blocks(0, 256) == []
    assert row_blocks(1, 256) == [(0, 1)]
    assert row_blocks(512, 256) == [(0, 256), (256, 512)]
    assert row_blocks(513, 256) == [(0, 256), (256, 513)]  # a one-row block joins the one before
    assert row_blocks(514, 256) == [(0, 256), (256, 512), (512, 514)]


def test_scores_computed_in_blocks_equal_the_scores_computed_at_once(semeval_dir, monkeypatch) -> None:
    """Line scores and span probabilities are computed in blocks of rows, so that a 200,000-character
    article does not hold every line's TF-IDF row at once; tiny blocks must give the same scores."""
    import presslens.rhetoric.runtime as R

    model = get_model()
    text = D.read_article(semeval_dir / "articles" / "article111111111.txt")
    enc = D.encode_article(model.tokenizer, text, model.max_len)
    raw = R.raw_from_hidden(enc, model.hidden_states(enc))  # from a list, as training builds it
    streamed = model.raw(text)  # from the encoder window by window
    for name in ("has_tokens", "doc_vec", "line_pooled", "token_offsets", "token_line", "token_hidden"):
        assert np.array_equal(getattr(raw, name), getattr(streamed, name)), name
    lines, spans = model.line_scores(raw), model.span_probs(raw)
    whole = model.predict(text)
    assert len(raw.encoded.lines) > 2 * 3 and len(raw.token_line) > 2 * 17
    monkeypatch.setattr(R, "LINE_BLOCK", 3)
    monkeypatch.setattr(R, "TOKEN_BLOCK", 17)
    np.testing.assert_allclose(model.line_scores(raw), lines, rtol=0, atol=1e-6)
    np.testing.assert_allclose(model.span_probs(raw), spans, rtol=0, atol=1e-6)
    blocked = model.predict(text)
    key = lambda items: [(x["label"], x["start"], x["end"]) for x in items]  # noqa: E731
    assert key(blocked.spans) == key(whole.spans) and whole.spans
    labels = lambda lines: [[t["label"] for t in line["techniques"]] for line in lines]  # noqa: E731
    assert labels(blocked.lines) == labels(whole.lines)


def test_training_exports_the_depths_its_variants_name() -> None:
    """`presslens train rhetoric --variants` decides which layers the compared encoder graph returns:
    a 1- or 2-layer variant must not be looked for in a graph built for 3, 4 and 6 layers."""
    from presslens_train.rhetoric.train import compared_layers

    assert compared_layers("hidden6-w256,hidden4-w256,hidden3-w256,hidden4-w128") == (3, 4, 6)
    assert compared_layers("hidden3-w256,hidden2-w256,hidden1-w128") == (1, 2, 3)
