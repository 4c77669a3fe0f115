"""The HTML report and its view, on a hand-built article that follows docs/annotations.md.

The components that fill claims, quotes and techniques are written elsewhere; this article is
built by hand so every section has something to show, and the offsets are found with
``str.index`` so the spans are right by construction.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from presslens.layers import Claim, ClaimValue, CountOf
from presslens.model import Annotation, Article, MetaValue
from presslens.report import article_view, render_report, report_view
from presslens.report.techniques import TECHNIQUES
from presslens.report.view import Mark, format_figure, segments

TEXT = (
    "Ceasefire talks stall\n"
    "By Jane Doe\n"
    "\n"
    "More than 1,200 people were killed in the attack, according to the Health Ministry. "
    '"We will never surrender," said Minister John Smith of the ruling party. '
    'Critics reportedly called the so-called "experts" biased, and the radical regime answered with silence.'
)


def span(needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


def nested(needle: str, **extra: object) -> dict:
    start, end = span(needle)
    return {"start": start, "end": end, **extra}


def build_article() -> Article:
    article = Article(text=TEXT)
    t0, t1 = span("Ceasefire talks stall")
    a0, a1 = span("Jane Doe")
    article.title = MetaValue("Ceasefire talks stall", t0, t1)
    article.author = MetaValue("Jane Doe", a0, a1)
    article.published = MetaValue(None)
    article.outlet = MetaValue("The Example Post", None, None, "input")
    for needle, label in [("John Smith", "PERSON"), ("Health Ministry", "ORG"), ("1,200", "CARDINAL")]:
        article.add("entities", Annotation(*span(needle), label, "entities.v1", 0.8))
    article.add(
        "claims",
        Annotation(
            *span("More than 1,200 people were killed"),
            "claim",
            "claims.v1",
            0.9,
            {
                "value": {"low": 1200, "high": None, "approx": False, "qualifier": "more than"},
                "unit": "count",
                "count_of": nested("people", text="people", head="people"),
                "event": nested("killed", label="killed", negated=False),
                "as_of": None,
                "attribution": nested("Health Ministry", source="Health Ministry", cue="according to"),
            },
        ),
    )
    qs, qe = span('"We will never surrender,"')
    article.add(
        "quotes",
        Annotation(
            qs,
            span("of the ruling party")[1],
            "quote",
            "quotes.v1",
            0.95,
            {
                "kind": "direct",
                "content": {"start": qs + 1, "end": qe - 2},
                "speaker": nested("John Smith", name="John Smith", actor=None, resolved_from=None),
                "cue": nested("said", text="said"),
                "affiliation": "the ruling party",
            },
        ),
    )
    article.add(
        "sources",
        Annotation(
            *span("Health Ministry"),
            "source",
            "sources.v1",
            0.9,
            {"type": "government", "name": "Health Ministry", "affiliation": None},
        ),
    )
    article.add("scare_quotes", Annotation(*span('"experts"'), "scare_quote", "scare.v1", 0.7))
    article.add(
        "labels",
        Annotation(
            *span("radical regime"),
            "loaded_label",
            "labels.v1",
            0.8,
            {"term": "radical regime", "category": "pejorative", "actor": None},
        ),
    )
    article.add("hedges", Annotation(*span("reportedly"), "hedge", "hedges.v1", 0.9, {"term": "reportedly"}))
    article.add("techniques", Annotation(*span("We will never surrender"), "Slogans", "techniques.v1", 0.61))
    article.add(
        "techniques", Annotation(*span("radical regime"), "Name_Calling-Labeling", "techniques.v1", 0.77)
    )
    article.results["genre"] = {
        "label": "reporting",
        "scores": {"opinion": 0.2, "reporting": 0.75, "satire": 0.05},
        "component": "genre.v1",
    }
    article.results["frames"] = [{"label": "Security_and_defense", "score": 0.8}]
    article.results["voices"] = {
        "speakers": [
            {"name": "John Smith", "affiliation": "the ruling party", "direct": 1, "indirect": 0, "cited": 0},
            {"name": "Health Ministry", "affiliation": None, "direct": 0, "indirect": 0, "cited": 1},
        ],
        "by_affiliation": {"the ruling party": 1},
    }
    body = TEXT.index("More than")
    article.results["paragraphs"] = [
        {"line": 1, "start": 0, "end": span("Ceasefire talks stall")[1], "techniques": []},
        {
            "line": 4,
            "start": body,
            "end": len(TEXT),
            "techniques": [{"label": "Slogans", "score": 0.41}, {"label": "Loaded_Language", "score": 0.83}],
        },
    ]
    article.components = ["entities.v1", "claims.v1"]
    return article


class Tree(HTMLParser):
    """Collects elements (tag, attrs) and the text inside each element id'd by ``watch``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text_parts: list[str] = []
        self._depth_in_text = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if self._depth_in_text:
            self._depth_in_text += 1
        elif tag == "div" and attributes.get("class") == "text":
            self._depth_in_text = 1

    def handle_endtag(self, tag: str) -> None:
        if self._depth_in_text:
            self._depth_in_text -= 1

    def handle_data(self, data: str) -> None:
        if self._depth_in_text:
            self.text_parts.append(data)


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    return tree


