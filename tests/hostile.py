"""Hostile inputs for PressLens: the generator behind tests/test_fuzz.py and benchmarks/fuzz.py.

`cases(n, seed)` yields ``n`` reproducible `Case`s: a file (name and bytes, both possibly hostile) or a
URL. First come the inputs that broke PressLens once (issue 14), then random draws from families:
news-like text with mutations (Unicode digits and numerals, RTL and zero-width marks, huge and
exponent figures, impossible dates, control characters), the same text in other encodings and with
BOMs, malformed and deeply nested HTML, JSONL type errors and deep JSON, binary files, empty and
huge files, long lines, odd file names, malformed URLs, and strings made to make our own regular
expressions backtrack. No input needs the network: URLs fail before a connection or at port 1 of a
loopback address.

The cases are synthetic (written here, from templates); nothing is copied from ../shared.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile input: a file ``name`` holding ``data``, or a ``url`` to fetch."""

    kind: str
    name: bytes = b""
    data: bytes = b""
    url: str | None = None

    def write(self, folder: Path, index: int) -> str:
        """Write the file into ``folder`` (its name prefixed by ``index``); return the input spec."""
        if self.url is not None:
            return self.url
        path = os.path.join(os.fsencode(folder), b"%05d-" % index + self.name)
        with open(path, "wb") as handle:
            handle.write(self.data)
        return os.fsdecode(path)


class Draw(random.Random):
    """The random source of one run; ``big`` allows the large inputs (the benchmark), else they stay small."""

    def __init__(self, seed: int, big: bool) -> None:
        super().__init__(seed)
        self.big = big

    def size(self, small: list[int], large: list[int]) -> int:
        """One of ``small``, or in big runs now and then (one in five) one of ``large``."""
        return self.choice(large if self.big and self.random() < 0.2 else small)


# -- building blocks: a news-like article from templates ---------------------------------------------

_PLACES = ["Vellmore", "Port Asra", "Keldan", "North Orrin", "Tavi", "Lumen Bay"]
_PEOPLE = [
    "Ilse Varga",
    "Tomas Ekwall",
    "Amira Haddad",
    "Jon Okafor",
    "Mei Tanaka",
    "Rui Costa",
]
_GROUPS = [
    "the interior ministry",
    "the city council",
    "a local aid group",
    "the army",
    "police",
]
_NOUNS = [
    "people",
    "soldiers",
    "workers",
    "hostages",
    "prisoners",
    "residents",
    "fighters",
    "children",
]
_EVENTS = [
    "were killed",
    "were injured",
    "were taken captive",
    "were released",
    "fled",
    "were detained",
]
_QUALS = [
    "",
    "more than ",
    "about ",
    "at least ",
    "nearly ",
    "between 10 and ",
    "up to ",
    "some ",
]

_SENTENCES: list[Callable[[Draw], str]] = [
    lambda r: (
        f"{r.choice(_QUALS)}{r.randint(2, 90000):,} {r.choice(_NOUNS)} {r.choice(_EVENTS)} in "
        f"{r.choice(_PLACES)}, {r.choice(_GROUPS)} said."
    ),
    lambda r: f'"We will not stop," {r.choice(_PEOPLE)} told reporters in {r.choice(_PLACES)} on Monday.',
    lambda r: f"According to {r.choice(_GROUPS)}, {r.randint(1, 500)} {r.choice(_NOUNS)} remain missing.",
    lambda r: f"{r.choice(_PEOPLE)} said the talks had failed, calling the offer “a disgrace”.",
    lambda r: f"The budget rose by {r.randint(1, 99)}% to ${r.randint(1, 900)} million last year.",
    lambda r: f"Since October {r.randint(1, 28)}, {r.randint(10, 40000)} {r.choice(_NOUNS)} have died.",
    lambda r: "Critics say the plan is a reckless gamble that will destroy everything we hold dear.",
    lambda r: f"{r.choice(_PLACES)} officials denied the report, which they called fake news.",
]


