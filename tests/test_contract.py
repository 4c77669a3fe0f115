"""The component contract: declared reads and writes, checked before a run and enforced during one.

Every registered component runs here in strict mode (`presslens.pipeline.run_strict`) on real
text: the seeds and the bundled example. Each one also runs with nothing but what it declares it
reads (and the components that write those), and must give exactly what it gives in the full
pipeline: a component that depended on something it did not declare would differ, or fail.
Deliberately broken components show each guard failing.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presslens.components.registry import DEFAULT_PIPELINE
from presslens.errors import PipelineError
from presslens.ingest import article_from_text, load_inputs
from presslens.layers import FIELDS, Claim, ClaimValue, Sentence, VoiceCount, Voices
from presslens.model import Article, SourceInfo
from presslens.pipeline import ContractError, Pipeline, check_order, component, registered

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "fictional-port-strike.txt"


def real_articles(seed_paths: list[Path]) -> list[Article]:
    loaded = [a for a in load_inputs([str(p) for p in [*seed_paths, EXAMPLE]]) if isinstance(a, Article)]
    assert len(loaded) == len(seed_paths) + 1
    return loaded


@pytest.fixture(scope="module")
def strict_full(seed_paths) -> list[Article]:
    pipeline = Pipeline(DEFAULT_PIPELINE, strict=True)
    return list(pipeline.pipe(real_articles(seed_paths)))


def test_every_registered_component_is_in_the_strict_run(strict_full) -> None:
    """The default pipeline runs every registered component; in strict mode none breaks its contract."""
    assert sorted(DEFAULT_PIPELINE) == sorted(registered())
    strict_full = [a.to_dict() for a in strict_full]
    for data in strict_full:
        assert data["components"] == list(DEFAULT_PIPELINE), data["warnings"]
        assert data["warnings"] == []
    assert sum(len(d["quotes"]) for d in strict_full) > 20, "real text: the guards saw real work"


def closure(name: str) -> list[str]:
    """``name`` and the components that write what it reads, transitively, in default order."""
    infos = registered()
    wanted = {name}
    todo = [name]
    while todo:
        for need in infos[todo.pop()].reads:
            for other in DEFAULT_PIPELINE:
                if need in infos[other].writes and other not in wanted:
                    wanted.add(other)
                    todo.append(other)
    return [n for n in DEFAULT_PIPELINE if n in wanted]


#: Attributes that links of other components join onto a layer's items (`layers.join_links`).
JOINED = {"sentences": ("checkworthiness",), "entities": ("actor",), "claims": ("attribution",)}


def own_part(data: dict, name: str) -> object:
    """What field ``name`` contributes to an article's JSON, without what other components join onto it."""
    value = data.get(name)
    if name in JOINED:
        value = [{k: v for k, v in item.items() if k not in JOINED[name]} for item in value]
    if name == "claims" and "claims" not in JOINED:
        value = [
            {**c, "attribution": {k: v for k, v in c["attribution"].items() if k != "resolved"}}
            if c["attribution"]
            else c
            for c in value
        ]
    return value


def emitted(article: Article, writes: tuple[str, ...]) -> dict:
    """What the fields ``writes`` hold: their JSON, or for a link (not in the JSON) its value."""
    data = article.to_dict()
    out: dict = {}
    for name in writes:
        spec = FIELDS.get(name)
        out[name] = article.results.get(name) if spec is not None and not spec.emit else own_part(data, name)
    return out


@pytest.mark.parametrize("name", DEFAULT_PIPELINE)
def test_each_component_alone_with_what_it_declares_gives_the_same_output(
    name, seed_paths, strict_full
) -> None:
    names = closure(name)
    pipeline = Pipeline(names, strict=True)
    alone = list(pipeline.pipe(real_articles(seed_paths)))
    writes = registered()[name].writes
    for full, part in zip(strict_full, alone, strict=True):
        assert part.warnings == []
        mine, theirs = emitted(part, writes), emitted(full, writes)
        if "actors" in mine:  # in the full run, quotes.v1 lists the people it named after these
            theirs["actors"] = theirs["actors"][: len(mine["actors"])]
        assert mine == theirs, f"{name} with only {names}"


