"""Authors and outlets as pages declare them, cleaned: people's names, and the site's own name.

Page metadata is written for search engines and social networks, not for readers, and trafilatura passes
it on as found: "Tom Krisher; Ap Auto Writer", "ROBERT BURNS; AP National Security Writer", "Sandee
LaMotte; CNN", "Carrie Arnold November", "Admin", "Ilana Muhlstein; MS; RDN"; outlets such as "@politifact"
(a handle), "Copyright 2014", "Autoracing | F1 | Indy | MotoGP" or "nj" (the host name again).

`clean_author` keeps the people: it drops job titles, house accounts, credentials, dates and the
publisher, restores the case of names written in capitals, and removes repeats; when no person is left
but a news agency is named ("Associated Press"), the agency is the byline. `site_name` reads the page's
``og:site_name`` and ``application-name`` itself (trafilatura strips the "@" of a handle, so
"@politifact" would come back as "Politifact") and keeps the first that is a name: not a handle, not a
copyright line, not the host name again, without a tagline after "|". Preferring ``og:site_name`` gives
one spelling per site ("Inexhibit" on every page, where trafilatura reported "Inexhibit magazine" and
"Inexhibitmagazine"). The word lists live in ``presslens/resources/bylines.json``.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

_META = re.compile(r"<meta\b[^>]*>", re.I)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_SPLIT_AUTHORS = re.compile(r"\s*(?:;|\||&|\band\b|\bund\b|\bet\b)\s*", re.I)
_BY = re.compile(r"^(?:by|written by|posted by|words by|author|authors|von|par)\s*:?\s+", re.I)
_WORD = re.compile(r"[\w'’.-]+")
_TAGLINE = re.compile(r"\s+(?:\||–|—|·|::|-|:)\s+")
#: month names that are also given names: removed only before a number ("May 3"), never as a name
_NAME_MONTHS = frozenset({"may", "june", "april", "august"})
_HEAD_BYTES = 200_000
_STOPWORDS = frozenset({"the", "a", "an", "by", "and", "of", "staff", "team"})


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    data = json.loads(resources.files("presslens.resources").joinpath("bylines.json").read_text("utf-8"))
    return {key: frozenset(values) for key, values in data.items() if isinstance(values, list)}


def _key(value: str) -> str:
    return re.sub(r"[\W_]+", "", value).casefold()


def _host_labels(url: str | None) -> set[str]:
    """'www.cleveland.com' -> {'cleveland', 'clevelandcom', ...}: how a host name gets spelled back."""
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [p for p in host.split(".") if p and p != "www"]
    if not labels:
        return set()
    names = {_key(host), _key(".".join(labels)), _key(labels[0])}
    if len(labels) >= 2:
        names.add(_key(labels[-2]))  # the registered name: 'hosted.ap.org' -> 'ap'
        names.add(_key(labels[0]))  # the first label: 'hosted'
    return names


# -- authors -------------------------------------------------------------------------------------


def _fix_case(name: str) -> str:
    """'STEVE PEOPLES' -> 'Steve Peoples' (names written in capitals); mixed case is kept as written."""
    letters = [c for c in name if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        return " ".join(w[:1] + w[1:].lower() for w in name.split())
    return name


def _strip_dates(part: str) -> str:
    """Cut a part at its first date word or number ('Carrie Arnold November', 'Monday; November 18')."""
    dates = _words()["date_words"]
    words = part.split()
    for i, word in enumerate(words):
        low = word.strip(",.;").casefold()
        following = words[i + 1] if i + 1 < len(words) else ""
        is_date = (low in dates and low not in _NAME_MONTHS) or (
            low in _NAME_MONTHS and any(c.isdigit() for c in following)
        )
        if is_date or any(c.isdigit() for c in word):
            return " ".join(words[:i])
    return part


def _is_job(part: str) -> bool:
    low = part.casefold()
    words = set(_WORD.findall(low))
    jobs = _words()["job_words"]
    return bool(words & jobs) or any(" " in job and job in low for job in jobs) or "admin" in low


def _is_publisher(part: str, outlet: str | None, hosts: set[str]) -> bool:
    """The site or its publisher: 'Cleveland com', 'CNN Business', 'NJ Advance Media', 'Business Insider'."""
    key = _key(part)
    if not key or key in hosts or (outlet and key.startswith(_key(outlet))):
        return True
    if part.casefold() in _words()["publishers"]:
        return True
    words = set(_WORD.findall(part.casefold()))
    publisher = _words()["publisher_words"]
    named = {_key(w) for w in words} & (hosts | ({_key(w) for w in outlet.split()} if outlet else set()))
    return bool(words) and (words <= publisher or bool(words & publisher and named))


def _trailing_agency(part: str) -> tuple[str, str | None]:
    """'JILL LAWLESS Associated Press' -> ('JILL LAWLESS', 'Associated Press')."""
    words = part.split()
    for i in range(1, len(words)):
        tail = " ".join(words[i:])
        if tail.casefold() in _words()["agencies"]:
            return " ".join(words[:i]), tail
    return part, None


def clean_author(value: str | None, outlet: str | None = None, url: str | None = None) -> str | None:
    """The people of a declared byline, joined with "; " (None when none is left)."""
    if not value:
        return None
    hosts = _host_labels(url)
    people: list[str] = []
    agencies: list[str] = []
    credentials = _words()["credentials"]
    for raw in _SPLIT_AUTHORS.split(value):
        part = _BY.sub("", " ".join(raw.split())).strip(" ,.:-–—")
        if not part or part.startswith("@") or "http" in part.casefold():
            continue
        if any(word in part.casefold() for word in _words()["copyright_words"]):
            continue
        part = _strip_dates(part).strip(" ,.:-–—")
        if part.casefold() in _words()["agencies"]:
            agencies.append(part)
            continue
        part, agency = _trailing_agency(part)
        if agency:
            agencies.append(agency)
        if not part or part.casefold().strip(".") in credentials:
            continue
        if part.casefold() in _STOPWORDS:
            continue
        if _is_job(part) or _is_publisher(part, outlet, hosts):
            continue
        # the site's name glued after the person: 'Finian Cunningham Sputnik International'
        words = part.split()
        for i in range(1, len(words)):
            if len(words[i]) >= 4 and any(h.startswith(_key(words[i])) for h in hosts):
                part = " ".join(words[:i])
                break
        part = _fix_case(part)
        if len(part.split()) > 6 or not any(c.isalpha() for c in part):
            continue  # a sentence, not a name
        if not any(_same_person(part, seen) for seen in people):
            people.append(part)
    if people:
        return "; ".join(people)
    return _fix_case(agencies[0]) if agencies else None


def _same_person(a: str, b: str) -> bool:
    """'Troy Smith' and 'Troy L Smith': the same first and last name."""
    wa, wb = a.casefold().split(), b.casefold().split()
    return wa == wb or (len(wa) > 1 and len(wb) > 1 and wa[0] == wb[0] and wa[-1] == wb[-1])


# -- outlets -------------------------------------------------------------------------------------


_SITE_TAGS = ("og:site_name", "application-name", "twitter:site")


def declared_site_names(page: str) -> dict[str, str]:
    """``og:site_name``, ``application-name`` and ``twitter:site`` from the page's meta tags, as written."""
    found: dict[str, str] = {}
    for tag in _META.findall(page[:_HEAD_BYTES]):
        attrs = {m[0].casefold(): html.unescape(m[1] or m[2] or m[3]) for m in _ATTR.findall(tag)}
        kind = (attrs.get("property") or attrs.get("name") or "").casefold()
        if kind in _SITE_TAGS and attrs.get("content") and kind not in found:
            found[kind] = attrs["content"].strip()
    return found


