"""Metadata the article text states about itself: title, outlet, publication date, author.

Pasted or scraped text often carries its own header: a date line, a masthead, the headline, a
byline, a dateline such as "TEHRAN, Mar. 16 (MNA) –", and footers such as "First published by
Tehran Times". We read these with anchored regexes over the first few lines (cheap: no spaCy, no
dateparser import per article) and return each value with the span it came from in the cleaned
text, so the report can link to it. Nothing is guessed: a value the text does not state is None,
and a dateline's month and day ("TEHRAN, Mar. 16 (MNA)") are never completed with a guessed year.

Choices (documented for users):
- outlet: an explicit "First published by X" wins over a masthead line, which wins over a
  dateline agency. Agency codes are kept as written ("MNA", not "Mehr News Agency"): the value is
  always what the span says; `AGENCIES` only helps recognise a parenthesised code as an agency.
- published: ISO ``YYYY-MM-DD``; a time of day in the date line is not kept. Dates are read by
  `presslens.values.dates` (the one reader of dates: `DATE_STAMP`, `exact_date`).
- a byline glued to the headline ("...dreamBy Jane Doe") stays in the text (cleaning only removes
  furniture, and a byline is metadata): the title span stops before it, the author span covers the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from presslens.model import MetaValue
from presslens.values.dates import DATE_LABEL, DATE_STAMP, FULL_DATE, MONTHS, TIME_OF_DAY, exact_date_of

FIELDS = ("title", "outlet", "published", "author")

#: News-agency codes seen in datelines, with their names (recognition only; values stay as written).
AGENCIES = {
    "AFP": "Agence France-Presse",
    "AP": "Associated Press",
    "ANI": "Asian News International",
    "DPA": "Deutsche Presse-Agentur",
    "IANS": "Indo-Asian News Service",
    "IRNA": "Islamic Republic News Agency",
    "ISNA": "Iranian Students' News Agency",
    "MNA": "Mehr News Agency",
    "PTI": "Press Trust of India",
    "SANA": "Syrian Arab News Agency",
    "UPI": "United Press International",
    "WAFA": "Palestinian News and Information Agency",
    "REUTERS": "Reuters",
    "XINHUA": "Xinhua News Agency",
    "TASS": "TASS",
    "ANADOLU": "Anadolu Agency",
}

#: A header line that is only a date (optionally "Published:", a weekday and a time).
DATE_LINE = DATE_STAMP
#: A date stamp glued before the first paragraph: " date 2024-01-11 On the 4th anniversary...".
DATE_PREFIX = re.compile(rf"{DATE_LABEL}(?P<when>{FULL_DATE}{TIME_OF_DAY})(?=\s)")
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|al|bin|el|da))*"
BYLINE = re.compile(
    rf"(?i:by|written\s+by|words\s+by|author\s*:|by\s*:)\s+(?P<name>{_NAME}(?:\s+and\s+{_NAME})?)"
    r"(?:\s*[,|–—-]\s*.{0,60})?"
)
#: "...Israel's dreamBy Jane Doe": a byline glued to the headline by a scraper.
GLUED_BYLINE = re.compile(rf"(?<=[a-z0-9’'”\"?!)])(?:By|BY)\s+(?P<name>{_NAME})\s*$")
#: "TEHRAN, Mar. 16 (MNA) –" / "GAZA CITY (AP) —" / "Feb 9 (Reuters) -": optional place, optional
#: month and day, agency code.
DATELINE = re.compile(
    r"(?:(?P<place>[A-Z][A-Za-z.'’-]+(?:[ -][A-Z][A-Za-z.'’-]+){0,3})"
    r"(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?,?\s+)?"
    rf"(?:(?P<month>(?i:{MONTHS}))\.?\s+(?P<day>\d{{1,2}}),?\s+)?\((?P<agency>[A-Za-z][A-Za-z.&]{{1,14}})\)\s*[–—-]"
)
FIRST_PUBLISHED = re.compile(
    r"^[ \t\u00a0]*(?:First|Originally)\s+(?:published|appeared)\s+(?:by|in|on|at)\s+"
    r"(?P<outlet>[^\n]{2,80}?)[ \t.\u00a0]*$",
    re.M | re.I,
)
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "&", "a", "an", "de", "du", "al"})
_HEADER_LINES = 8
_QUESTION_WORDS = frozenset(
    {"how", "why", "what", "when", "who", "where", "which", "is", "are", "can", "will", "did"}
)
#: Section labels scrapers leave above headlines: short Title-Case lines that are not outlets.
SECTION_LABELS = frozenset({
    "breaking news", "breaking", "news", "latest", "latest news", "top stories", "live", "exclusive",
    "opinion", "op-ed", "editorial", "commentary", "analysis", "news analysis", "feature", "features",
    "interview", "world", "world news", "international", "middle east", "politics", "business", "economy",
    "local", "national", "sport", "sports", "culture", "home",
})  # fmt: skip
#: Words that follow "By" at the start of a sentence but are not names ("By Monday, the council...").
_NOT_NAMES = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "then", "now", "far", "contrast", "comparison", "law", "order", "the",
})  # fmt: skip


@dataclass(slots=True)
class Line:
    start: int
    end: int
    text: str


def header_lines(text: str, limit: int = _HEADER_LINES) -> list[Line]:
    """The first ``limit`` non-blank lines, each trimmed of surrounding whitespace, with offsets."""
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + len(raw) - len(raw.lstrip())
            lines.append(Line(start, start + len(stripped), stripped))
            if len(lines) >= limit:
                break
        pos += len(raw) + 1
    return lines


def _is_date_line(line: Line) -> re.Match[str] | None:
    match = DATE_LINE.fullmatch(line.text)
    return match if match and exact_date_of(match) else None


def _byline(text: str) -> re.Match[str] | None:
    """A byline line, but not a sentence that starts with "By" ("By Monday, the council had voted.")."""
    match = BYLINE.fullmatch(text)
    if not match or text[-1] in ".!?" or match.group("name").split()[0].lower() in _NOT_NAMES:
        return None
    return match


def _is_masthead(line: Line) -> bool:
    """A short Title-Case name that is not a sentence: 'Workers Revolutionary Party'."""
    words = line.text.split()
    if not 1 <= len(words) <= 4 or len(line.text) > 50 or line.text[-1] in ".!?:;,”\"’'":
        return False
    if any(ch.isdigit() for ch in line.text) or line.text.lower() in SECTION_LABELS:
        return False
    if words[0].lower() in _QUESTION_WORDS:  # "How Theresa May Botched" is a headline
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words) and words[0][0].isupper()


def _follows_masthead(text: str) -> bool:
    """The headline under a masthead: headline-like, and not a question or a trailing-off line."""
    return _is_headline(text) and not text.endswith(("?", "…", "..."))


def _is_headline(text: str) -> bool:
    """Headline-like: a few words, no sentence-final full stop, starting like a title."""
    words = text.split()
    if not 2 <= len(words) <= 40 or len(text) > 300:
        return False
    if text.endswith(".") and not text.endswith("..."):
        return False
    if DATELINE.match(text) or _byline(text):
        return False
    first = text[0]
    return first.isupper() or first.isdigit() or first in "“\"‘'«#"


def text_metadata(text: str) -> dict[str, MetaValue]:
    """Title, outlet, published and author as the cleaned ``text`` states them (origin "text")."""
    found: dict[str, MetaValue] = {name: MetaValue(None) for name in FIELDS}
    lines = header_lines(text)
    masthead: MetaValue | None = None
    body_index = len(lines)
    for index, line in enumerate(lines):
        date = _is_date_line(line)
        if date:
            if found["published"].value is None:
                found["published"] = _span(line, date, "when", exact_date_of(date))
            continue
        byline = _byline(line.text)
        if byline:
            if found["author"].value is None:
                found["author"] = _span(line, byline, "name")
            continue
        if (
            masthead is None
            and found["title"].value is None
            and index + 1 < len(lines)
            and _is_masthead(line)
            and _follows_masthead(lines[index + 1].text)
        ):
            masthead = MetaValue(line.text, line.start, line.end)
            continue
        if found["title"].value is None and line.text.lower() in SECTION_LABELS:
            continue  # "Opinion", "Breaking News" above the headline
        if found["title"].value is None:
            prefix = DATE_PREFIX.match(line.text)
            if prefix and exact_date_of(prefix):
                if found["published"].value is None:
                    found["published"] = _span(line, prefix, "when", exact_date_of(prefix))
                body_index = index
                break
            if _is_headline(line.text) and index + 1 < len(lines):
                glued = GLUED_BYLINE.search(line.text)
                title_end = line.start + glued.start() if glued else line.end
                title_text = text[line.start : title_end].rstrip()
                found["title"] = MetaValue(title_text, line.start, line.start + len(title_text))
                if glued and found["author"].value is None:
                    found["author"] = _span(line, glued, "name")
                continue
        body_index = index
        break

    # a dateline's "(MNA)" names the agency; its month and day without a year are not a date
    dateline = DATELINE.match(lines[body_index].text) if body_index < len(lines) else None
    agency = None
    if dateline and _is_agency(dateline.group("agency")):
        agency = _span(lines[body_index], dateline, "agency")

    published_by = FIRST_PUBLISHED.search(text)
    if published_by:
        found["outlet"] = MetaValue(
            published_by.group("outlet"), published_by.start("outlet"), published_by.end("outlet")
        )
    elif masthead is not None:
        found["outlet"] = masthead
    elif agency is not None:
        found["outlet"] = agency
    return found


def _is_agency(code: str) -> bool:
    return code.upper() in AGENCIES or (code.isupper() and 2 <= len(code) <= 6)


def _span(line: Line, match: re.Match[str], group: str, value: str | None = None) -> MetaValue:
    start, end = line.start + match.start(group), line.start + match.end(group)
    return MetaValue(value if value is not None else match.group(group), start, end)


def locate(text: str, value: str | None, origin: str, window: int = 2000) -> MetaValue:
    """``value`` from HTML/JSONL metadata, with its span when it appears near the top of ``text``."""
    if value is None or not value.strip():
        return MetaValue(None, origin=origin)
    value = value.strip()
    at = text.find(value, 0, window + len(value))
    if at < 0:
        return MetaValue(value, origin=origin)
    return MetaValue(value, at, at + len(value), origin=origin)
