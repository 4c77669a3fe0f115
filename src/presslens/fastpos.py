"""Coarse part-of-speech (`token.pos_`) from the model's own attribute-ruler rules, vectorised.

`en_core_web_sm` derives `pos_` from the tagger's fine tags with an `AttributeRuler`: 179 one- or
two-token Matcher patterns. Running them through spaCy's Matcher costs about an eighth of the whole
parse, while PressLens reads only `pos_` from that step (never morphology or lemmas). `FastPOS`
compiles the same patterns, read from the loaded model, into column tests over `Doc.to_array` and
applies them with numpy in pattern order (a later pattern overrides an earlier one, as in the ruler).
A test checks that the result equals the ruler's on real articles, so the shortcut cannot drift from
the model it reads.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, POS, TAG
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc

#: Token attributes the patterns may test, in the column order of `Doc.to_array`.
COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "ORTH": 3, "IS_SPACE": 4}
ARRAY_ATTRS = [TAG, LOWER, DEP, ORTH, IS_SPACE]


@dataclass(slots=True)
class _Test:
    column: int
    values: np.ndarray  # uint64 hashes (or 0/1 for IS_SPACE)
    negate: bool

    def mask(self, column: np.ndarray) -> np.ndarray:
        """Which values of ``column`` (this test's column, one row per token) pass the test."""
        # most patterns test one value: == is several times cheaper than np.isin's set logic
        hit = column == self.values[0] if len(self.values) == 1 else np.isin(column, self.values)
        return ~hit if self.negate else hit


@dataclass(slots=True)
class _Rule:
    tests: tuple[tuple[_Test, ...], ...]  # per pattern token
    target: int
    pos: int | None  # hash of the POS value, or None
    tag: int | None


def _compile_test(attr: str, spec: object, strings: StringStore) -> _Test:
    column = COLUMNS[attr]

    def encode(value: object) -> int:
        if attr == "IS_SPACE":
            return int(bool(value))
        return strings.add(str(value)) if value != "" else 0

    if isinstance(spec, dict):
        (operator, values), *rest = spec.items()
        if rest or operator not in ("IN", "NOT_IN"):
            raise ValueError(f"unsupported pattern operator {spec}")
        return _Test(column, np.array([encode(v) for v in values], dtype=np.uint64), operator == "NOT_IN")
    return _Test(column, np.array([encode(spec)], dtype=np.uint64), False)


class FastPOS:
    """Applies the POS and TAG assignments of an `AttributeRuler`'s patterns."""

    def __init__(self, strings: StringStore, patterns: list[dict]) -> None:
        self.rules: list[_Rule] = []
        for entry in patterns:
            attrs = entry["attrs"]
            if "POS" not in attrs and "TAG" not in attrs:
                continue
            for pattern in entry["patterns"]:
                tests = tuple(
                    tuple(_compile_test(attr, spec, strings) for attr, spec in token_spec.items())
                    for token_spec in pattern
                )
                target = entry.get("index", 0) % len(pattern)
                pos = strings.add(attrs["POS"]) if "POS" in attrs else None
                tag = strings.add(attrs["TAG"]) if "TAG" in attrs else None
                self.rules.append(_Rule(tests, target, pos, tag))

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        array = doc.to_array(ARRAY_ATTRS).astype(np.uint64)
        columns = [np.ascontiguousarray(array[:, j]) for j in range(array.shape[1])]
        pos = np.zeros(n, dtype=np.uint64)
        tag = columns[COLUMNS["TAG"]].copy()
        for rule in self.rules:
            width = len(rule.tests)
            if width > n:
                continue
            starts = None  # pattern start positions that match
            for k, token_tests in enumerate(rule.tests):
                for test in token_tests:
                    hit = test.mask(columns[test.column][k : k + n - width + 1])
                    starts = hit if starts is None else starts & hit
            if starts is None:  # a pattern without tests matches everywhere
                starts = np.ones(n - width + 1, dtype=bool)
            if not starts.any():
                continue
            hits = np.flatnonzero(starts) + rule.target
            if rule.pos is not None:
                pos[hits] = rule.pos
            if rule.tag is not None:
                tag[hits] = rule.tag
        doc.from_array([TAG, POS], np.stack([tag, pos], axis=1))
        return doc


def replace_attribute_ruler(nlp: Language) -> None:
    """Swap the pipeline's `attribute_ruler` for the equivalent `FastPOS` (in place, same name)."""
    if "attribute_ruler" in nlp.pipe_names:
        patterns = nlp.get_pipe("attribute_ruler").patterns
        nlp.replace_pipe("attribute_ruler", "presslens_fast_pos", config={"patterns": patterns})


@Language.factory("presslens_fast_pos", default_config={"patterns": []})
def make_fast_pos(nlp: Language, name: str, patterns: list[dict]) -> FastPOS:
    return FastPOS(nlp.vocab.strings, patterns)