def article(rng: Draw, sentences: int | None = None) -> str:
    """A fictional news article: headline, optional byline and date line, a few paragraphs."""
    lines = [
        f"{rng.choice(['Clashes', 'Talks', 'Strike', 'Floods'])} in {rng.choice(_PLACES)} "
        f"{rng.choice(['continue', 'end', 'spread', 'stall'])}"
    ]
    if rng.random() < 0.5:
        lines.append(f"By {rng.choice(_PEOPLE)}")
    if rng.random() < 0.5:
        lines.append(f"Published: March {rng.randint(1, 28)}, 20{rng.randint(10, 25)}")
    count = sentences if sentences is not None else rng.randint(1, 12)
    paragraph: list[str] = []
    for _ in range(count):
        paragraph.append(rng.choice(_SENTENCES)(rng))
        if rng.random() < 0.4:
            lines.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        lines.append(" ".join(paragraph))
    return "\n\n".join(lines) + "\n"


# -- mutations of text ------------------------------------------------------------------------------

_DIGIT_SCRIPTS = [
    0x0660,
    0x06F0,
    0x0966,
    0x09E6,
    0x0E50,
    0xFF10,
    0x1D7CE,
    0x104A0,
    0x1040,
]
_MARKS = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202e",
    "\u2066",
    "\u2069",
    "\ufeff",
    "\u00ad",
    "\u2060",
    "\u180e",
    "\u034f",
]
_NUMERALS = [
    "Ⅻ",
    "ⅷ",
    "½",
    "¾",
    "⅓",
    "²³",
    "①②⑦",
    "⑳",
    "〇",
    "零",
    "百",
    "万",
    "٣٠٠",
    "१२३",
    "๓๐",
    "𝟙𝟚𝟛",
]
_ODD_NUMBERS = [
    "99999999999999999999999",
    "1.0e+309",
    "1e309",
    "-0",
    "0x1F",
    "1,00,000",
    "1.2.3.4",
    "9" * 400,
    "5 trillion trillion",
    "10^30",
    "1" + ",000" * 40,
    "NaN",
    "Infinity",
    "3.14159e-400",
    "٣٫١٤",
    "−12",
    "1 000 000",
    "1'000'000",
    "12,34,56,78,90",
    "0.000000000000001%",
    "100000000%",
]
_ODD_DATES = [
    "2024-02-30",
    "February 30, 2024",
    "0000-00-00",
    "9999-12-31",
    "31/13/2024",
    "2024-13-01",
    "30 February 2024",
    "March 0, 2024",
    "1 January 99999",
    "2024-02-29T25:61:61Z",
    "Feb 31st, 1900",
]


def _digits_in_script(text: str, rng: Draw) -> str:
    zero = rng.choice(_DIGIT_SCRIPTS)
    return "".join(chr(zero + int(c)) if c.isascii() and c.isdigit() else c for c in text)


def _sprinkle(text: str, rng: Draw, pieces: list[str], count: int) -> str:
    chars = list(text)
    for _ in range(count):
        chars.insert(rng.randint(0, len(chars)), rng.choice(pieces))
    return "".join(chars)