def test_any_subset_either_passes_the_order_check_or_gets_a_one_line_reason() -> None:
    infos = registered()
    refused = 0
    for size in range(1, len(DEFAULT_PIPELINE) + 1):
        for subset in itertools.combinations(DEFAULT_PIPELINE, size):
            try:
                check_order([infos[n] for n in subset])
            except PipelineError as exc:
                refused += 1
                message = str(exc)
                assert "\n" not in message
                missing = [r for n in subset for r in infos[n].reads if r in message]
                assert missing, message  # it names what is missing
                assert "add " in message or "runs after" in message, message
            else:  # accepted: every read is written earlier in the subset, or is the text/parse/metadata
                available = {"doc", "text", "metadata"}
                for n in subset:
                    assert set(infos[n].reads) <= available, (subset, n)
                    available |= set(infos[n].writes)
    assert refused > 0


def test_checkworthiness_without_its_inputs_is_refused_naming_them() -> None:
    """It scores claims, quotes and sources: without them the scores would silently change."""
    with pytest.raises(PipelineError) as caught:
        Pipeline(["sentences.v1", "checkworthiness.v1"])
    message = str(caught.value)
    assert "checkworthiness.v1" in message and "claims" in message and "quotes" in message
    assert "add claims.v1 before it" in message


def test_a_reader_listed_before_its_writer_is_refused() -> None:
    with pytest.raises(PipelineError, match="actors is written by actors.v1, which runs after it"):
        Pipeline(["sentences.v1", "entities.v1", "quotes.v1", "actors.v1"])


def test_an_empty_component_list_is_refused_not_read_as_everything() -> None:
    with pytest.raises(PipelineError, match="no components to run"):
        Pipeline([])
    from presslens.cli import app

    result = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--components", "", "--no-progress"])
    assert result.exit_code == 2
    assert "--components is empty" in result.output


@pytest.mark.parametrize(
    ("components", "reason"),
    [
        ("sentences.v1,checkworthiness.v1", "'checkworthiness.v1' reads claims, quotes, sources"),
        ("claims.v1,claims.v1", "'claims.v1' is listed twice"),
        ("sentences.v1,nope.v1", "unknown component(s): nope.v1"),
    ],
)
def test_cli_refuses_a_component_list_that_cannot_run_in_one_line(tmp_path, components, reason) -> None:
    """Refused as a usage error before any input is read (the input here does not even exist)."""
    from presslens.cli import app

    missing = tmp_path / "not-there.txt"
    result = CliRunner().invoke(app, ["analyze", str(missing), "--components", components, "--no-progress"])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: --components: ") and reason in line


HE_SAID = (
    "Harbour master Ilse Varga inspected the Vellmore docks on Monday.\n\n"
    "She said 300 dockers had walked out since the strike began, and that 40 ships were waiting."
)


def test_claims_after_quotes_keeps_the_resolved_pronoun_source() -> None:
    """The person behind "she said" is coref.v1's link, joined after the run: the order does not lose it.

    (attribution.v1 reads the figures, so claims.v1 runs before it; it may run before or after actors.v1.)"""
    tail = ["attribution.v1", "quotes.v1", "coref.v1"]
    before = Pipeline(["sentences.v1", "entities.v1", "claims.v1", "actors.v1", *tail], strict=True)
    after = Pipeline(["sentences.v1", "entities.v1", "actors.v1", "claims.v1", *tail], strict=True)
    outputs = []
    for pipeline in (before, after):
        article = pipeline(article_from_text(HE_SAID, SourceInfo(format="text")))
        outputs.append([c.attribution for c in article.layers["claims"]])
    assert outputs[0] == outputs[1]
    resolved = [a.resolved for a in outputs[0] if a is not None and a.resolved is not None]
    assert resolved and resolved[0].name == "Ilse Varga"


# ---- deliberately broken components --------------------------------------------------------------


@pytest.fixture
def scratch():
    """Register test components, and remove them afterwards."""
    from presslens import pipeline as module

    names: list[str] = []

    def register(name, **declared):
        names.append(name)
        return component(name, **declared)

    yield register
    for name in names:
        module._REGISTRY.pop(name, None)


TEXT = "Officials said 12 people were killed on Monday. The minister said it was wrong."


def run(names: list[str]) -> Article:
    return Pipeline(names, strict=True)(article_from_text(TEXT, SourceInfo(format="text")))