def clean_outlet(value: str | None, url: str | None = None) -> str | None:
    """A site name, or None when it is a handle, a copyright line, a host name, a sentence, or empty."""
    if not value:
        return None
    name = " ".join(value.split())
    if name.startswith("@") or any(word in name.casefold() for word in _words()["copyright_words"]):
        return None
    parts = _TAGLINE.split(name)
    if len(parts) > 1:  # 'LinkNaija | Nigeria's popular news platform', 'Autoracing | F1 | Indy'
        name = parts[0]
    if not any(c.isalpha() for c in name) or len(name.split()) > 6 or len(name) > 60:
        return None  # a page title or a sentence, not a name
    if name.islower() and _key(name) in _host_labels(url):
        return None  # 'nj', 'catchitkansas.com': the host name again ('Space.com' is a name the site took)
    return name


def site_name(page: str, extracted: str | None, url: str | None = None) -> str | None:
    """The outlet a page names: its ``og:site_name`` or ``application-name``, else trafilatura's value.

    trafilatura's value is dropped when it is one the page's own tags ruled out: a handle without its
    "@" ('SputnikInt' from ``twitter:site``), or a host name it capitalised ('Nj' from 'nj').
    """
    declared = declared_site_names(page)
    rejected = {_key(v) for k, v in declared.items() if k == "twitter:site" or v.startswith("@")}
    for kind in ("og:site_name", "application-name"):
        candidate = declared.get(kind)
        if candidate and not candidate.startswith("@"):
            name = clean_outlet(candidate, url)
            if name:
                return name
            rejected.add(_key(candidate))
    if extracted and _key(extracted) in rejected:
        return None
    return clean_outlet(extracted, url)