@pytest.fixture(scope="module")
def article() -> Article:
    return build_article()


@pytest.fixture(scope="module")
def html(article: Article) -> str:
    return render_report([article])


def test_segments_concatenate_to_the_text_and_carry_every_covering_class(article: Article) -> None:
    view = article_view(article.to_dict())
    segs = view["segments"]
    assert "".join(s["text"] for s in segs) == TEXT
    assert all(s["start"] < s["end"] for s in segs)
    assert [s["start"] for s in segs[1:]] == [s["end"] for s in segs[:-1]]
    # "1,200" sits inside the claim, inside an entity: its segment carries both classes
    figure = next(s for s in segs if s["text"] == "1,200")
    assert set(figure["classes"].split()) == {"t-claim", "t-entity", "ent-CARDINAL"}
    assert "claim (claims.v1, confidence 0.90)" in figure["title"]
    assert "CARDINAL (entities.v1, confidence 0.80)" in figure["title"]
    # "radical regime" is both a loaded label and a technique, shown with the technique's name
    regime = next(s for s in segs if s["text"] == "radical regime")
    assert set(regime["classes"].split()) == {"t-label", "t-technique"}
    assert "Name Calling-Labeling (techniques.v1, confidence 0.77)" in regime["title"]
    # unannotated text gets no classes
    assert next(s for s in segs if s["text"].startswith(" biased"))["classes"] == ""


def test_segments_handle_nesting_overlap_and_identical_spans() -> None:
    text = "abcdefghij"
    marks = [
        Mark(0, 6, "quote", "q", "quote", "x", 1.0),
        Mark(2, 4, "claim", "c", "claim", "x", 1.0),
        Mark(3, 8, "hedge", "h", "hedge", "x", 0.5),
        Mark(3, 8, "label", "l", "loaded_label", "x", None),
    ]
    segs = segments(text, marks)
    assert "".join(s["text"] for s in segs) == text
    got = [(s["text"], set(s["classes"].split())) for s in segs]
    assert got == [
        ("ab", {"t-quote"}),
        ("c", {"t-quote", "t-claim"}),
        ("d", {"t-quote", "t-claim", "t-hedge", "t-label"}),
        ("ef", {"t-quote", "t-hedge", "t-label"}),
        ("gh", {"t-hedge", "t-label"}),
        ("ij", set()),
    ]


def test_the_rendered_text_is_exactly_the_article_text(html: str) -> None:
    assert "".join(parse(html).text_parts) == TEXT


def test_malformed_spans_are_skipped_not_fatal(article: Article) -> None:
    data = article.to_dict()
    data["claims"] = [*data["claims"], {"id": "bad1", "start": 5, "end": 10_000}, {"start": "x"}, "junk"]
    view = article_view(data)
    assert "".join(s["text"] for s in view["segments"]) == TEXT
    # items that do not fit the claim record (a span past the end, a string offset, a non-object)
    # are left out, and the report says so among the article's warnings
    assert [f["href"] for f in view["figures"]] == ["#cla1"]
    assert len([w for w in view["warnings"] if w.startswith("claims:")]) == 3
    assert any("bad1" in w for w in view["warnings"])


def test_metadata_links_to_where_each_value_came_from(article: Article, html: str) -> None:
    rows = {m["name"]: m for m in article_view(article.to_dict())["metadata"]}
    assert rows["title"]["href"] == "#c-0"
    assert rows["author"]["href"] == f"#c-{TEXT.index('Jane Doe')}"
    assert rows["published"] == {**rows["published"], "value": "not stated", "stated": False, "href": None}
    assert rows["outlet"]["value"] == "The Example Post" and rows["outlet"]["href"] is None
    ids = {attrs.get("id") for _, attrs in parse(html).elements}
    assert f"c-{TEXT.index('Jane Doe')}" in ids
    assert "not stated" in html


def test_every_internal_link_has_a_target(html: str) -> None:
    elements = parse(html).elements
    ids = [attrs["id"] for _, attrs in elements if attrs.get("id")]
    assert len(ids) == len(set(ids)), "element ids must be unique"
    hrefs = [attrs["href"] for tag, attrs in elements if tag == "a" and attrs.get("href")]
    assert hrefs, "the tables link to the text"
    for href in hrefs:
        assert href.startswith("#") and href[1:] in ids, href


