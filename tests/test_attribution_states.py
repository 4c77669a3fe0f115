"""The rhetoric encoder's states as attribution tagger input (presslens.attribution.states) and the
study that compares a tagger trained on them (presslens_train.attribution.encoder)."""

from __future__ import annotations

import numpy as np
import pytest

from presslens.attribution.states import STATE_WIDTH, doc_states, pool, reduce_states, token_bounds


def test_pool_averages_the_wordpieces_of_each_token():
    starts, ends = np.array([0, 8, 10]), np.array([7, 9, 15])  # "Senator", "\n", "spoke"
    offsets = np.array([[0, 3], [3, 7], [10, 15], [20, 22]])  # "Sen" "ator" | "spoke" | beyond the tokens
    hidden = np.array([[1.0, 0.0], [3.0, 2.0], [5.0, 5.0], [9.0, 9.0]], np.float32)
    out = pool(starts, ends, offsets, hidden)
    assert out.tolist() == [[2.0, 1.0], [0.0, 0.0], [5.0, 5.0]]
    assert pool(starts, ends, np.zeros((0, 2), np.int64), np.zeros((0, 2), np.float32)).shape == (3, 2)


def test_reduction_keeps_a_token_without_state_at_zero():
    rng = np.random.default_rng(0)
    states = rng.normal(size=(6, 5)).astype(np.float32)
    states[2] = 0.0
    mean, comp = states.mean(0), np.linalg.qr(rng.normal(size=(5, 3)))[0].astype(np.float32)
    out = reduce_states(states, mean, comp)
    assert out.shape == (6, 3)
    assert not out[2].any()
    assert np.allclose(out[0], (states[0] - mean) @ comp, atol=1e-6)


def test_doc_states_come_from_the_shared_encoder(pipeline):
    """One encoder pass per article: the attribution step and techniques.v1 read the same states."""
    from presslens.rhetoric.runtime import get_model

    text = "The senator said the bill would fail.\n\n“It is dead,” she told reporters."
    doc = pipeline.nlp(text)
    encoder = get_model()
    states = doc_states(doc, text, encoder)
    assert states.shape == (len(doc), STATE_WIDTH)
    words = np.array([not t.is_space for t in doc])
    assert np.abs(states[words]).sum(axis=1).min() > 0  # every word has a state
    assert not states[~words].any()  # the paragraph break has none
    offsets, hidden = encoder.token_states(text)
    assert encoder.raw(text) is encoder.raw(text)  # computed once for this text, then shared
    # a token's state is the mean of its wordpieces' ("reporters" may be one or several)
    said = next(t for t in doc if t.text == "said")
    pieces = (offsets[:, 0] >= said.idx) & (offsets[:, 0] < said.idx + len(said))
    assert np.allclose(states[said.i], hidden[pieces].mean(0), atol=1e-5)
    assert token_bounds(doc)[0][said.i] == said.idx


def test_the_exported_graph_reduces_the_states_as_training_did(tmp_path):
    """The ONNX tagger of the study (states input, PCA inside the graph) gives the torch tagger's
    probabilities on inputs reduced in numpy (what training fed it)."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("onnx")
    from presslens.artifacts import onnx_session
    from presslens.attribution.features import FIELDS
    from presslens.attribution.tags import LABELS
    from presslens_train.attribution import train as T
    from presslens_train.attribution.fitting import N_FLAGS, TENSOR_WIDTH, Settings, build

    dims = 4
    settings = Settings(encoder_dims=dims, hidden=8, proj=16)
    sizes = {v: 30 for v in set(T.field_vocab())} | {"quote": 3, "kids": 16}
    torch.manual_seed(0)
    model = build(T.field_vocab(), sizes, len(LABELS), settings).eval()
    rng = np.random.default_rng(1)
    mean = rng.normal(size=STATE_WIDTH).astype(np.float32)
    comp = np.linalg.qr(rng.normal(size=(STATE_WIDTH, dims)))[0].astype(np.float32)
    T.export_onnx(model, tmp_path / "tagger.onnx", None, None, states_reduce=(mean, comp))

    n = 9
    ids = rng.integers(0, 3, size=(1, n, len(FIELDS))).astype(np.int64)
    nums = rng.normal(size=(1, n, TENSOR_WIDTH + N_FLAGS)).astype(np.float32)
    states = rng.normal(size=(1, n, STATE_WIDTH)).astype(np.float32)
    states[0, 4] = 0.0  # a token without a state
    session = onnx_session(tmp_path / "tagger.onnx", 1)
    feed = {"ids": ids, "nums": nums, "states": states, "lengths": np.array([n], np.int32)}
    got = session.run(None, feed)[0]
    reduced = reduce_states(states[0], mean, comp)[None]
    with torch.no_grad():
        want = model(
            torch.from_numpy(ids), torch.from_numpy(np.concatenate([reduced, nums[..., TENSOR_WIDTH:]], -1))
        )
    assert np.allclose(got, want.numpy(), atol=1e-4)
