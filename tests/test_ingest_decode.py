"""Encodings: files written in each encoding decode back to the same text, with the encoding reported."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from presslens.errors import InputError
from presslens.ingest import load_inputs
from presslens.ingest.decode import DecodeError, decode_bytes
from presslens.model import Article

TEXT = (
    "Café owners in Zürich say rents rose 12% – “sharply” – this year\n"
    "The café association said 40 members had signed the letter to the city.\n"
)


def _load_one(path: Path) -> Article | InputError:
    items = list(load_inputs([str(path)]))
    assert len(items) == 1
    return items[0]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "cp1252"],
)
def test_encodings_round_trip(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    article = _load_one(path)
    assert isinstance(article, Article)
    assert article.source.encoding == encoding
    assert article.text == TEXT.strip()  # BOM gone, characters intact
    assert "\ufeff" not in article.text
    assert article.warnings == []


def test_latin1_text_reads_as_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(
        "Straße und Café: die Gemeinde berät über den Haushalt.\nZweite Zeile.".encode("latin-1")
    )
    article = _load_one(path)
    assert isinstance(article, Article)
    assert article.source.encoding == "cp1252"
    assert article.text.startswith("Straße und Café")


def test_invalid_utf8_not_plausible_cp1252_warns(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    # 0x81 and 0x9d are undefined in cp1252: not plausible cp1252, yet clearly not binary
    path.write_bytes(b"Caf\xe9 prices rose\x81 again in the old town.\nThe council met \x9don Monday.")
    article = _load_one(path)
    assert isinstance(article, Article)
    assert article.source.encoding == "cp1252"
    assert article.text.startswith("Café prices rose\x81 again")
    assert len(article.warnings) == 1 and "not plausible cp1252" in article.warnings[0]


def test_mostly_utf8_with_a_stray_byte_keeps_utf8_and_warns(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("Zürich café “quotes” – dashes. ".encode() * 3 + b"A stray \x92 byte.")
    article = _load_one(path)
    assert isinstance(article, Article)
    assert article.source.encoding == "utf-8"
    assert "Zürich café “quotes”" in article.text and "\ufffd" in article.text
    assert "1 invalid UTF-8 byte sequence(s) replaced" in article.warnings[0]


def test_utf16_without_bom_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "nobom.txt"
    path.write_bytes(TEXT.encode("utf-16-le"))
    article = _load_one(path)
    assert isinstance(article, Article)
    assert article.source.encoding == "utf-16-le"
    assert article.text == TEXT.strip()
    assert "no byte-order mark" in article.warnings[0]


def test_html_meta_charset_is_used_when_not_utf8(tmp_path: Path) -> None:
    body = (
        "<p>Der Preis für das Ticket steigt auf 5 € - sagt die Stadt in einer Mitteilung am Montag.</p>" * 3
    )
    html = f'<html><head><meta charset="iso-8859-15"><title>Preise</title></head><body>{body}</body></html>'
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("iso-8859-15"))
    article = _load_one(path)
    assert isinstance(article, Article)
    assert article.source.encoding == "iso8859-15"
    assert "5 €" in article.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"Some text\x00\x00\x00 with NUL bytes", "binary file (not text)"),
        (bytes(range(1, 9)) * 50 + b"a few letters", "binary file (not text)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (PDF document, not text)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG image, not text)"),
    ],
    ids=["empty", "nul", "controls", "pdf", "png"],
)
def test_decode_refuses_non_text(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert str(info.value) == reason


def test_utf8_with_as_many_stray_bytes_as_characters_warns_when_read_as_cp1252(tmp_path: Path) -> None:
    # one valid UTF-8 character ("–") and one stray cp1252 byte ("é"): too few to call the file
    # UTF-8, so it reads as cp1252 and the dash becomes "â€“"; that must come with a warning
    path = tmp_path / "mixed.txt"
    path.write_bytes("The strike – now in its third week – cost ".encode() + b"caf\xe9 owners 3,000 euros.")
    article = _load_one(path)
    assert isinstance(article, Article)
    assert article.source.encoding == "cp1252"
    assert "â€“" in article.text and "café" in article.text
    assert len(article.warnings) == 1 and article.warnings[0].startswith("mixed encodings: 2 valid UTF-8")