def test_tables_link_rows_to_their_highlights(article: Article) -> None:
    view = article_view(article.to_dict())
    assert view["figures"] == [
        {
            "href": "#cla1",
            "text": "More than 1,200 people were killed",
            "figure": "more than 1,200",
            "what": "people",
            "event": "killed",
            "as_of": "not stated",
            "since": None,
            "vague": False,
            "source": "Health Ministry",
            "source_href": f"#c-{TEXT.index('Health Ministry')}",
            "confidence": 0.9,
        }
    ]
    quote = view["quotes"][0]
    assert (quote["speaker"], quote["affiliation"], quote["kind"]) == (
        "John Smith",
        "the ruling party",
        "direct",
    )
    assert quote["quote"] == "We will never surrender" and quote["href"] == "#quo1"
    assert [t["href"] for t in view["techniques"]] == ["#tec1", "#tec2"]
    assert view["technique_counts"][0]["definition"] == TECHNIQUES[view["technique_counts"][0]["label"]]


#: the report's section headings, in page order
SECTIONS = ("Figures", "Quotes", "Voices", "Techniques", "Genre and frames", "Loaded labels and hedges")


def test_sections_are_present_and_filled(html: str) -> None:
    for heading in SECTIONS:
        assert f">{heading}</h3>" in html
    assert "PressLens shows what the text says and where; it does not judge whether it is true." in html
    assert "more than 1,200" in html and "Health Ministry" in html
    assert "We will never surrender" in html and "the ruling party" in html
    assert "Name Calling-Labeling" in html and escape(TECHNIQUES["Slogans"]) in html
    assert "reporting" in html and "0.75" in html and "Security and defense" in html
    assert "radical regime" in html and "reportedly" in html


def test_sections_say_none_found_when_empty() -> None:
    html = render_report([Article(text="Nothing much happened today.")])
    for heading in SECTIONS:
        assert f">{heading}</h3>" in html
    # figures, quotes, attributions, voices, techniques; genre, frames; labels, hedges; sources, scare quotes
    assert html.count("none found") == 11
    assert html.count("not stated") == 4


def test_legend_has_a_toggle_per_type_and_all_23_definitions(html: str) -> None:
    elements = parse(html).elements
    toggles = {attrs["id"] for tag, attrs in elements if tag == "input" and attrs.get("type") == "checkbox"}
    assert toggles == {
        f"tg-{t}" for t in ("entity", "claim", "quote", "source", "scare", "label", "hedge", "technique")
    }
    labels = {attrs.get("for") for tag, attrs in elements if tag == "label"}
    assert toggles <= labels
    for toggle in toggles:  # the CSS only shows a type's highlight while its box is ticked
        assert f"#{toggle}:checked ~ main .t-{toggle[3:]}" in html
    for name, definition in TECHNIQUES.items():
        assert name.replace("_", " ") in html and escape(definition) in html


def test_technique_definitions_cover_exactly_the_semeval_names(semeval_dir) -> None:
    names = (semeval_dir / "techniques-subtask-3.txt").read_text(encoding="utf-8").split()
    assert list(TECHNIQUES) == names
    assert all(d.strip() and "\n" not in d for d in TECHNIQUES.values())


def test_report_is_self_contained(html: str) -> None:
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert "@import" not in html and "url(" not in html
    for tag, attrs in parse(html).elements:
        assert tag not in ("script", "link", "img", "iframe"), tag
        for name in ("src", "href"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)


def test_several_articles_get_distinct_ids(article: Article) -> None:
    other = Article(text="A second text about 3 ships.", title=MetaValue("Ships", None, None, "input"))
    view = report_view([article.to_dict(), other.to_dict()])
    assert [v["prefix"] for v in view["articles"]] == ["a1-", "a2-"]
    html = render_report([article, other])
    elements = parse(html).elements
    ids = [attrs["id"] for _, attrs in elements if attrs.get("id")]
    assert len(ids) == len(set(ids))
    assert "a1-c-0" in ids and "a1-cla1" in ids and "a2-article" in ids
    assert 'href="#a2-article"' in html


def figure_of(text: str, value: ClaimValue | None, count_of: str | None = None) -> str:
    """`format_figure` of a claim covering all of ``text`` (counting ``count_of`` inside it)."""
    counted = None
    if count_of is not None:
        start = text.index(count_of)
        counted = CountOf(count_of, None, start, start + len(count_of))
    claim = Claim(start=0, end=len(text), component="claims.v1", value=value, count_of=counted)
    return format_figure(claim, text)