def test_reading_an_undeclared_layer_fails(scratch) -> None:
    @scratch("test-peeks.v1", reads=("doc", "sentences"), writes=("peeks",))
    def peeks(article, doc) -> None:
        article.results["peeks"] = len(article.layers["claims"])  # claims: not declared

    with pytest.raises(ContractError, match="test-peeks.v1 reads layer 'claims', which it does not declare"):
        run(["sentences.v1", "claims.v1", "test-peeks.v1"])


def test_the_old_checkworthiness_contract_fails(scratch) -> None:
    """The bug of issue 9: declaring only sentences, reading quotes and writing into sentences."""

    @scratch("test-oldcheck.v1", reads=("doc", "sentences"), writes=("oldcheck",))
    def oldcheck(article, doc) -> None:
        quotes = article.layers.get("quotes", [])
        for sent in article.layers["sentences"]:
            sent.attrs["checkworthiness"] = 0.5 if quotes else 0.1

    with pytest.raises(ContractError, match="reads layer 'quotes'"):
        run(["sentences.v1", "test-oldcheck.v1"])


def test_editing_another_component_s_records_fails(scratch) -> None:
    @scratch("test-editor.v1", reads=("doc", "sentences"), writes=("notes",))
    def editor(article, doc) -> None:
        sentence = article.layers["sentences"][0]
        object.__setattr__(sentence, "confidence", 0.1)  # past the frozen record: the snapshot sees it

    with pytest.raises(
        ContractError, match="test-editor.v1 changed layer:sentences, which it does not write"
    ):
        run(["sentences.v1", "test-editor.v1"])


def test_changing_a_result_behind_the_guards_fails(scratch) -> None:
    @scratch("test-voter.v1", reads=("voices",), writes=())
    def voter(article, doc) -> None:
        article.results["voices"].by_affiliation["unknown"] = 99  # a dict inside a frozen record

    @scratch("test-voices.v1", reads=("doc",), writes=("voices",))
    def voices(article, doc) -> None:
        article.results["voices"] = Voices((VoiceCount("Officials"),), {"unknown": 1})

    with pytest.raises(ContractError, match="changed result:voices"):
        run(["test-voices.v1", "test-voter.v1"])


def test_adding_to_an_undeclared_layer_fails(scratch) -> None:
    @scratch("test-adder.v1", reads=("doc",), writes=())
    def adder(article, doc) -> None:
        article.add("sentences", Sentence(start=0, end=9, component="test-adder.v1"))

    with pytest.raises(ContractError, match="adds to layer 'sentences', which it does not declare"):
        run(["test-adder.v1"])


def test_appending_to_a_read_only_layer_fails(scratch) -> None:
    @scratch("test-appender.v1", reads=("doc", "sentences"), writes=())
    def appender(article, doc) -> None:
        article.layers["sentences"].append(Sentence(start=0, end=9, component="test-appender.v1"))

    article = run(["sentences.v1", "test-appender.v1"])  # a layer it only reads is a tuple: no append
    assert any("test-appender.v1 failed: AttributeError" in w for w in article.warnings)
    assert len(article.layers["sentences"]) == 2


def test_reading_metadata_undeclared_fails(scratch) -> None:
    @scratch("test-dater.v1", reads=("doc",), writes=("dated",))
    def dater(article, doc) -> None:
        article.results["dated"] = article.published.value

    with pytest.raises(ContractError, match="does not declare metadata"):
        run(["test-dater.v1"])


def test_writing_the_wrong_type_fails(scratch) -> None:
    @scratch("test-sloppy.v1", reads=("doc",), writes=("claims",))
    def sloppy(article, doc) -> None:
        article.add("claims", Claim(start=0, end=9, component="test-sloppy.v1", value={"low": 12}))  # type: ignore[arg-type]

    with pytest.raises(ContractError, match="wrote claims with the wrong type"):
        run(["test-sloppy.v1"])


def test_a_well_behaved_plugin_passes(scratch) -> None:
    @scratch("test-counter.v1", reads=("doc", "claims"), writes=("figure_count",))
    def counter(article, doc) -> None:
        article.results["figure_count"] = len(article.layers["claims"])

    article = run(["sentences.v1", "claims.v1", "test-counter.v1"])
    assert article.results["figure_count"] == len(article.layers["claims"]) == 1
    assert article.layers["claims"][0].value == ClaimValue(12)
