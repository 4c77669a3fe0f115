"""Clause columns for the attribution tagger (presslens.attribution.clauses) and the study that
trains a tagger on them (presslens_train.attribution.clauses). Fictional text, the real parser."""

from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

import numpy as np
import pytest

from presslens.attribution.clauses import CLAUSE_WIDTH, columns, counts_sha256, cue_rates, word_keys
from presslens.evaluation.polnear import Attribution, Document, Span

#: cue rates: "say" 9 / (9 + 1) = 0.9, "claim" 3 / (3 + 1) = 0.75, "include" 0 (absent)
TABLE = {"say": [9, 9], "claim": [3, 3]}


def _cols(nlp, text: str):
    doc = nlp(text)
    return doc, columns(doc, cue_rates(word_keys(doc), TABLE))


def test_depth_counts_each_reporting_clause_above_a_token(nlp):
    doc, cols = _cols(nlp, "Ann said Bob claimed that the dam would fail.")
    by = {t.text: cols[t.i] for t in doc}
    assert cols.shape == (len(doc), CLAUSE_WIDTH)
    assert by["said"][0] == pytest.approx(0.9)  # own rate ("said" -> "say")
    assert by["claimed"][0] == pytest.approx(0.75)
    assert by["said"][3] == 0.0 and by["said"][4] == 0.0  # nothing above the outer cue
    # the inner cue sits in one reported clause, under "said"
    assert by["claimed"][3] == pytest.approx(0.9) and by["claimed"][4] == pytest.approx(0.9)
    # the innermost clause is reported twice: by "claimed" inside "said"
    assert by["dam"][3] == pytest.approx(0.9 + 0.75)
    assert by["dam"][4] == pytest.approx(0.9)
    assert by["dam"][5] > by["claimed"][5] > 0
    assert by["Bob"][2] == pytest.approx(0.75)  # its nearest verb is "claimed"


def test_a_cue_inside_a_relative_clause_is_governed_by_no_reporting_clause(nlp):
    """The nested case of the model card: "countries he said had sent" under "included"."""
    doc, cols = _cols(nlp, "He included Norway on a list of countries he said had sent troops.")
    said = next(t for t in doc if t.text == "said")
    sent = next(t for t in doc if t.text == "sent")
    assert cols[said.i][3] == 0.0  # no reported clause above the inner cue
    assert cols[sent.i][3] == pytest.approx(0.9)  # its content is reported by it
    assert cols[said.i][0] == pytest.approx(0.9)


def test_keys_are_the_lexicon_word_keys(nlp):
    from presslens.attribution.lexicon import word_key

    doc = nlp("She says they said that saying it twice helps.")
    assert word_keys(doc) == [word_key(t) for t in doc]


def _doc(nlp, name: str, text: str, cue: str | None):
    gold = []
    if cue is not None:
        s = text.index(cue)
        gold = [Attribution(Span.of((s + len(cue) + 1, len(text) - 1)), None, Span.of((s, s + len(cue))))]
    return SimpleNamespace(doc=nlp(text), gold=Document(name, text, gold))  # what fold_counts reads


def test_training_rates_never_count_the_article_itself(nlp):
    """Target encoding: a training article's columns come from the other training folds' counts,
    so a cue word seen only in it has rate 0 there, as an unseen cue word has at run time."""
    from presslens_train.attribution.clauses import clause_flags, fold_counts

    items = [
        _doc(nlp, "a", "Ann declared the vote was lost.", "declared"),
        _doc(nlp, "b", "Bob declared a holiday.", None),
        _doc(nlp, "c", "Cy declared the count was wrong.", "declared"),
    ]
    keys = [word_keys(it.doc) for it in items]
    fold = np.array([0, 1, 2])
    counts = fold_counts(items, keys, fold)
    flags = clause_flags(items, keys, fold, counts, {0, 1})
    offsets = np.cumsum([0] + [len(it.doc) for it in items])
    own = [flags[offsets[k] + 1, 0] for k in range(3)]  # "declared" is token 1 of each
    assert own[0] == 0.0  # fold 0 sees only fold 1's counts: "declared" never a cue there
    assert own[1] == pytest.approx(1 / 2)  # fold 1 sees fold 0's: once a cue, once seen
    assert own[2] == pytest.approx(1 / 3)  # held out: both training folds, once in twice


