"""Bytes to text: BOMs, UTF-8, declared charsets and the cp1252 fallback, with binary detection.

Scraped news arrives in whatever encoding the scraper saved: UTF-8 (with or without a BOM), UTF-16
from Windows tools, cp1252 from old newsroom systems. We never guess silently: the encoding used is
returned (and ends up in ``article.source.encoding``), and a lossy or doubtful decode adds a warning.
Files that are not text at all (NUL bytes, many control characters, known binary signatures) are
refused with a one-line reason instead of being fed to the analysers as garbage.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from presslens.errors import PressLensError


class DecodeError(PressLensError):
    """The bytes are not text we can read; the message is the one-line reason."""


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


#: Checked longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)

#: Signatures of common binary formats people drop into a folder of articles by mistake.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
)

#: C0 control bytes that never occur in text (tab, LF, VT, FF, CR and ESC are allowed).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_SNIFF = 8192
_MAX_CONTROL_RATIO = 0.05

#: ``<meta charset=...>`` or ``content="text/html; charset=..."`` near the top of an HTML file.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` (without a BOM) is not text, or None when it may be text."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return f"binary file ({kind}, not text)"
    head = data[:_SNIFF]
    if b"\x00" in head:
        return "binary file (not text)"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head and controls / len(head) > _MAX_CONTROL_RATIO:
        return "binary file (not text)"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the bytes look like BOM-less UTF-16 of mostly Latin text."""
    head = data[: _SNIFF & ~1]
    if len(head) < 4 or len(data) % 2:
        return None
    even_nuls = head[0::2].count(0) / (len(head) // 2)
    odd_nuls = head[1::2].count(0) / (len(head) // 2)
    if odd_nuls > 0.9 and even_nuls < 0.1:
        return "utf-16-le"
    if even_nuls > 0.9 and odd_nuls < 0.1:
        return "utf-16-be"
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML document declares in a ``<meta>`` near its top, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "ignore") if match else None


#: Declared charsets never used to decode a page: UTF-7 (a classic way to smuggle markup past filters),
#: UTF-16/32 without a byte-order mark (as browsers do, such a declaration is ignored) and Python's
#: text codecs that are not character sets of documents.
_NEVER_DECLARED = frozenset(
    {
        "utf-7", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
        "punycode", "idna", "unicode-escape", "raw-unicode-escape", "undefined",
    }
)  # fmt: skip


def _codec_name(name: str | None) -> str | None:
    """The codec for a declared charset, or None when it is unknown or not a text encoding.

    ``codecs.lookup`` also knows bytes-to-bytes codecs ("base64", "zlib", "rot13"...): a page that
    declares one of those is read as if it declared nothing.
    """
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip("\"'"))
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NEVER_DECLARED:
        return None
    return info.name


def _check_text(text: str, encoding: str) -> None:
    sample = text[:_SNIFF]
    if "\x00" in sample or (
        sample and len(_CONTROL_CHARS.findall(sample)) / len(sample) > _MAX_CONTROL_RATIO
    ):
        raise DecodeError(f"binary file (not text; control characters after decoding as {encoding})")


def _cp1252_lenient(error: UnicodeError) -> tuple[str, int]:
    """Decode the five bytes cp1252 leaves undefined as the C1 controls WHATWG's windows-1252 gives."""
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("presslens-cp1252", _cp1252_lenient)


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data``; ``declared`` is a charset from HTTP headers or the HTML itself.

    Order: BOM, BOM-less UTF-16, binary check, strict UTF-8, the declared charset, UTF-8 with a few
    bad bytes replaced (when the rest is clearly UTF-8), then cp1252 (warning when implausible).
    """
    if not data:
        raise DecodeError("empty file")
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {name} after its byte-order mark at byte {exc.start}") from None
            _check_text(text, name)
            return Decoded(text.lstrip("\ufeff"), name)
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            _check_text(text, utf16)
            return Decoded(text, utf16, [f"no byte-order mark; decoded as {utf16}"])
    reason = binary_reason(data)
    if reason:
        raise DecodeError(reason)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    codec = _codec_name(declared)
    if codec and codec != "utf-8":
        try:
            text = data.decode(codec)
        except (UnicodeError, ValueError, TypeError):  # a codec that cannot read these bytes
            pass
        else:
            _check_text(text, codec)
            return Decoded(text, codec)
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    good_multibyte = sum(1 for ch in replaced if ord(ch) > 127 and ch != "\ufffd")
    if good_multibyte > 2 * bad:
        return Decoded(
            replaced,
            "utf-8",
            [f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD (first at byte {first_bad})"],
        )
    try:
        text = data.decode("cp1252")
        warnings: list[str] = []
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="presslens-cp1252")
        warnings = [
            f"invalid UTF-8 (byte {first_bad}) and not plausible cp1252 (bytes cp1252 leaves undefined); "
            "decoded as cp1252: check the text"
        ]
    if good_multibyte:
        # UTF-8 with a few cp1252 bytes pasted in: too few valid characters to call it UTF-8, yet each of
        # them now reads as two or three cp1252 ones ("–" as "â€“"), which must not pass unsaid
        warnings.append(
            f"mixed encodings: {good_multibyte} valid UTF-8 character(s) beside {bad} invalid byte "
            f"sequence(s) (first at byte {first_bad}); decoded as cp1252, so those characters may read "
            "as several others: check the text"
        )
    _check_text(text, "cp1252")
    return Decoded(text, "cp1252", warnings)