MUTATIONS: list[Callable[[str, Draw], str]] = [
    _digits_in_script,
    lambda t, r: _sprinkle(t, r, _MARKS, r.randint(1, 200)),
    lambda t, r: _sprinkle(t, r, [f" {n} " for n in _NUMERALS], r.randint(1, 20)),
    lambda t, r: _sprinkle(t, r, [f" {n} {r.choice(_NOUNS)} were killed. " for n in _ODD_NUMBERS], 5),
    lambda t, r: f"Published: {r.choice(_ODD_DATES)}\n\n{t}" + f"\nSince {r.choice(_ODD_DATES)}, 40 died.",
    lambda t, r: _sprinkle(t, r, [chr(c) for c in (1, 2, 7, 8, 11, 12, 27, 127, 0x85, 0x9B)], 30),
    lambda t, r: t.replace("\n", r.choice(["\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"])),
    lambda t, r: _sprinkle(t, r, ["e\u0301\u0302\u0303\u0304" * 20, "Z̷̢̛̛͔͎̩̞̳̈́̈́̏͂͝a̴̢͕͑l̶͓̽g̵̱͒o̷̭͊"], 10),
    lambda t, r: _sprinkle(t, r, ["👨‍👩‍👧‍👦", "🏳️‍🌈", "🇵🇸", "🇮🇱", "\U0010ffff", "\ufffe", "\ue000"], 20),
    lambda t, r: t + "\n" + "قال المتحدث إن ٣٠٠ شخص قتلوا في الغارة. " * r.randint(1, 30),
    lambda t, r: t + "\n" + "דובר הצבא אמר כי 40 חיילים נפצעו. " * r.randint(1, 30),
    lambda t, r: t + "\n" + "当局は、３００人が死亡したと発表した。" * r.randint(1, 50),
    lambda t, r: t.upper(),
    lambda t, r: t.replace(" ", ""),
    lambda t, r: t.replace(" ", "\u00a0"),
    lambda t, r: t.replace(".", "") * r.randint(1, 5),
    lambda t, r: "\n".join(reversed(t.split("\n"))),
    lambda t, r: t.replace('"', "“").replace("“", r.choice(['"', "«", "„", "「", "'"])),
    lambda t, r: t + '"' * r.randint(1, 3) + " unbalanced “quote",
]


def mutated(rng: Draw) -> str:
    text = article(rng)
    for mutation in rng.sample(MUTATIONS, rng.randint(1, 3)):
        text = mutation(text, rng)
    return text


# -- strings made for our own regular expressions --------------------------------------------------


def pathological(rng: Draw) -> str:
    """Long runs that make naive patterns backtrack: bylines, dates, figures, quotes, widgets."""
    n = rng.size([50, 300, 2000], [5000, 20000])
    makers = [
        lambda: "By " + "Aaaa " * n + "!",
        lambda: "By " + "Jean-" * n,
        lambda: "Published: " + "Monday, " * n,
        lambda: "March " * n + "2024",
        lambda: "1," * n + "x people",
        lambda: "1" * n + " people were killed.",
        lambda: "between 1 and " * n + "people",
        lambda: "more than " * n + "5 soldiers died.",
        lambda: "tens of " * n + "thousands",
        lambda: '"' * n,
        lambda: "“" * n + "he said",
        lambda: "“a " * n,
        lambda: "(" * n + "AP" + ")" * (n // 2),
        lambda: "Share | " * n + "Tweet x",
        lambda: "share this " * n + "story?",
        lambda: "News ID " * n,
        lambda: "Mr. " * n + "Smith said.",
        lambda: "according to " * n + "officials",
        lambda: "said " * n,
        lambda: "TEHRAN, " * n + "(MNA) –",
        lambda: "First published by " * n,
        lambda: "<!--" * n + "<html>",
        lambda: "-" * n + "\n" + "=" * n,
        lambda: "a" * (n * 10),
        lambda: " " * n + "x" + "\t" * n,
        lambda: "\n" * n + "Ten people died." + "\n" * n,
        lambda: ". " * n,
        lambda: "the " * n + "minister said 5 people died.",
        lambda: "$" * n + "€" * n + "100",
        lambda: "1-" * n + "2",
        lambda: "100% " * n,
        lambda: "Why " * n + "?",
    ]
    return rng.choice(makers)()


# -- families --------------------------------------------------------------------------------------

_ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "cp1252",
    "latin-1",
    "cp1251",
    "koi8-r",
    "shift_jis",
    "gb18030",
    "big5",
    "iso-2022-jp",
    "utf-7",
    "cp437",
    "mac-roman",
]