def test_a_model_with_other_clause_counts_is_refused(tmp_path):
    from presslens.attribution.runtime import MODEL_DIR, AttributionModel
    from presslens.errors import ModelError

    folder = tmp_path / "model"
    shutil.copytree(MODEL_DIR, folder)
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    meta["clause_features"] = {"width": CLAUSE_WIDTH, "counts_sha256": counts_sha256(TABLE)}
    (folder / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="clause"):
        AttributionModel.load(folder, metadata_sha256=None)


def test_the_shipped_model_reads_no_clause_columns(nlp):
    from presslens.attribution.runtime import shipped_model

    model = shipped_model()
    doc = nlp("Ann said the dam would fail.")
    assert model.clause_counts is None
    assert model.features(doc).nums.shape[1] == 100


def test_the_exported_graph_reads_the_clause_columns(tmp_path):
    """A tagger trained with clause columns exports with a wider ``nums`` input, and the ONNX graph
    gives the torch tagger's logits on it."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("onnx")
    from presslens.artifacts import onnx_session
    from presslens.attribution.features import FIELDS
    from presslens.attribution.tags import LABELS
    from presslens_train.attribution import train as T
    from presslens_train.attribution.fitting import N_FLAGS, TENSOR_WIDTH, Settings, build

    settings = Settings(clause_features=CLAUSE_WIDTH, hidden=8, proj=16)
    sizes = {v: 30 for v in set(T.field_vocab())} | {"quote": 3, "kids": 16}
    torch.manual_seed(0)
    model = build(T.field_vocab(), sizes, len(LABELS), settings).eval()
    T.export_onnx(model, tmp_path / "tagger.onnx", None, None, extra_flags=CLAUSE_WIDTH)
    rng = np.random.default_rng(1)
    n = 9
    ids = rng.integers(0, 3, size=(1, n, len(FIELDS))).astype(np.int64)
    nums = rng.normal(size=(1, n, TENSOR_WIDTH + N_FLAGS + CLAUSE_WIDTH)).astype(np.float32)
    session = onnx_session(tmp_path / "tagger.onnx", 1)
    got = session.run(None, {"ids": ids, "nums": nums, "lengths": np.array([n], np.int32)})[0]
    with torch.no_grad():
        want = model(torch.from_numpy(ids), torch.from_numpy(nums[..., TENSOR_WIDTH:]))
    assert np.allclose(got, want.numpy(), atol=1e-4)
    nums[..., -1] += 1.0  # the clause columns reach the output
    moved = session.run(None, {"ids": ids, "nums": nums, "lengths": np.array([n], np.int32)})[0]
    assert not np.allclose(got, moved)


def test_an_epoch_snapshot_leaves_the_training_unchanged():
    """``train_tagger(after_epoch=...)`` (the snapshots of ``clauses cv --snapshot-epochs``) sees the
    model after each epoch but the last, and the model it returns is the one trained without it."""
    pytest.importorskip("torch")
    from presslens.attribution.features import FIELDS
    from presslens.attribution.tags import LABELS
    from presslens_train.attribution import train as T
    from presslens_train.attribution.fitting import N_FLAGS, Packed, Settings, predict_probs, train_tagger

    rng = np.random.default_rng(3)
    n = 400
    data = Packed(
        ids=rng.integers(0, 3, size=(n, len(FIELDS))).astype(np.int64),
        tensor=np.zeros((n, 0), np.float32),
        flags=rng.normal(size=(n, N_FLAGS)).astype(np.float32),
        tags=rng.integers(0, len(LABELS), size=n).astype(np.int64),
        bounds=np.array([[s, s + 20] for s in range(0, n, 20)]),
        doc_of_window=np.zeros(n // 20, np.int64),
    )
    sizes = {v: 30 for v in set(T.field_vocab())} | {"quote": 3, "kids": 16}
    settings = Settings(epochs=3, hidden=8, proj=16, batch_windows=4)
    seen: dict[int, np.ndarray] = {}

    def snap(epoch, model):
        assert not model.training  # eval mode: no dropout draw moves the random stream
        seen[epoch] = predict_probs(model, data, len(LABELS))

    with_hook = train_tagger(data, T.field_vocab(), sizes, len(LABELS), settings, after_epoch=snap)
    plain = train_tagger(data, T.field_vocab(), sizes, len(LABELS), settings)
    final = predict_probs(with_hook, data, len(LABELS))
    assert sorted(seen) == [1, 2]
    assert np.array_equal(final, predict_probs(plain, data, len(LABELS)))
    assert not np.allclose(seen[1], final)  # a snapshot is the model as it stood, not the end