def test_format_figure_reads_like_the_text() -> None:
    between = ClaimValue(10, 20, qualifier="between", unit="percent")
    assert figure_of("between 10 and 20 percent", between) == "between 10 and 20%"
    assert figure_of("some 5,000", ClaimValue(5000.0, approx=True)) == "about 5,000"
    assert figure_of("dozens", None) == "dozens"
    # a vague quantity is shown as written, never as a point of its range
    vague = ClaimValue(
        10000, approx=True, vague=True, as_written="tens of thousands", vague_range=(10000, 99999)
    )
    assert figure_of("tens of thousands of people", vague, "people") == "tens of thousands"
    assert figure_of("about 10,000 people", ClaimValue(10000, approx=True), "people") == "about 10,000"
    assert figure_of("a third of", ClaimValue(0.3333, unit="fraction", as_written="a third")) == "a third"
    assert figure_of("a third of", ClaimValue(0.3333, unit="fraction")) == "33%"
    # the unit and the scale as the text means them
    money = ClaimValue(45_000_000, approx=True, qualifier="about", unit="USD", scale="million")
    assert figure_of("about $45 million", money) == "about $45 million"
    assert figure_of("40%", ClaimValue(40, unit="percent")) == "40%"
    assert figure_of("a 20-point lead", ClaimValue(20, unit="points")) == "20 points"
    assert figure_of("2.5 lakh", ClaimValue(250_000, scale="lakh")) == "2.5 lakh"
    assert figure_of("700,000 rials", ClaimValue(700_000, unit="IRR")) == "700,000 IRR"


def test_report_of_a_real_seed_keeps_its_text(pipeline, seed_paths) -> None:
    from presslens.ingest import load_inputs

    [article] = list(pipeline.pipe(list(load_inputs([str(seed_paths[0])]))))
    html = render_report([article])
    assert "".join(parse(html).text_parts) == article.text
    assert article.layers["entities"], "the seed has named entities to highlight"
    assert html.count('class="seg ') >= len(article.layers["entities"])


def test_technique_names_are_tagged_at_the_start_of_their_highlight(article: Article, html: str) -> None:
    view = article_view(article.to_dict())
    tagged = [(a["id"], a["tag"]) for s in view["segments"] for a in s["anchors"] if a["tag"]]
    assert tagged == [("tec1", "Slogans"), ("tec2", "Name Calling-Labeling")]
    assert 'id="tec2" data-tag="Name Calling-Labeling"' in html


def test_article_view_works_from_stored_json(article: Article) -> None:
    stored = json.loads(json.dumps(article.to_dict()))  # what the store and the web app hold
    assert article_view(stored) == article_view(article.to_dict())
    assert json.loads(json.dumps(article_view(stored))) == article_view(stored), "the view is plain data"


def test_duplicate_item_ids_never_make_duplicate_element_ids(article: Article) -> None:
    data = article.to_dict()
    clash = {**data["hedges"][0], "id": "cla1"}  # a buggy component reusing another layer's id
    data["hedges"] = [clash]
    from presslens.report.html import render_dicts

    ids = [attrs["id"] for _, attrs in parse(render_dicts([data])).elements if attrs.get("id")]
    assert len(ids) == len(set(ids))
    assert article_view(data)["hedges"][0]["href"] == f"#c-{clash['start']}"


def test_untitled_article_is_headed_by_its_file_name() -> None:
    from presslens.model import SourceInfo

    untitled = Article(text="Some text.", source=SourceInfo(path="/data/in/story-17.txt"))
    view = article_view(untitled.to_dict())
    assert view["heading"] == "story-17.txt"
    assert view["source"]["path"] == "/data/in/story-17.txt"
    assert article_view(Article(text="x").to_dict())["heading"] == "Untitled article"


def test_paragraph_technique_predictions_are_listed_and_linked(article: Article, html: str) -> None:
    [para] = article_view(article.to_dict())["paragraphs"]  # the paragraph without techniques is left out
    assert para["href"] == f"#c-{TEXT.index('More than')}" and para["line"] == 4
    assert [(t["name"], t["score"]) for t in para["techniques"]] == [
        ("Loaded Language", 0.83),
        ("Slogans", 0.41),
    ]
    assert para["excerpt"].startswith("More than 1,200") and para["excerpt"].endswith("…")
    assert "Loaded Language</span> 0.83" in html


def test_analyze_html_option_writes_the_report(seed_paths, tmp_path) -> None:
    from typer.testing import CliRunner

    from presslens.cli import app

    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        app, ["analyze", str(seed_paths[1]), "-o", str(tmp_path / "a.json"), "--html", str(out)]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")

    [data] = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert "".join(parse(html).text_parts) == data["text"]
    assert "PressLens shows what the text says and where" in html


def test_render_text_is_the_reports_text_block(article: Article, html: str) -> None:
    from presslens.report import render_text

    fragment = render_text(article.to_dict())
    assert fragment.startswith('<div class="text">') and fragment.endswith("</div>")
    assert fragment in html
    assert "".join(parse(str(fragment)).text_parts) == TEXT
    assert 'id="a3-cla1"' in render_text(article.to_dict(), prefix="a3-")