def fam_text(rng: Draw) -> Case:
    return Case("text/mutated", b"article.txt", mutated(rng).encode("utf-8", "surrogatepass"))


def fam_encoding(rng: Draw) -> Case:
    text = mutated(rng) if rng.random() < 0.5 else article(rng)
    enc = rng.choice(_ENCODINGS)
    data = text.encode(enc, "replace")
    roll = rng.random()
    if roll < 0.2:  # a BOM that does not match the bytes
        data = rng.choice([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF32_BE]) + data
    elif roll < 0.35:  # cut in the middle of a character
        data = data[: max(1, len(data) - rng.randint(1, 3))]
    elif roll < 0.5:  # a few random bytes
        buf = bytearray(data)
        for _ in range(rng.randint(1, 10)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        data = bytes(buf)
    elif roll < 0.6:  # a BOM in the middle
        data = data[: len(data) // 2] + codecs.BOM_UTF8 + data[len(data) // 2 :]
    return Case(f"encoding/{enc}", b"encoded.txt", data)


_HTML_HEADS = [
    '<meta charset="utf-8">',
    '<meta charset="base64">',
    '<meta charset="utf-7">',
    '<meta charset="utf-16">',
    '<meta charset="rot13">',
    '<meta charset="zlib">',
    '<meta charset="x-bogus-9">',
    '<meta charset="">',
    '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
    '<meta charset="punycode">',
    '<meta charset="unicode_escape">',
    '<meta charset="idna">',
    '<meta charset="cp1252"><meta charset="utf-8">',
    '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-02-30",'
    '"author":[{"name":"Staff"},null,7,{"name":{"x":1}}],"headline":["a","b"]}</script>',
    '<script type="application/ld+json">{"@context": [[[[[[[[[[[[]]]]]]]]]]]]</script>',
    '<meta property="og:site_name" content="@handle"><meta name="author" content="Copyright 2014">',
    '<meta name="date" content="1 January 99999"><meta property="article:published_time" content="-1">',
    '<base href="javascript:alert(1)//">',
    "<title>" + "T" * 5000 + "</title>",
    "<title>a\nb\r\nc</title><title>second</title>",
]


def fam_html(rng: Draw) -> Case:
    body = "".join(f"<p>{p}</p>" for p in mutated(rng).split("\n\n"))
    head = "".join(rng.sample(_HTML_HEADS, rng.randint(1, 3)))
    depth = rng.size([0, 0, 50, 500], [5000, 50000])
    shapes = [
        lambda: (
            f"<!DOCTYPE html><html><head>{head}<title>News</title></head><body><article>{body}</article>"
            "</body></html>"
        ),
        lambda: (
            f"<html><head>{head}</head><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>"
        ),
        lambda: f"<html><head>{head}</head><body>" + "<div><p><span>" * depth + body,  # never closed
        lambda: f"<html>{head}<body><table>" + "<tr><td><table>" * min(depth, 2000) + body,
        lambda: f"<html><head>{head}</head><body><script>{body}</script><style>p{{}}</style></body></html>",
        lambda: f"<html><body><!-- {body} </body></html>",
        lambda: (
            f"<html><body><![CDATA[{body}]]><svg><foreignObject>{body}</foreignObject></svg></body></html>"
        ),
        lambda: f"<html><body><p>&#0;&#xD800;&#1114112;&bogus;&amp&lt;&#x110000;{body}</p></body></html>",
        lambda: f'<html><body><iframe srcdoc="{body}"></iframe><noscript>{body}</noscript></body></html>',
        lambda: f"<html><body>{'<p>x</p>' * rng.size([1, 100, 1000], [20000])}</body></html>",
        lambda: f"<html><head>{head}</head><body><p>{'word ' * rng.size([1, 100, 2000], [100000])}</p>",
        lambda: "<html><head></head><body></body></html>",
        lambda: f"<html><body><p {'a=b ' * 10000}>{body}</p></body></html>",
        lambda: f"<html><frameset><frame src=x>{body}</frameset></html>",
        lambda: (
            f"<html><body><template>{body}</template><form><textarea>{body}</textarea></form></body></html>"
        ),
        lambda: (
            f"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;&a;'>]><html>"
            f"<body><p>&b;&b;&b;</p>{body}</body></html>"
        ),
    ]
    html = rng.choice(shapes)()
    name = rng.choice([b"page.html", b"page.htm", b"page.xhtml", b"page.txt", b"page"])
    enc = rng.choice(["utf-8", "utf-8", "cp1252", "utf-16"])
    return Case("html", name, html.encode(enc, "surrogatepass" if enc == "utf-8" else "replace"))


def _jsonl_record(rng: Draw) -> str:
    good = {
        "text": article(rng),
        "title": "A headline",
        "outlet": "The Daily",
        "published": "2024-03-16",
    }
    odd_values = [
        None,
        7,
        1.5,
        True,
        [],
        {},
        ["text"],
        {"text": "x"},
        "",
        " ",
        10**30,
        -1,
        "\ud800",
        "2024-02-30",
        "\x00",
        "a" * 5000,
        float("nan"),
    ]
    roll = rng.random()
    if roll < 0.3:
        record = dict(good)
        record[rng.choice(["text", "html", "title", "outlet", "published", "author", "url"])] = rng.choice(
            odd_values
        )
    elif roll < 0.4:
        record = {"text": "Ten soldiers died.\ud800 \udfff \ud83d", "title": "\udc00"}
    elif roll < 0.5:
        record = {
            "html": "<html><body>"
            + "<div>" * rng.size([10, 1000], [30000])
            + "<p>5 people died.</p></body></html>"
        }
    elif roll < 0.6:
        return "[" * rng.size([100, 1000], [100000]) + "]" * rng.choice([0, 100])
    elif roll < 0.65:
        return '{"text": ' + "9" * rng.size([5000], [50000]) + "}"
    elif roll < 0.7:
        return rng.choice(
            [
                "{",
                "not json",
                '{"text": "unterminated',
                "null",
                "[1,2]",
                '"string"',
                "NaN",
                '{"text": NaN}',
                '{"text": "x",}',
                "\x00\x01",
                '{"text": "a"}{"text": "b"}',
            ]
        )
    elif roll < 0.75:
        record = {
            "text": "x",
            "text2": {"nested": [[[[[[{"a": 1}]]]]]]},
            "url": "http://[::1:1/",
        }
    else:
        record = good
    return json.dumps(record, ensure_ascii=rng.random() < 0.5)


def fam_jsonl(rng: Draw) -> Case:
    lines = [_jsonl_record(rng) for _ in range(rng.randint(1, 6))]
    sep = rng.choice(["\n", "\r\n", "\n\n"])
    data = sep.join(lines).encode("utf-8", "surrogatepass")
    if rng.random() < 0.2:
        data = codecs.BOM_UTF8 + data
    return Case("jsonl", rng.choice([b"batch.jsonl", b"batch.ndjson"]), data)


def fam_binary(rng: Draw) -> Case:
    makers = [
        lambda: bytes(rng.randrange(256) for _ in range(rng.randint(1, 5000))),
        lambda: b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(500)),
        lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
        lambda: b"PK\x03\x04" + article(rng).encode(),
        lambda: gzip.compress(article(rng).encode(), mtime=0),
        lambda: article(rng).encode("utf-16-le")[: rng.randint(2, 40) * 2 - 1],
        lambda: "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(500)).encode("utf-16-le"),
        lambda: b"\x00" * rng.randint(1, 1000),
        lambda: b"\x1b[31m" + article(rng).encode() + b"\x1b[0m",
        lambda: article(rng).encode() + b"\x00" + b"trailing",
    ]
    return Case(
        "binary",
        rng.choice([b"blob.txt", b"blob.html", b"blob.jsonl", b"blob.bin"]),
        rng.choice(makers)(),
    )


def fam_size(rng: Draw) -> Case:
    makers = [
        lambda: b"",
        lambda: b" ",
        lambda: b"\n\n\n\t \r\n",
        lambda: codecs.BOM_UTF8,
        lambda: codecs.BOM_UTF16_LE,
        lambda: "\u200b\u200b\ufeff\u00a0\n".encode(),
        lambda: b"x",
        lambda: b"5",
        lambda: "٣".encode(),
        lambda: (article(rng) * rng.size([1, 5, 20], [40])).encode(),
        # no sentence end in 10k to 225k characters; near and over the length limit
        lambda: ("word " * rng.size([2_000, 4_000], [10_000, 45_000])).encode(),
        lambda: (article(rng, 3) * 1000)[: rng.size([20_000, 200_001], [199_000, 250_000])].encode(),
    ]
    return Case("size", b"sized.txt", rng.choice(makers)())


def fam_pathological(rng: Draw) -> Case:
    text = pathological(rng)
    if rng.random() < 0.3:
        text = article(rng) + "\n" + text + "\n" + article(rng)
    return Case("regex", b"regex.txt", text.encode("utf-8"))


_NAMES = [
    b"caf\xe9.txt",
    b"\xff\xfe.txt",
    b"line\nbreak.txt",
    b"-rf.txt",
    b"a" * 200 + b".txt",
    b" spaced .txt",
    "e\u0301t\u00e9.txt".encode(),
    b"UPPER.TXT",
    b"page.HTML",
    b"noext",
    b"dots...txt",
    b"tab\there.html",
    b"\xed\xa0\x80.txt",
    "\u202egnp.txt".encode(),
    b"star*?.txt",
    b"back\\slash.jsonl",
]


def fam_name(rng: Draw) -> Case:
    return Case("name", rng.choice(_NAMES), article(rng).encode())


_URLS = [
    "http://0177.0.0.1:1/",
    "http://①②⑦.0.0.1:1/",
    "http://[::1:1/",
    "http://[::1]:1/",
    "http://127.0.0.1:1/",
    "http://%zz/",
    "http://a b/",
    "ftp://127.0.0.1/",
    "http://:1/",
    "http://127.0.0.1:99999/",
    "http://xn--/",
    "http://\u0000/",
    "https://[::127.0.0.1]:1/",
    "http://[64:ff9b::127.0.0.1]:1/",
    "javascript:alert(1)",
    "http://127.0.0.1:1/" + "a" * 5000,
    "http://user:pass@127.0.0.1:1/",
    "http://127.0.0.1:1/\ud800",
    "HTTP://127.0.0.1:1/",
    "http://0x7f.1:1/",
    "http://2130706433:1/",
    "http://[fe80::1%25eth0]:1/",
]


def fam_url(rng: Draw) -> Case:
    return Case("url", url=rng.choice(_URLS))


FAMILIES: list[tuple[Callable[[Draw], Case], float]] = [
    (fam_text, 0.25),
    (fam_encoding, 0.12),
    (fam_html, 0.16),
    (fam_jsonl, 0.12),
    (fam_binary, 0.07),
    (fam_size, 0.07),
    (fam_pathological, 0.15),
    (fam_name, 0.04),
    (fam_url, 0.02),
]


def known_poison() -> list[Case]:
    """The inputs of issue 14, first in every run."""
    jsonl = [
        {"text": "\ud800"},
        {"text": "More than 99999999999999999999999 people fled. 5 trillion trillion dollars were lost."},
        {"text": "Gunmen took 1.0e+309 hostages on Monday, the army said."},
        {"text": "Around 250 hostages were taken to Gaza, officials said."},
        {
            "text": "Around 250 hostages were taken to Gaza, officials said.",
            "published": "2024-02-30",
        },
    ]
    html = (
        '<html><head><meta charset="base64"><title>Port strike ends</title></head><body><article>'
        "<h1>Port strike ends</h1><p>More than 300 dock workers returned to work in Vellmore on Friday, "
        "the union said, after a strike that lasted 12 days.</p><p>The port authority said 40 ships had "
        "waited offshore and that the backlog would take a week to clear.</p></article></body></html>"
    )
    return [
        Case(
            "poison/jsonl",
            b"poison.jsonl",
            "\n".join(json.dumps(r) for r in jsonl).encode(),
        ),
        Case(
            "poison/name",
            b"caf\xe9.txt",
            b"Ten soldiers were killed in Keldan, officials said.",
        ),
        Case(
            "poison/long",
            b"long.txt",
            ("Ten people died in Keldan. " * 40_000).encode(),
        ),
        Case("poison/html", b"charset.html", html.encode()),
        *(
            Case("poison/url", url=u)
            for u in ("http://0177.0.0.1:1/", "http://①②⑦.0.0.1:1/", "http://[::1:1/")
        ),
    ]


def cases(n: int, seed: int = 0, big: bool = True) -> Iterator[Case]:
    """``n`` hostile inputs (the known poison first), the same for the same ``seed`` and ``big``.

    ``big=False`` keeps every input small (tens of kilobytes at most) for a test that CI can afford.
    """
    rng = Draw(seed, big)
    fixed = known_poison() if big else [c for c in known_poison() if c.kind != "poison/long"]
    yield from fixed[:n]
    functions, weights = zip(*FAMILIES, strict=True)
    for _ in range(max(0, n - len(fixed))):
        yield rng.choices(functions, weights)[0](rng)


def write_cases(items: list[Case], folder: Path) -> list[str]:
    """Write every case into ``folder``; return the input specs (paths and URLs) in order."""
    folder.mkdir(parents=True, exist_ok=True)
    return [case.write(folder, i) for i, case in enumerate(items)]


# -- what every output must satisfy -----------------------------------------------------------------

#: Error reasons that are bugs (an exception nobody planned for), not clear one-line input errors.
BUG_REASONS = ("unexpected", "analysis failed")


def is_bug(error: object) -> bool:
    """Whether an `InputError` (or its message) reports a bug rather than a bad input."""
    return any(word in str(error) for word in BUG_REASONS)


def span_problems(data: dict[str, Any]) -> list[str]:
    """Every nested ``start``/``end`` pair outside ``0 <= start <= end <= len(text)``, and text mismatches."""
    text, problems = data["text"], []

    def walk(value: Any, where: str) -> None:
        if isinstance(value, dict):
            start, end = value.get("start"), value.get("end")
            if isinstance(start, int) and isinstance(end, int):
                if not 0 <= start <= end <= len(text):
                    problems.append(f"{where}: span [{start}, {end}) outside text of {len(text)}")
                elif (
                    isinstance(value.get("text"), str)
                    and "." not in where
                    and value["text"] != text[start:end]
                ):
                    problems.append(f"{where}: text differs from text[{start}:{end}]")
            for key, item in value.items():
                walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{where}[{i}]")

    for key, value in data.items():
        if key not in ("metadata", "offsets", "text", "source"):
            walk(value, key)
    return problems


def output_problems(article: Any) -> list[str]:
    """What `presslens analyze` would write for ``article``, checked: spans, JSON, component failures."""
    from presslens import output

    data = article.to_dict()
    problems = span_problems(data)
    dumped = output.dumps(data)
    dumped.encode("utf-8")  # raises on a lone surrogate: a crash of the writer
    if json.loads(dumped)["text"] != data["text"]:
        problems.append("JSON round trip changed the text")
    return problems + [w for w in article.warnings if " failed" in w or "invalid span" in w]
