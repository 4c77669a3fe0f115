"""Article text and metadata are untrusted: the report must render hostile input as inert text.

The output is parsed with both the standard library's `html.parser` and lxml (a browser-grade
recovering parser), and checked for what an attacker would need: a script element, an ``on*``
event attribute, a ``javascript:`` URL, or a template expression that got evaluated.
"""

from __future__ import annotations

from html.parser import HTMLParser

import lxml.html
import pytest

from presslens.model import Annotation, Article, MetaValue
from presslens.report import render_report

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "</textarea>",
    '"><svg onload=alert(1)>',
    "{{ 7*7 }}",
    "</style><style>body{display:none}</style>",
    "' onmouseover='alert(1)",
]


def hostile_article() -> Article:
    """Every hostile string in the text, each one annotated, and in the metadata and attributes."""
    text = "Intro. " + " ".join(f"[{h}]" for h in HOSTILE) + " End."
    article = Article(text=text)
    bad = HOSTILE[4]
    article.title = MetaValue(HOSTILE[0] + bad, None, None, "input")
    article.outlet = MetaValue(HOSTILE[1], None, None, "input")
    author_start = text.index(HOSTILE[2])
    article.author = MetaValue(HOSTILE[2], author_start, author_start + len(HOSTILE[2]))
    article.published = MetaValue(HOSTILE[5], None, None, "input")
    for i, h in enumerate(HOSTILE):
        start = text.index(h)
        end = start + len(h)
        # labels, components and attributes end up in class names, hover titles and table cells
        article.add("entities", Annotation(start, end, f'PERSON" onclick="alert({i})', f"x{bad}", 0.5))
        article.add(
            "claims",
            Annotation(
                start,
                end,
                "claim",
                "claims.v1",
                0.9,
                {
                    "value": {"low": None, "high": None, "approx": False, "qualifier": h},
                    "unit": h,
                    "count_of": {"text": h, "head": h, "start": start, "end": end},
                    "event": {"label": h, "start": start, "end": end, "negated": False},
                    "as_of": {"date": h, "text": h, "start": start, "end": end, "kind": "explicit"},
                    "attribution": {"source": h, "start": start, "end": end, "cue": h},
                },
            ),
        )
        article.add(
            "quotes",
            Annotation(
                start,
                end,
                "quote",
                "quotes.v1",
                0.9,
                {
                    "kind": "direct",  # kinds and source types are closed sets: the record refuses others
                    "content": {"start": start, "end": end},
                    "speaker": {"name": h, "actor": None, "start": start, "end": end, "resolved_from": None},
                    "affiliation": h,
                },
            ),
        )
        article.add("techniques", Annotation(start, end, h, "techniques.v1", 0.5))
        article.add(
            "labels", Annotation(start, end, "loaded_label", "labels.v1", 0.5, {"term": h, "category": h})
        )
        article.add("hedges", Annotation(start, end, "hedge", "hedges.v1", 0.5, {"term": h}))
        source = {"type": "official", "name": h}
        article.add("sources", Annotation(start, end, "source", "sources.v1", 0.5, source))
    article.results["genre"] = {"label": HOSTILE[0], "scores": {HOSTILE[1]: 0.5}}
    article.results["frames"] = [{"label": HOSTILE[4], "score": 0.5}]
    article.results["voices"] = {
        "speakers": [{"name": HOSTILE[0], "affiliation": HOSTILE[1], "direct": 1, "indirect": 0, "cited": 0}],
        "by_affiliation": {HOSTILE[2]: 1},
    }
    article.results["paragraphs"] = [
        {"line": 1, "start": 0, "end": len(text), "techniques": [{"label": h, "score": 0.5} for h in HOSTILE]}
    ]
    article.warnings.append(HOSTILE[0])
    article.components.append(HOSTILE[1])
    return article


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.data.append(data)


@pytest.fixture(scope="module")
def article() -> Article:
    return hostile_article()


@pytest.fixture(scope="module")
def html(article: Article) -> str:
    return render_report([article])


def test_no_script_and_no_event_handlers_stdlib_parser(html: str) -> None:
    parser = Collector()
    parser.feed(html)
    parser.close()
    tags = [tag for tag, _ in parser.tags]
    assert "script" not in tags
    assert not {"svg", "img", "iframe", "textarea"} & set(tags), "no injected element"
    assert tags.count("style") == 1, "only the report's own stylesheet"
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            if name in ("href", "src", "action", "formaction"):
                assert value is not None and value.startswith("#"), (tag, name, value)


def test_no_script_and_no_event_handlers_lxml(html: str) -> None:
    root = lxml.html.document_fromstring(html)
    assert root.xpath("//script") == []
    assert root.xpath("//svg | //img | //iframe | //object | //embed") == []
    assert len(root.xpath("//style")) == 1
    assert root.xpath("//@*[starts-with(name(), 'on')]") == []
    for href in root.xpath("//@href"):
        assert href.startswith("#"), href
    for node in root.xpath("//a[@href]"):
        assert not node.get("href").strip().lower().startswith("javascript:")


def test_hostile_strings_are_shown_as_text(article: Article, html: str) -> None:
    root = lxml.html.document_fromstring(html)
    text_block = root.xpath("//div[@class='text']")[0]
    assert text_block.text_content() == article.text
    body_text = root.text_content()
    for h in HOSTILE:
        assert h in body_text, f"{h!r} should appear verbatim as text"
    published = root.xpath("//table[@class='metadata']//tr[th='published']/td")[0].text_content()
    assert published == "{{ 7*7 }}", "a template expression in the data is never evaluated"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_attributes_are_escaped(article: Article, html: str) -> None:
    root = lxml.html.document_fromstring(html)
    titles = root.xpath("//div[@class='text']//span/@title")
    assert any('PERSON" onclick="alert(0)' in t for t in titles), "label shown in the hover title, as text"
    assert any('x"><svg onload=alert(1)>' in t for t in titles), "component shown in the hover title, as text"
    for cls in root.xpath("//@class"):
        assert all(ch.isalnum() or ch in " -_" for ch in cls), cls
    for element_id in root.xpath("//@id"):
        assert all(ch.isalnum() or ch in "-_" for ch in element_id), element_id


def test_page_title_and_headings_are_escaped(html: str) -> None:
    root = lxml.html.document_fromstring(html)
    assert HOSTILE[0] in root.xpath("//title")[0].text_content()
    assert HOSTILE[0] + HOSTILE[4] in root.xpath("//h2")[0].text_content()
    assert "<textarea" not in html.lower()


def test_render_text_fragment_is_inert(article: Article) -> None:
    from presslens.report import render_text

    fragment = str(render_text(article.to_dict()))
    root = lxml.html.fragment_fromstring(fragment)
    assert root.text_content() == article.text
    assert root.xpath("//script | //svg | //img") == []
    assert root.xpath("//@*[starts-with(name(), 'on')]") == []
