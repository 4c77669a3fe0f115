"""The `claims` layer: stated counts and amounts ("more than 31,000 Palestinians") with what they count.

A claim is a figure the article states about people, groups, objects, money or a share: casualties,
captives, fighters, members, aid trucks, dollars, percent. Dates, years, times, ages, durations
("160 days", "a 60-day deadline"), ordinals ("4th anniversary"), multipliers ("10 times the arsenal")
and identifiers ("News ID 213066") are not claims.

How it works, per sentence (a few ms per article; no model beyond the spaCy parse already made):
`claims_numbers` finds number phrases with one compiled regex; the words around each phrase rule out
dates, durations and identifiers; the tokens after it give the counted noun phrase (`count_of`, with a
pronoun or "more" resolved to the previous claim); the dependency parse gives the event verb that
governs it (`event`, with negation); `claims_dates` dates it from the same sentence (`as_of`);
`claims_attribution` finds who the figure is attributed to (`attribution`, never guessed).
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from presslens.components.claims_attribution import Attribution, attribute, points_back
from presslens.components.claims_counted import LEVEL_PREPOSITIONS, TALLY_NOUNS, counted_elsewhere
from presslens.components.claims_dates import MONTHS, choose, find_dates, parse_published
from presslens.layers import Antecedent, AsOf, Claim, ClaimAttribution, ClaimEvent, ClaimValue, CountOf
from presslens.model import Article
from presslens.pipeline import component
from presslens.values.numbers import (
    HOLDER_BETWEEN,
    Figure,
    currency_of_word,
    find_figures,
    upward_score_sides,
    vocabulary,
)
from presslens.values.words import event_words, singular
from presslens.vocab import load as load_resource

NAME = "claims.v1"

_TIME_UNIT = (
    r"(?:days?|weeks?|months?|years?|hours?|minutes?|seconds?|mins?|hrs?|secs?|decades?|centur(?:y|ies)|nights?|generations?|"
    r"years?[- ]old|o['’]clock|a\.?m\.?|p\.?m\.?|GMT|UTC|km|kilomet(?:re|er)s?|miles?|met(?:re|er)s?|feet|"
    r"kg|kilo(?:gram)?s?|times|fold|degrees?|km/h|mph)"
)
#: Words right after a number that make it a duration, a time, a measure or a multiplier.
NOT_COUNT_AFTER = re.compile(
    rf"^(?:\s*-\s*|\s+)(?:(?:more|full|long|straight|consecutive|whole|additional|extra|further|other)\s+)?{_TIME_UNIT}\b",
    re.IGNORECASE,
)
#: A number next to a month name is a date ("October 7", "24 to 30 November").
MONTH_AFTER = re.compile(rf"^\s*(?:(?:st|nd|rd|th)\b)?\s*(?:of\s+)?{MONTHS}\b")
MONTH_BEFORE = re.compile(rf"\b{MONTHS}\.?\s*$")  # "Sept. 11 memorial"
#: Identifiers and labels: "News ID 213066", "room 32-135", "Channel 12", "COVID-19".
IDENT_BEFORE = re.compile(
    r"(?:\bID|\bNo\.?|\bnumber|#|\broom|\bpage|\bchannel|\bflight|\bresolution|\barticle|\bsection|\bcode|"
    r"\broute|\bversion|\bcovid|\bbuilding|\bblock|\bunit|\bbrigade|\bgate|\bhall|\bline|\bphase|\bstage|"
    r"\bchapter|\bverse|\bcategory|\bpp?\.|\bcaption|\bslide|\bepisode|\bpart|\blevel|\bgrade|\bpage|\btop|\bfigure|\btable)\s*-?\s*$",
    re.IGNORECASE,
)
DURATION_AND = re.compile(r"\b(?:year|month|week|day|hour|minute|decade|century)s?\s+and\s+$", re.IGNORECASE)
YEAR_BEFORE = re.compile(
    r"\b(?:the|in|of|since|from|by|and|or|until|to)\s+$|\b(?:19|20)\d\d\s*(?:and|or|,|-|to)\s*$",
    re.IGNORECASE,
)
#: "the September 11, 2001 attacks": a year after a month and day is a date's.
DATE_BEFORE_YEAR = re.compile(rf"\b{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,\s*$")
AGE_BEFORE = re.compile(r"\b(?:aged|ages?|is|are|was|were)\s+$", re.IGNORECASE)
CLOCK = re.compile(r"^\s*(?::\s*\d|\.\d\d\s*(?:a\.?m|p\.?m))|^\s*[ap]\.?m\b", re.IGNORECASE)
CLOCK_BEFORE = re.compile(r"\d[:.]$|\d:\s+$")  # "10:17", "15: 54" (chapter and verse)
#: A markup attribute's value ('tweet_id="672157973804941312"'): an identifier; not "Population = 1.2m".
ATTRIBUTE_BEFORE = re.compile(r"\w=\s*[\"']?$")
#: "Jessica Valenzuela, 32, of Buckeye": an age set off by commas after a name.
AGE_APPOSITION_BEFORE = re.compile(r"[A-Z][\w'’.-]*,\s*$")
AGE_APPOSITION_AFTER = re.compile(r"^\s*(?:[,;)]|\.(?:\s|$)|$)")
#: "the 80's", "the '90s": a decade.
DECADE_AFTER = re.compile(r"^['’]s\b")
#: A tally's entry: "Hillary Clinton: 1,769.", "Syria (2,000) and Iraq (5,000)": a name, then the figure.
LISTED_AFTER_NAME = re.compile(r"(?P<name>[A-Z][\w.'’-]*)\s*(?::\s*|\(\s*)$")
LISTED_END = re.compile(r"^\s*(?:[.;,]|\)|$|\n)")
#: "Forty-three, yes; forty-four, no.": a poll's or a vote's answers read out, each count labelled by the
#: answer after it (numbers.json tallies.answer_labels).
ANSWER_AFTER = re.compile(
    r"^\s*,?\s*(?:"
    + "|".join(re.escape(w) for w in load_resource("numbers.json")["tallies"].get("answer_labels", ()))
    + r")\s*(?=[;,.!?\"”]|$)",
    re.IGNORECASE,
)
ENTRY_START = re.compile(r"(?:^|[;:,.?!”\"]\s*)$")
#: A figure on a line of its own, explained by the next line: "60." then "The number of countries that ...",
#: "$50 million." then "The amount Trump gave ..." (a "by the numbers" box); the noun must be a tally noun
#: (numbers.json ``tallies.nouns``: number, amount, total...), so "The acreage of ..." stays a measure.
CAPTION_AFTER = re.compile(r"^\.?[ \t]*\n\s*the\s+(?P<noun>\w+)\b", re.IGNORECASE)
RATE_AFTER = re.compile(
    r"^\s+(?:\w+\s+)?(?:to|per|against)\s+(?:the|one|a|each)\s+(?:US\s+|U\.S\.\s+|American\s+)?"
    r"(?:dollar|euro|pound)\b",
    re.IGNORECASE,
)


PRONOUN_REFS = frozenset({"them", "these", "those", "whom", "which", "us"})
MORE_WORDS = frozenset({"more", "others", "other", "additional", "further", "another"})
DETERMINERS = frozenset({"the", "its", "their", "these", "those", "his", "her", "our", "your", "my", "all"})
#: Words of vague amounts ("millions" in "tens of thousands of factories and millions of jobs").
_VAGUE_WORDS = frozenset(w for phrase in vocabulary().vague for w in phrase.split() if w != "a")

#: Event words (as written, lower-cased) and the label they give (resources/quantities.json).
EVENTS: dict[str, str] = event_words()
#: A verb whose direct object names the event ("commit suicide" -> died), from resources/events.json.
_EVENT_RULES = load_resource("events.json")
_BY_OBJECT = _EVENT_RULES.get("by_object", {})
BY_OBJECT_VERBS = frozenset(_BY_OBJECT.get("verbs", ()))
BY_OBJECT: dict[str, str] = dict(_BY_OBJECT.get("objects", {}))
#: "held steady at 3.1 percent": the figure is a level, not what the event happened to (events.json).
NOT_PATIENT_PREPOSITIONS = frozenset(_EVENT_RULES.get("not_patients", {}).get("prepositions", ()))
CAPTIVE_WORDS = frozenset({"captive", "captives", "hostage", "hostages", "prisoner", "prisoners"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})


_NOT_COUNTS = load_resource("numbers.json")["not_counts"]
#: "below 2005 levels", "in 2010 prices": a year before these nouns is a reference year (numbers.json).
YEAR_NOUN_AFTER = re.compile(
    r"^\s+(?:" + "|".join(map(re.escape, _NOT_COUNTS["year_nouns"])) + r")\b", re.IGNORECASE
)
CATEGORY_BEFORE = re.compile(
    rf"\b(?:{'|'.join(map(re.escape, _NOT_COUNTS['category_before']))})\s+$", re.IGNORECASE
)
SEQUENCE_BEFORE = re.compile(
    rf"\b(?:{'|'.join(map(re.escape, _NOT_COUNTS['sequence_before']))})\s+$", re.IGNORECASE
)
#: "the past", "the last": words of a sequence (a number after them picks items, it counts none).
SEQUENCE_WORDS = frozenset(w.lower() for w in _NOT_COUNTS["sequence_before"])
NAMED_NUMBERS = frozenset(_NOT_COUNTS["named_numbers"])
#: Heads that a figure can count without being a claim of the kind PressLens reports (units, abstract units).
NON_CLAIM_HEADS = frozenset(_NOT_COUNTS["non_claim_heads"])
#: Of those, heads whose part or price is a figure: "97% of the time", "a $500,000 check" (numbers.json).
SHARE_HEADS = frozenset(_NOT_COUNTS.get("share_heads", ()))
#: "about half the size of Pfizer": the magnitude a fraction before a determiner compares (numbers.json).
COMPARISON_HEADS = frozenset(_NOT_COUNTS.get("comparison_heads", ()))
#: "half the vote": fractions that may drop "of" before a determiner, and the words that make one a period
#: instead ("the first half the season") (numbers.json).
IMPLICIT_OF_FRACTIONS = frozenset(_NOT_COUNTS.get("implicit_of_fractions", ()))
PERIOD_BEFORE_FRACTION = frozenset(_NOT_COUNTS.get("period_before_fraction", ()))
#: "-ing" nouns that are things after a count ("200 offspring"), not what the counted ones do (numbers.json).
PARTICIPLE_NOUNS = frozenset(_NOT_COUNTS.get("participle_nouns", ()))
#: Entity labels whose multi-word names are one counted thing ("Puerto Rico", not "Rico") (numbers.json).
PLACE_ENTITIES = frozenset(_NOT_COUNTS.get("place_entities", ()))
#: "30 kiloparsecs", "nearly 30 grams of": a measure; "125 weekdays": a schedule (numbers.json, not_counts
#: measure_units and time_units).
_NOT_COUNT_UNITS = sorted(_NOT_COUNTS["measure_units"] + _NOT_COUNTS["time_units"], key=len, reverse=True)
MEASURE_AFTER = re.compile(
    r"^(?:\s*-\s*|\s+)(?:" + "|".join(map(re.escape, _NOT_COUNT_UNITS)) + r")(?![\w-])"
)
#: "Best Price: $15.97 Buy New $18.95": a shop widget's price (numbers.json, not_counts.shop_price_labels).
SHOP_PRICE_BEFORE = re.compile(
    r"(?:" + "|".join(map(re.escape, _NOT_COUNTS["shop_price_labels"])) + r")\s*[$€£]?\s*$"
)
#: "3170 W. County Road 600S": a street address (numbers.json, not_counts.street_words).
STREET_AFTER = re.compile(
    r"^\s+(?:(?:[A-Z][\w'’-]*\.?|\d+(?:st|nd|rd|th))\s+){1,4}?(?:"
    + "|".join(map(re.escape, _NOT_COUNTS["street_words"]))
    + r")(?![\w])"
)
_TALLIES = load_resource("numbers.json")["tallies"]
#: "the limit of 10,000", "a cap of 85,000": a bound's value is a figure too (numbers.json).
BOUND_NOUNS = frozenset(_TALLIES.get("bound_nouns", ()))
TALLY_VERBS = frozenset(_TALLIES["verbs"])
#: Nouns that name what is counted (resources/quantities.json): capitalised in a headline, still nouns.
_QUANTITIES = load_resource("quantities.json")
COUNTED_WORDS = frozenset(
    [w for words in _QUANTITIES["counted"].values() for w in words] + list(_QUANTITIES["event_nouns"])
)
#: Collective nouns whose "of" number is their size ("a crowd of 1,300"; numbers.json `counted_elsewhere`).
COLLECTIVES = frozenset(load_resource("numbers.json")["counted_elsewhere"].get("collectives", ()))
#: "He now has 568": a person's bare holding repeats the nearest earlier count's noun (numbers.json).
HOLDING_VERBS = frozenset(load_resource("numbers.json")["counted_elsewhere"].get("holding_verbs", ()))
HOLDER_PRONOUNS = frozenset(load_resource("numbers.json")["counted_elsewhere"].get("holder_pronouns", ()))
#: Parent nouns whose "of" number counts their children ("a father of seven" -> child; numbers.json).
PARENTS: dict[str, str] = load_resource("numbers.json")["counted_elsewhere"].get("parents", {})

_MONEY_FOR = load_resource("numbers.json")["money_for"]
MONEY_FOR_AFTER = frozenset(_MONEY_FOR["after"])
MONEY_FOR_BARE_ONLY = frozenset(_MONEY_FOR["bare_only"])
MONEY_NOT_WHAT = frozenset(_MONEY_FOR["not_what"])


@dataclass(slots=True)
class _Claim:
    start: int
    end: int
    figure: Figure
    count_of: dict[str, Any] | None
    head: Token | None
    anchor: Token
    sent_index: int
    event: dict[str, Any] | None = None
    as_of: dict[str, Any] | None = None
    attribution: Attribution | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _is_year(value: float) -> bool:
    return isinstance(value, int) and 1800 <= value <= 2100


#: Words of a sentence that make a score written with a bare hyphen a poll's ("her edge shrinks to
#: 48-45"; numbers.json `hyphen_scores`).
HYPHEN_SCORE_CONTEXT = frozenset(load_resource("numbers.json")["hyphen_scores"]["context"])
#: Words of a result that make an upward pair with a share unit on each side a score (numbers.json
#: `hyphen_scores.upward_context`): "lost the state 36 percent to 51 percent".
UPWARD_SCORE_CONTEXT = HYPHEN_SCORE_CONTEXT | frozenset(
    load_resource("numbers.json")["hyphen_scores"].get("upward_context", ())
)
_HYPHEN_SIDES = re.compile(
    r"\d[\d,.]*(?P<share>\s?%)?[-–]\d[\d,.]*(?:\s*(?:%|per\s?cent\b|percentage\s+points?\b|points?\b))?",
    re.IGNORECASE,
)
_VAGUE_ALONE = load_resource("numbers.json").get("vague_alone", {})
#: A vague word standing alone is a claim (`_vague_alone`), but for these words, after these, as these
#: dependents, or inside a name of these entity labels (numbers.json `vague_alone`).
VAGUE_NOT_ALONE = frozenset(_VAGUE_ALONE.get("not_alone", ()))
VAGUE_REFERENCE_BEFORE = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in _VAGUE_ALONE.get("reference_before", ("the",))) + r")\s+$",
    re.IGNORECASE,
)
VAGUE_NAME_ENTITIES = frozenset(_VAGUE_ALONE.get("name_entities", ()))
VAGUE_MODIFIER_DEPS = frozenset(_VAGUE_ALONE.get("modifier_deps", ()))
#: "thousands and thousands of people", "hundreds, if not thousands of emails": one amount, read at its last
#: word (a comma only before "if not": "Hundreds protested, and thousands rallied" are two).
VAGUE_COORDINATED = re.compile(
    r"(?:\s*,\s*if\s+not|\s+(?:"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _VAGUE_ALONE.get("coordinators", ()))
    + r"))\s+(?:"
    + "|".join(sorted({w for w in vocabulary().vague if " " not in w} | {"tens", "hundreds"}))
    + r")\b",
    re.IGNORECASE,
)


def _hyphen_score(text: str, fig: Figure) -> re.Match[str] | None:
    """The score written with a bare hyphen that ``fig`` is one side of ("48-45", "46%-35%"), else None."""
    if not fig.paired:
        return None
    if text[fig.end : fig.end + 1] in ("-", "–"):
        return _HYPHEN_SIDES.match(text, fig.start)
    if text[fig.start - 1 : fig.start] in ("-", "–"):
        back = fig.start - 1
        if text[back - 1 : back] == "%":  # "46%-35%": step over the first side's percent sign
            back -= 2 if text[back - 2 : back - 1] == " " else 1
        while back > 0 and (text[back - 1].isdigit() or text[back - 1] in ",."):
            back -= 1
        return _HYPHEN_SIDES.match(text, back)
    return None


def _poll_score(doc: Doc, sent: Span, score: re.Match[str]) -> bool:
    """Whether a hyphenated score gives two shares of a poll or the two sides of a vote: its sentence names a
    poll, a race position or a vote (`HYPHEN_SCORE_CONTEXT`), or a percent sign stands on each side ("By a
    lopsided 82%-12%"), and no noun follows it (a compound modifier: "a 48-45 lead", "a 5-4 decision")."""
    end = score.end()
    shares = score.group("share") is not None and _ends_with_share(score.group(0))
    if not shares and not any(t.lower_ in HYPHEN_SCORE_CONTEXT for t in sent):
        return False
    after = next((t for t in sent if t.idx >= end), None)
    return after is None or after.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM")


def _ends_with_share(score: str) -> bool:
    """Whether the second side of a hyphenated score carries a share unit too ("46%-35%")."""
    return re.search(r"(?:%|per\s?cent|percent)\s*$", score, re.IGNORECASE) is not None


def _vague_alone(text: str, fig: Figure, anchor: Token) -> bool:
    """Whether a vague word of magnitude stands alone for an amount ("hundreds protested", "deporting
    millions", "invest billions each year"): a claim with nothing counted (docs/annotations.md, session 11),
    not "scores" (`VAGUE_NOT_ALONE`), not a reference ("the thousands who marched"), a modifier or a name."""
    if not fig.vague or fig.qualifier is not None or (fig.as_written or "").lower() in VAGUE_NOT_ALONE:
        return False
    if VAGUE_REFERENCE_BEFORE.search(text[max(0, fig.start - 8) : fig.start]):
        return False
    if VAGUE_COORDINATED.match(text, fig.end):
        return False  # "thousands and thousands of people": the last word carries the amount
    return anchor.ent_type_ not in VAGUE_NAME_ENTITIES and anchor.dep_ not in VAGUE_MODIFIER_DEPS


def _upward_scores(figures: list[Figure], sent: Span, sent_text: str, offset: int) -> list[Figure]:
    """``figures`` with each upward pair written as a score ("(34%-54%)", "lost the state 36 percent to 51
    percent") replaced by its two sides, in a sentence that names a poll or a result (`UPWARD_SCORE_CONTEXT`)
    and unless "of" follows it ("30% to 35% of the vote" is a range of one share)."""
    if not any(f.high is not None and f.unit == "percent" for f in figures):
        return figures
    if not any(t.lower_ in UPWARD_SCORE_CONTEXT for t in sent):
        return figures
    out: list[Figure] = []
    for fig in figures:
        after = sent_text[fig.end - offset : fig.end - offset + 4]
        sides = [] if re.match(r"\s+of\b", after) else upward_score_sides(fig, sent_text, offset)
        out.extend(sides or [fig])
    return out


def _is_non_claim_context(text: str, fig: Figure) -> bool:
    """Dates, times, durations, measures, multipliers and identifiers, judged from nearby characters."""
    after = text[fig.end : fig.end + 40]
    before = text[max(0, fig.start - 20) : fig.start]
    if re.match(r"[-/]\d", after):
        return True  # "06-22-2017": a date
    if ATTRIBUTE_BEFORE.search(before):
        return True  # tweet_id="672157973804941312"
    if before.endswith("[") and after.startswith("]"):
        return True  # "the naked eye.[2]": a footnote mark
    if MEASURE_AFTER.match(after):
        return True  # "30 kiloparsecs", "nearly 30 grams of methamphetamine": a measure
    money = fig.unit in vocabulary().codes.values()
    if money and SHOP_PRICE_BEFORE.search(text[max(0, fig.start - 16) : fig.start]):
        return True  # "Buy New $18.95 (as of 04:55 EDT - Details)": a shop widget, not the article's figure
    year_digits = re.search(r"(?<![\d,.])\d{4}$", text[fig.start : fig.end]) and _is_year(fig.low)
    if fig.paired and year_digits and YEAR_BEFORE.search(before):
        return True  # "lower emissions by 2030 to 32 percent": a year, not one side of a score
    if (
        year_digits
        and fig.high is None
        and fig.qualifier in (None, "below", "above", "over", "under")
        and YEAR_NOUN_AFTER.match(after)
    ):
        return True  # "32 percent below 2005 levels": a reference year
    if fig.unit == "percent":
        return bool(MONTH_BEFORE.search(before))
    raw = text[fig.start : fig.end]
    plain = fig.unit == "count" and fig.qualifier is None and fig.high is None and raw.isdigit()
    if plain and STREET_AFTER.match(after):
        return True  # "3170 W. County Road 600S", "2134 Caldwell Place": an address
    if plain and after.startswith(")") and "(" not in before[-6:]:
        return True  # "2) Appointment of the board": an item's number
    if plain and raw in NAMED_NUMBERS and re.search(r"\ban?\s+$", before, re.IGNORECASE):
        return True  # "a 911 hang-up call" (but "112 injured" counts)
    if plain and DECADE_AFTER.match(after) and int(raw) % 10 == 0:
        return True  # "during the 80's"
    simple = fig.unit == "count" and fig.qualifier is None and fig.high is None and not fig.vague
    if simple and (raw.isdigit() or fig.words_only) and SEQUENCE_BEFORE.search(before):
        return True  # "the last 10 polls", "the next two states"
    if (
        plain
        and 0 < int(raw) < 120
        and AGE_APPOSITION_BEFORE.search(before)
        and AGE_APPOSITION_AFTER.match(after)
    ):
        return True  # "Anthony Morelli, 54, died"
    if fig.unit == "fraction" and DURATION_AND.search(before):
        return True  # "a year and a half of investigation"
    if NOT_COUNT_AFTER.match(after) or MONTH_AFTER.match(after) or MONTH_BEFORE.search(before):
        return True
    if CLOCK.match(after) or CLOCK_BEFORE.search(before) or IDENT_BEFORE.search(before):
        return True
    age_bound = fig.qualifier in ("under", "over", "below", "above") and fig.high is None
    if (
        fig.high is not None
        and fig.high < 130
        and re.search(r"\bages?\b", text[max(0, fig.start - 40) : fig.start])
    ):
        return True  # "raising the age to buy a gun from 18 to 21"
    # "aged over 65" is always an age; after "are"/"were", only an age of minority ("are under 18")
    if age_bound and AGE_BEFORE.search(before):
        if before.rstrip().lower().endswith(("aged", "age", "ages")):
            return True
        if fig.low in (12, 14, 15, 16, 18, 21) and not re.match(r"^\s+[a-z]+s\b", after):
            return True
    plural_after = re.match(r"^\s+[a-z]+s\b", after)
    raw_range = text[fig.start : fig.end]
    year_range = fig.high is not None and (
        (_is_year(fig.low) and _is_year(fig.high))
        or (re.fullmatch(r"\d{4}\s*[-–]\s*\d{4}", raw_range) is not None and 1000 <= fig.low < fig.high)
    )
    if fig.unit == "count" and year_range and "," not in text[fig.start : fig.end] and not plural_after:
        return True  # "between 1997 and 2017", "from 1967 to 1977"
    if fig.unit == "count" and fig.high is None and _is_year(fig.low) and not fig.vague and not fig.scale:
        year_word = (
            YEAR_BEFORE.search(before)
            or DATE_BEFORE_YEAR.search(before)
            or not re.match(r"^\s+[a-z]+(?<!s)s\b", after)  # "a 2007 address" is no plural
        )
        if "," not in raw and fig.qualifier is None and year_word:
            return (
                True  # a year: "in 2006", "the 2020 presidential election", "the 2005 and 2007 settlements"
            )
    return False


def _inside_name(text: str, fig: Figure, anchor: Token) -> bool:
    """ "the Voyager 1 space probe": plain digits that the parse hangs on the proper noun just before
    them, with the phrase going on after them, are part of that name (but "Clinton 46, Trump 44" and
    "Clinton: 1,769" are scores)."""
    raw = text[fig.start : fig.end]
    if fig.unit != "count" or fig.qualifier is not None or fig.high is not None or not raw.isdigit():
        return False
    doc, k = anchor.doc, anchor.i + 1
    if anchor.i == 0 or k >= len(doc) or doc[k].pos_ not in ("NOUN", "PROPN") or doc[k].sent != anchor.sent:
        return False
    name = doc[anchor.i - 1]
    if name.pos_ != "PROPN":
        return False
    # "Voyager 1" (the number hangs on the name) or "Fortune 500 companies" (the name on the number)
    return (anchor.dep_ == "nummod" and anchor.head.i == name.i) or (
        name.dep_ == "compound" and name.head.i == anchor.i
    )


def _share_standing_alone(last: Token) -> bool:
    """ "Nearly half said they prefer ...", "about a third agreed", "selected by about a third": a
    fraction with no "of" states a share of the people just spoken of only as a clause's subject (or a
    passive's agent), with no noun after it ("a third Obama term" is an ordinal, "half the vote" and
    "seven and a half years" are other readings, "cut in half" is no share)."""
    doc = last.doc
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if after is not None and after.pos_ in ("NOUN", "PROPN", "DET", "ADJ", "NUM"):
        return False
    agent = last.dep_ == "pobj" and last.head.dep_ == "agent"
    verb = last.head
    # "Less than a third agreed", "after half said so": the parser's modifier of a verb with no subject
    subjectless = (
        last.dep_ in ("npadvmod", "advmod")
        and verb.pos_ == "VERB"
        and verb.i > last.i
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)
    )
    return last.dep_ in ("nsubj", "nsubjpass") or agent or subjectless


def _fraction_before_determiner(doc: Doc, fig_span: Span, i: int, limit: int) -> bool:
    """ "half the vote", "more than half the senators surveyed", "nearly half the world's population": a
    fraction with no "of" right before a determiner or a possessive (the tagger's predeterminer) reads as
    "half of the ..." (the noun phrase and comparison heads are checked by the caller)."""
    last = fig_span[-1]
    if i >= limit or i != last.i + 1 or last.lower_ not in IMPLICIT_OF_FRACTIONS:
        return False
    if fig_span.start > 0 and doc[fig_span.start - 1].lower_ in PERIOD_BEFORE_FRACTION:
        return False  # "the first half the season": a period, no share
    nxt = doc[i]
    return nxt.lower_ in DETERMINERS or nxt.tag_ == "PRP$"


def _selects_by_rank(text: str, fig: Figure, anchor: Token) -> bool:
    """ "the nation's two largest teachers unions", "the world's two biggest polluters": a number before a
    superlative, after "the" or a possessive, picks items by rank (as "the first two" does), it does
    not state how many there are."""
    doc, k = anchor.doc, anchor.i + 1
    if fig.qualifier is not None or fig.high is not None or k >= len(doc) or doc[k].tag_ != "JJS":
        return False
    before = text[max(0, fig.start - 12) : fig.start]
    return bool(re.search(r"(?:\bthe|['’]s|\b(?:its|their|his|her|our))\s+$", before, re.IGNORECASE))


def _listed(doc: Doc, text: str, fig: Figure, fig_span: Span, sent: Span) -> bool:
    """A figure standing alone after a name, as an entry of a tally: "Clinton: 1,769.", "Syria (2,000)".

    The name must be a proper noun in the parse ("Page: 5" or "Note (3)" are no tallies), and the
    figure must close the entry (a colon or an open parenthesis before it, the end of the entry after).
    """
    found = LISTED_AFTER_NAME.search(text[max(0, fig.start - 40) : fig.start])
    if found is None or not LISTED_END.match(text[fig.end : fig.end + 3]):
        return False
    if found.group(0).rstrip().endswith("(") and not text[fig.end : fig.end + 3].lstrip().startswith(")"):
        return False
    label = text[sent.start_char : fig.start]
    if re.fullmatch(r"\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}\s*:\s*", label):
        return True  # the entry is the line: "Sanders: 46.", "Superdelegates: 121."
    j = fig_span.start - 1
    while j >= 0 and doc[j].is_punct:
        j -= 1
    return j >= 0 and doc[j].pos_ == "PROPN"


def _answer_entry(text: str, fig: Figure, sent: Span) -> bool:
    """A count that opens an entry and is labelled by an answer after it ("Forty-three, yes; forty-four,
    no.", "52 yes, 48 no"): a share or a vote of those who gave that answer."""
    return bool(ANSWER_AFTER.match(text[fig.end : fig.end + 20])) and bool(
        ENTRY_START.search(text[max(sent.start_char, fig.start - 4) : fig.start])
    )


def _captioned_entry(doc: Doc, text: str, fig: Figure, sent: Span) -> dict[str, Any] | None:
    """`count_of` of a figure that is a line of its own and is explained by the next line, a tally noun's
    phrase ("60." then "The number of countries that have had female leaders": `countries`), else None.

    Lists of figures with captions ("by the numbers") print the number first and say what it counts after
    it; the sentence of the figure holds nothing else, so no other rule can read it."""
    line = text[sent.start_char : sent.end_char].strip().rstrip(".")
    found = CAPTION_AFTER.match(text[fig.end : fig.end + 80])
    if line != text[fig.start : fig.end].rstrip(".") or found is None:
        return None
    if found.group("noun").lower() not in TALLY_NOUNS:
        return None
    noun = doc.char_span(fig.end + found.start("noun"), fig.end + found.end("noun"))
    if noun is None:
        return None
    of = next((c for c in noun[0].children if c.dep_ == "prep" and c.lower_ == "of"), None)
    what = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if what is None:  # "The amount Trump essentially gave his campaign": what the amount is, unnamed
        head = singular(noun[0].lower_)
        return {"text": noun.text, "head": head, "start": noun.start_char, "end": noun.end_char}
    count_of, _ = _phrase_count_of(doc, text, of.i + 1, what.i + 1, what)
    return count_of


def _bare_states_a_count(
    claim: _Claim, claims: list[_Claim], sent_index: int, doc: Doc, text: str, fig_span: Span, sent: Span
) -> bool:
    """Whether a number with no counted noun and no event is still a figure (see `_build`)."""
    fig = claim.figure
    if (caption := _captioned_entry(doc, text, fig, sent)) is not None:
        claim.count_of = caption
        return True
    if fig.words_only:  # "Of the five samples sent, two tested positive"
        _bare_as_tally_or_subject(claim, claims, sent_index, text)
        listed = _listed(doc, text, fig, fig_span, sent) or _answer_entry(text, fig, sent)
        return bool(claim.extra.get("pronoun")) or listed
    if fig.qualifier is not None or fig.high is not None or fig.paired or fig.scale is not None:
        return True  # "over 500", "1,428 to 1,153", "1.1 million between January and April"
    if claim.extra.get("pronoun"):
        return True
    _bare_as_tally_or_subject(claim, claims, sent_index, text)
    return bool(claim.extra.get("counts") or claim.extra.get("pronoun")) or (
        _listed(doc, text, fig, fig_span, sent) or _answer_entry(text, fig, sent)
    )


def _bare_as_tally_or_subject(claim: _Claim, claims: list[_Claim], sent_index: int, text: str) -> None:
    """A bare number that still states a count, marked in ``claim.extra``:

    * the value of a tally: its verb's subject is a tally noun ("the death toll has reached 26", "the
      final delegate count was 699.57"), the verb states an amount ("have amounted to 250,000"), the
      verb puts a tally noun object at it ("put the death toll at 310"), or a tally noun or a bound is
      "of" it ("a record of 121,354", "the limit of 10,000"); nouns and verbs
      in ``numbers.json`` (``tallies``);
    * a noun phrase of its own, with a determiner and a modifier ("the 2,383 needed", "the remaining
      16", "the 50 that Mr. Obama authorized");
    * the subject of its clause after a figure it shares the counted thing with ("520 superdelegates
      support Clinton, 39 have said they support Sanders"; "Of the five samples sent, two tested
      positive"): it takes that figure's counted thing, as "four more" does (so does a noun phrase
      of its own).
    """
    anchor = claim.anchor
    node = anchor
    of = anchor.head if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" else None
    tally = of is not None and (of.head.lower_ in TALLY_NOUNS or singular(of.head.lower_) in BOUND_NOUNS)
    if tally and of.head.i < of.i:
        claim.extra["counts"] = True  # "its 2012 record of 121,354", "the limit of 10,000": a value
        return
    if node.dep_ == "pobj" and node.head.dep_ == "prep":
        node = node.head  # "amounted to 250,000", "stands at 500"
    verb = node.head
    if node.dep_ in ("attr", "dobj", "prep", "oprd") and verb.pos_ in ("VERB", "AUX"):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if verb.lower_ in TALLY_VERBS or (subject is not None and subject.lower_ in TALLY_NOUNS):
            claim.extra["counts"] = True
            return
        tally_object = any(c.dep_ == "dobj" and c.lower_ in TALLY_NOUNS for c in verb.children)
        if tally_object and node.dep_ == "prep" and node.lower_ in LEVEL_PREPOSITIONS:
            claim.extra["counts"] = True  # "put the death toll at 310": the level the tally is put at
            return
    if anchor.dep_ == "dobj" and anchor.head.pos_ in ("VERB", "AUX"):  # "... and Ben Carson has three" too
        prev = _resolve_antecedent(claims, sent_index)
        if prev is not None and prev.sent_index == sent_index and _same_verb_object(prev, anchor.head):
            _take_counted(claim, prev, text)  # "had 2,205 delegates, compared with Sanders, who had 1,401"
            return
        if (
            prev is not None
            and anchor.head.lower_ in HOLDING_VERBS
            and _holder(anchor.head)
            and (prev.count_of or {}).get("head")
            and prev.head is not None
            and prev.head.pos_ == "NOUN"
        ):
            _take_counted(claim, prev, text)  # "Trump picked up all 99 delegates. He now has 568."
            return
    modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in anchor.head.children)
    if anchor.dep_ == "conj" and anchor.head.pos_ in ("VERB", "AUX") and not modal:
        prev = next((c for c in reversed(claims) if c.sent_index == sent_index), None)
        if prev is not None and _gapped_object(prev, anchor):
            # "surveyed 1,051 registered voters in Florida and 1,077 in Pennsylvania", "drew 13
            # percentage points from Sanders and 7 from Trump": the verb left out, its object's noun too
            # (not under a modal: "it would take only three weapons ... and just two" supposes a count)
            if prev.count_of and prev.count_of.get("head"):
                _take_counted(claim, prev, text)
            elif prev.figure.unit in ("percent", "points") and claim.figure.unit == "count":
                claim.figure.unit = prev.figure.unit
                claim.extra["counts"] = claim.extra["pronoun"] = True
            return
    subject = anchor.dep_ in ("nsubj", "nsubjpass") and not any(c.dep_ == "det" for c in anchor.children)
    # "the 2,383 needed", "the 50 that Mr. Obama authorized", "the remaining 16": a noun phrase of its own
    nominal = any(c.dep_ == "det" for c in anchor.children) and any(
        c.dep_ in ("acl", "relcl", "amod") for c in anchor.children
    )
    if nominal and not claim.figure.words_only:
        claim.extra["counts"] = True
    if subject or nominal:
        prev = _resolve_antecedent(claims, sent_index)
        if prev is not None and prev.count_of and prev.count_of.get("head"):
            _take_counted(claim, prev, text)


def _holder(verb: Token) -> bool:
    """Whether the verb's subject is a person's or a body's name or a personal pronoun ("Cruz has 370", "He
    now has 568"); not "it", whose bare holding may count anything (numbers.json
    ``counted_elsewhere.holder_pronouns``)."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    # a person or a body, not a place ("Acapulco, which has 847,735 citizens, had 883" homicides)
    named = subject.pos_ == "PROPN" and subject.ent_type_ not in PLACE_ENTITIES
    return named or subject.lower_ in HOLDER_PRONOUNS


def _listed_noun_of(anchor: Token, nouns: Container[str]) -> Token | None:
    """The lower-case noun of ``nouns`` (singular forms) that a bare number's "of" hangs on, before it:
    "a crowd of 1,300" (a collective), "a father of seven" (a parent); else None."""
    of = anchor.head
    if anchor.dep_ != "pobj" or of.lower_ != "of" or of.i > anchor.i:
        return None
    noun = of.head
    if noun.i > of.i or noun.pos_ != "NOUN" or not noun.text.islower():
        return None
    return noun if singular(noun.lower_) in nouns else None


def _collective_of(anchor: Token) -> Token | None:
    """The collective noun a bare number is the size of ("told a crowd of 1,300", "a team of 15",
    "crowds of hundreds"): the common noun of ``COLLECTIVES`` that the number's "of" hangs on, before it
    ("a Group of 20 meeting" is a name, "the class of 2014" a year: neither is in the list)."""
    return _listed_noun_of(anchor, COLLECTIVES)


def _parent_of(anchor: Token) -> Token | None:
    """The parent noun a bare number counts the children of ("a father of seven", "a mother of two"): a
    lower-case noun of ``PARENTS`` that the number's "of" hangs on, before it."""
    return _listed_noun_of(anchor, PARENTS)


def _contested_with(anchor: Token) -> Token | None:
    """The plural noun a bare number after "with" counts when what it is "with" is a contest for that noun
    ("Trump leads the race for delegates with 61", "leads the fight for votes with 40"): the "for" object
    of the noun (or of the verb's object) that "with" hangs on, else None."""
    with_ = anchor.head
    if anchor.dep_ != "pobj" or with_.lower_ != "with" or with_.i > anchor.i:
        return None
    host = with_.head
    if host.pos_ in ("VERB", "AUX"):
        host = next((c for c in host.children if c.dep_ == "dobj"), host)
    for prep in host.children:
        if prep.dep_ == "prep" and prep.lower_ == "for" and prep.i < with_.i:
            what = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if what is not None and what.tag_ == "NNS" and what.text.islower():
                return what
    return None


def _take_counted(claim: _Claim, prev: _Claim, text: str) -> None:
    """A bare number takes the counted thing of an earlier figure it stands for (an ellipsis)."""
    claim.count_of = {
        **{k: prev.count_of[k] for k in ("text", "head", "start", "end")},  # type: ignore[index]
        "refers_to": {"start": prev.start, "end": prev.end, "text": text[prev.start : prev.end]},
    }
    claim.extra["pronoun"] = True


def _gapped_object(prev: _Claim, anchor: Token) -> bool:
    """Whether an earlier figure of the sentence is the direct object of the verb that a bare number is
    a conjunct of, with the verb left out before the number ("drew 13 points from Sanders and 7 from
    Trump"): the number is a second object of that verb, of the same kind."""
    obj = prev.head
    if obj is None:
        obj = prev.anchor.head if prev.anchor.dep_ in ("nummod", "quantmod", "compound") else prev.anchor
    return obj.dep_ == "dobj" and obj.head.i == anchor.head.i and obj.i < anchor.i


def _same_verb_object(prev: _Claim, verb: Token) -> bool:
    """Whether an earlier figure of the sentence, with a counted noun, is the direct object of another
    occurrence of the same verb ("Clinton *had* 2,205 delegates, compared with Sanders, who *had*
    1,401"; "Labour *won* 30 seats and the Greens *won* 12"): the bare number repeats its noun."""
    head = prev.head
    if head is None or not prev.count_of or not prev.count_of.get("head"):
        return False
    if head.dep_ == "dobj":
        return head.head.i != verb.i and head.head.lower_ == verb.lower_
    # the parse may read "Cruz has 11 delegates and Rubio has 10" as "delegates" the subject of the second
    # "has": the word right before the earlier figure still shows it as the object of the same verb
    doc = prev.anchor.doc
    first = _tokens_after(doc, prev.start)  # the figure's first word: "more" of "more than 11 delegates"
    before = doc[first - 1] if first > 0 else None
    if before is None or before.i == verb.i or before.pos_ not in ("VERB", "AUX") or head.pos_ != "NOUN":
        return False  # (a name as the head is a conjunct read into the phrase: "503 delegates and Sanders")
    return before.lower_ == verb.lower_


def _tokens_after(doc: Doc, end_char: int) -> int:
    """Index of the first token starting at or after ``end_char``."""
    span = doc.char_span(end_char, end_char, alignment_mode="expand")
    if span is not None and span.start < len(doc):
        i = span.start
    else:
        i = next((t.i for t in doc if t.idx >= end_char), len(doc))
    while i < len(doc) and doc[i].idx < end_char:
        i += 1
    return i


def _phrase_count_of(doc: Doc, text: str, first: int, stop: int, head: Token) -> tuple[dict[str, Any], int]:
    """`count_of` for the noun phrase of tokens ``first..stop`` with ``head``, and the phrase's end."""
    start = doc[first].idx
    end = doc[stop - 1].idx + len(doc[stop - 1].text)
    return {"text": text[start:end], "head": _head_word(doc, first, head), "start": start, "end": end}, end


def _head_word(doc: Doc, first: int, head: Token) -> str:
    """The head's word for grouping: a place's whole name ("one-third of Puerto Rico" counts "puerto rico",
    not "rico"; a name is not made singular), else the singular of the head noun."""
    if head.ent_type_ in PLACE_ENTITIES and head.ent_iob_ == "I":
        x = head.i
        while x > first and doc[x].ent_iob_ == "I" and doc[x - 1].ent_type_ == head.ent_type_:
            x -= 1
        return " ".join(t.lower_ for t in doc[x : head.i + 1])
    return singular(head.text)


def _participle_alone(doc: Doc, i: int, k: int, head: Token, limit: int) -> bool:
    """A count's "noun" is a participle that says what the counted ones do ("a caravan of several thousand
    *trekking* through Guatemala"): a singular -ing word alone after the number, followed by no noun.

    After a count above one, a counted noun would be plural; the -ing words that are things after a
    count ("200 offspring") are data (numbers.json, ``not_counts.participle_nouns``)."""
    word = head.lower_
    return (
        head.i == i == k - 1
        and word.endswith("ing")
        and len(word) >= 7  # "thing", "king", "spring": no verb stem before "-ing"
        and word not in PARTICIPLE_NOUNS
        and word not in EVENTS
        and singular(word) not in COUNTED_WORDS
        and (k >= limit or doc[k].pos_ in ("ADP", "ADV", "PART", "PUNCT", "SCONJ", "CCONJ"))
    )


def _money_for(doc: Doc, text: str, i: int, limit: int) -> dict[str, Any] | None:
    """What a money figure is for or of, from a prepositional phrase after it ("$45 million in fees").

    The claim's span stays the figure; `count_of` points at the noun phrase. Only a common noun
    counts (a name after "in" is a place or a date), and the words of ``numbers.json``
    (``money_for``) say which prepositions, and which nouns tell when or how rather than what.
    """
    if i >= limit or doc[i].lower_ not in MONEY_FOR_AFTER:
        return None
    j = i + 1
    if j < limit and doc[j].lower_ in DETERMINERS | {"a", "an"}:
        if doc[i].lower_ in MONEY_FOR_BARE_ONLY:
            return None  # "in the region": where, not what for
        j += 1
    k, head, _ = _noun_phrase(doc, j, limit)
    if head is None or head.pos_ != "NOUN" or head.ent_type_ or singular(head.lower_) in MONEY_NOT_WHAT:
        return None
    count_of, _ = _phrase_count_of(doc, text, j, k, head)
    return count_of


def _scare_quote_end(doc: Doc, k: int, limit: int) -> int | None:
    """Index of the closing mark when token ``k`` opens one to three quoted words inside a noun phrase
    ("27 “at-large” delegates", "thousands of “missing” emails", "four “loopholes”"), else None.

    A writer's marks around a word of the phrase say nothing about the count; the words inside are read
    as if the marks were not there. Only content words (and hyphens between them: "at-large") may stand
    inside, so a quoted statement or phrase after a number ('40 "in the morning"') is no part of it."""
    if doc[k].text not in SCARE_OPENING:
        return None
    for m in range(k + 2, min(k + 6, limit)):
        if doc[m].text in SCARE_CLOSING:
            inside = doc[k + 1 : m]
            words = all(t.is_alpha or t.text in ("-", "–") for t in inside)
            # a function word standing as a word of its own (not a piece of "at-large")
            loose = any(t.pos_ in FUNCTION_POS and t.whitespace_ and doc[t.i - 1].whitespace_ for t in inside)
            return m if words and not loose else None
    return None


def _noun_phrase(doc: Doc, i: int, limit: int) -> tuple[int, Token | None, list[Token]]:
    """Counted noun phrase from token ``i``: (end index, head noun, modifiers that are event words)."""
    k = i
    head: Token | None = None
    modifiers: list[Token] = []
    closing: int | None = None
    while k < limit:
        t = doc[k]
        if head is None and closing is None and (closing := _scare_quote_end(doc, k, limit)) is not None:
            k += 1  # the opening mark of '27 “at-large” delegates'
            continue
        if k == closing:
            k += 1  # its closing mark: the phrase goes on ("delegates") or ends with it (four “loopholes”)
            if head is not None and not (k < limit and doc[k].pos_ in ("NOUN", "PROPN")):
                break
            continue
        if closing is not None and k < closing and t.pos_ not in ("NOUN", "PROPN"):
            k += 1  # a quoted modifier ("at-large", "missing"), whatever the parse makes of it
            continue
        after_compound = _hyphenated_modifier(doc, k, limit)
        if after_compound:  # "the 19 would-be victims", "98 percent of the CIA's decades-long secret records"
            modifiers.extend(x for x in doc[k:after_compound] if x.lower_ in EVENTS)
            k = after_compound
            continue
        state = t.lower_ in EVENTS and (t.pos_ == "ADJ" or t.tag_ == "VBN")  # "59 dead", "500 injured"
        if t.pos_ == "PROPN" and head is None and _state_after(doc, k, limit):
            k += 1  # "4,500 U.S. dead", "Thousands of U.S. dead": whose dead, not a name counted
            continue
        if t.pos_ in ("NOUN", "PROPN") or state:
            if state:  # "500 injured" ends the phrase; "5,000 injured soldiers" goes on to the noun
                modifiers.append(t)
                k += 1
                if _followed_by_noun(doc, k - 1, limit):
                    continue
                break
            head = t
            k += 1
            if t.dep_ in ("compound", "amod", "nmod") and t.head.i > t.i and t.head.i < limit:
                continue
            noun_next = k < limit and doc[k].pos_ in ("NOUN", "PROPN") and not _starts_outside(doc[k])
            if k == closing or noun_next:
                continue
            break
        if head is not None and t.like_num and t.dep_ == "nummod" and t.head.i == head.i == t.i - 1:
            k += 1  # "58 Fortune 500 companies": the number of a name (see `_inside_name`)
            continue
        if after_designations := _designation_list(doc, k, limit):  # "60 AK-47, AR-10 and G3 rifles"
            k = after_designations
            continue
        if _coordinated_modifier(t, i, k):  # "32 suspected or confirmed cases"
            k += 1
            continue
        if (
            t.pos_ in ("ADJ", "VERB", "ADV")
            and t.dep_ in ("amod", "compound", "advmod", "nmod")
            or (t.text in ("-", "–") and not (t.whitespace_ and doc[k - 1].whitespace_))  # not " - "
            or (_participle_before_noun(t) and k == i and _followed_by_noun(doc, k, limit))
        ):  # "475 pledged delegates" (tagged VBD as often as VBN)
            if t.lower_ in EVENTS:
                modifiers.append(t)
            k += 1
            continue
        if t.pos_ == "ADJ" and k + 1 < limit and doc[k + 1].pos_ in ("NOUN", "PROPN", "ADJ"):
            k += 1
            continue
        break
    if head is None:
        return i if not modifiers else k, None, modifiers
    # coordination: "Israeli officers and soldiers"
    if k + 1 < limit and doc[k].lower_ in ("and", "or"):
        for j in range(k + 1, min(limit, k + 4)):
            if doc[j].like_num or doc[j].lower_ in _VAGUE_WORDS or doc[j].lower_ == "tens":
                break  # "tens of thousands of factories and millions of jobs": a second figure
            if doc[j].dep_ == "conj" and doc[j].head.i == head.i and _counted_conjunct(doc[j]):
                k = j + 1
                head = doc[j]  # "Israeli officers and soldiers" counts soldiers (and officers)
                break
            if doc[j].pos_ not in ("ADJ", "PROPN", "NOUN"):
                break
    return k, head, modifiers


def _hyphenated_modifier(doc: Doc, k: int, limit: int) -> int:
    """The index after a hyphenated word that starts at token ``k`` with a noun or a verb and describes a
    noun after it ("decades-long secret records", "would-be victims", "work-related emails"), else 0.

    The parse splits such a word into pieces ("decades", "-", "long") whose first piece reads as the
    counted noun ("decade", a time unit) or as no noun at all ("would"); words starting with an
    adjective or an adverb ("foreign-born", "long-missing") are read piece by piece already."""
    t = doc[k]
    if t.pos_ not in ("NOUN", "PROPN", "AUX", "VERB") or t.whitespace_:
        return 0
    j = k
    hyphen = ("-", "–")
    while j + 2 < limit and doc[j + 1].text in hyphen and not doc[j + 1].whitespace_ and doc[j + 2].is_alpha:
        j += 2
        if doc[j].whitespace_:
            break
    if j == k or not doc[j].whitespace_ or j + 1 >= limit:
        return 0
    nxt = doc[j + 1]
    noun_after = j + 2 < limit and doc[j + 2].pos_ == "NOUN"  # "the 99 winner-take-all primary": no noun
    describes = nxt.pos_ == "NOUN" or (nxt.pos_ == "ADJ" and noun_after)
    return j + 1 if describes or (nxt.pos_ == "PROPN" and nxt.lower_.endswith("s")) else 0


def _state_after(doc: Doc, k: int, limit: int) -> bool:
    """A place's or a group's name right before a state word that ends the phrase ("4,500 U.S. dead")."""
    nxt = doc[k + 1] if k + 1 < limit else None
    return (
        nxt is not None
        and doc[k].ent_type_ in ("GPE", "LOC", "ORG")  # not "four Americans killed": a group counted
        and not doc[k].lower_.endswith("s")
        and nxt.lower_ in EVENTS
        and (nxt.pos_ == "ADJ" or nxt.tag_ == "VBN")
        and not _followed_by_noun(doc, k + 1, limit)
    )


def _in_possessor(token: Token) -> bool:
    """A word of a possessor before its "'s" ("Sen. Rand *Paul*'s", "the super *PAC*'s"): part of whose,
    not of what is counted."""
    return token.dep_ in ("compound", "amod", "det") and token.head.dep_ == "poss" and token.head.i > token.i


def _coordinated_modifier(t: Token, i: int, k: int) -> bool:
    """ "or confirmed" in "32 suspected or confirmed cases": a conjunction, or the modifier it joins, after
    a modifier already read into the counted phrase (tokens ``i`` to ``k - 1``)."""
    first = t.head if t.dep_ in ("cc", "conj") else None
    if first is None or not i <= first.i < k or first.dep_ not in ("amod", "compound", "nmod"):
        return False
    if t.dep_ == "conj":
        return t.pos_ in ("ADJ", "VERB", "NOUN", "PROPN") and t.i > first.i
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    return nxt is not None and nxt.dep_ == "conj" and nxt.head.i == first.i


#: A noun after the counted noun that is not part of its phrase ("six people Monday": a time).
NOT_IN_PHRASE_DEPS = frozenset({"appos", "conj", "npadvmod"})
#: A model or type designation ("AK-47", "F-16", "G3"): letters, then digits, in one token.
DESIGNATION = re.compile(r"[A-Z][A-Za-z]{0,5}-?\d{1,4}[A-Za-z]?")


def _starts_outside(token: Token) -> bool:
    """A noun right after the counted noun that the parse puts outside its phrase: a time ("six people
    *Monday*"), an apposition or conjunct, or the subject of a clause that follows ("rifles *Barbieri*
    had sent"), judged for a many-word name by its last word ("ballots *Fulton County* reported having
    rejected", "police reports *Lolita Grayson* filed")."""
    if token.dep_ in NOT_IN_PHRASE_DEPS or token.ent_type_ in ("DATE", "TIME"):
        return True
    while token.pos_ == "PROPN" and token.dep_ == "compound" and token.head.i > token.i:
        token = token.head  # "ballots Fulton County reported having rejected": the name's last word
        after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if token.dep_ == "appos" and after is not None and after.tag_ in ("VBD", "VBZ", "VBP"):
            return True  # a name the parse sets beside the noun, with a verb of its own after it
    subject = token.dep_ in ("nsubj", "nsubjpass")
    return subject and token.head.i > token.i and token.head.pos_ in ("VERB", "AUX")


def _designation_list(doc: Doc, k: int, limit: int) -> int:
    """The index after a run of designations that describe the counted noun after them ("AK-47,
    AR-10 and G3 rifles"), or 0 when token ``k`` starts none: they are words of the name of the thing
    counted, not a second figure and not the thing itself."""
    j = k
    while j < limit and DESIGNATION.fullmatch(doc[j].text):
        j += 1
        if j + 1 < limit and doc[j].text in (",", "and", "or") and DESIGNATION.fullmatch(doc[j + 1].text):
            j += 1
        elif j + 2 < limit and doc[j].text == "," and doc[j + 1].lower_ in ("and", "or"):
            j += 2
    ends_in_noun = j < limit and j > k and doc[j].pos_ == "NOUN"
    return j if ends_in_noun else 0


def _defined_by_clause(head: Token | None) -> bool:
    """The counted noun carries a clause that says which ones ("the seven people given the drug",
    "the three lanes that were shut down"): the figure states how many, it does not name a known set."""
    return head is not None and any(c.dep_ in ("acl", "relcl") and c.i > head.i for c in head.children)


def _participle_before_noun(token: Token) -> bool:
    """A participle that describes the counted noun right after a number ("475 pledged delegates");
    event words are left to the event search ("500 injured soldiers")."""
    return token.tag_ in ("VBN", "VBD") and token.lower_.endswith("ed") and token.lower_ not in EVENTS


def _counted_conjunct(token: Token) -> bool:
    """A conjunct that the figure counts too: a noun, or a plural name ("officers and Marines");
    not a singular name ("two children and Joering was married...")."""
    return token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.lower_.endswith("s"))


def _describes_noun_after(token: Token, limit: int) -> bool:
    """An adjective such as "additional" or "other" that belongs to a noun after it in the clause."""
    head = token.head
    return token.dep_ == "amod" and head.i > token.i and head.i < limit and head.pos_ == "NOUN"


def _followed_by_noun(doc: Doc, k: int, limit: int) -> bool:
    return k + 1 < limit and doc[k + 1].pos_ in ("NOUN", "PROPN") and doc[k + 1].lower_ not in ("and", "or")


def _event_of(verb: Token) -> tuple[str, Token, Token] | None:
    """(label, first token, last token) when ``verb`` is an event word, with its particles."""
    low = verb.lower_
    if low in ("taken", "take", "took", "taking"):
        for child in verb.children:
            if child.lower_ in CAPTIVE_WORDS:
                return "taken captive", verb, child
        return None
    if low in ("lost", "lose", "losing") and any(c.lower_ in ("lives", "life") for c in verb.children):
        last = max((c for c in verb.children if c.lower_ in ("lives", "life")), key=lambda c: c.i)
        return "died", verb, last
    for particle in _particles(verb):  # "handed over": a verb and its particle (events.json)
        if f"{low} {particle.lower_}" in EVENTS:
            return EVENTS[f"{low} {particle.lower_}"], verb, particle
    if low in EVENTS:
        return EVENTS[low], verb, verb
    if low in BY_OBJECT_VERBS:  # "commit suicide", "suffered injuries"
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ in BY_OBJECT), None)
        if obj is not None:
            return BY_OBJECT[obj.lower_], verb, obj
    return None


def _particles(verb: Token) -> list[Token]:
    """The verb's particles: its ``prt`` children, and the word right after it when the tagger calls it
    a particle (RP) but the parser hung it elsewhere ("handed over 13 hostages": "over" as the number's
    quantmod, which the value reader already drops as no qualifier)."""
    found = [c for c in verb.children if c.dep_ == "prt"]
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if nxt is not None and nxt.tag_ == "RP" and nxt not in found:
        found.append(nxt)
    return found


def _negated(verb: Token) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    doc = verb.doc
    return any(doc[j].lower_ in NEGATIONS for j in range(max(verb.sent.start, verb.i - 3), verb.i))


def _event_dict(found: tuple[str, Token, Token], negated: bool) -> dict[str, Any]:
    label, a, b = found
    # the two tokens may come in either order: "hostages were taken" gives (taken, hostages)
    first, last = (a, b) if a.i <= b.i else (b, a)
    return {"label": label, "start": first.idx, "end": last.idx + len(last.text), "negated": negated}


#: Words that make the figures after them part of the one before ("105 prisoners, including 81 Israelis").
INCLUDING = ("including", "among", "includes")


def _governing_event_noun(node: Token, sent: Span) -> Token | None:
    """The event noun whose "of" governs the counted noun ``node`` ("the release of 50 hostages taken on
    7 October", "an exchange of 240 abductees held by Israel and 105 prisoners"), or None.

    Such a noun says what happened to the counted things; a participle after them ("held by Israel")
    says what they were. The climb goes through conjuncts, participles and their agents (the parser
    often hangs a second conjunct on the agent's object), and "including"; any other link (a verb's
    subject or object, another preposition) ends it, and so does an "of" after a noun that is no event.
    """
    steps = 0
    while node.head is not node and steps < 8 and sent.start <= node.head.i < sent.end:
        child, node = node, node.head
        steps += 1
        if child.dep_ == "pobj" and node.lower_ == "of":
            owner = node.head
            if node.dep_ == "prep" and owner.pos_ == "NOUN" and owner.lower_ in EVENTS and owner.i < node.i:
                return owner
            return None
        climbs = (
            child.dep_ in ("conj", "acl", "agent", "appos")
            or (child.dep_ == "pobj" and (node.dep_ == "agent" or node.lower_ in INCLUDING))
            or (child.dep_ == "prep" and child.lower_ in INCLUDING)
        )
        if not climbs:
            return None
    return None


def _find_event(claim: _Claim, modifiers: list[Token], sent: Span) -> dict[str, Any] | None:
    """The event that the clause states about the counted things."""
    for mod in modifiers:  # "5,000 injured soldiers", "59 dead"
        return _event_dict((EVENTS[mod.lower_], mod, mod), False)
    head = claim.head
    if (
        head is not None
        and head.pos_ == "NOUN"  # "17 deaths"; not "of the displaced", which counts people
        and head.lower_ in EVENTS
        and head.lower_ not in ("release", "releases", "hold", "free")
    ):
        return _event_dict((EVENTS[head.lower_], head, head), False)  # "17 deaths", "1,100 fatalities"
    node = head if head is not None else claim.anchor
    governing = _governing_event_noun(node, sent)
    if governing is not None:  # "an exchange of 240 abductees held by Israel": the exchange, not the holding
        return _event_dict((EVENTS[governing.lower_], governing, governing), False)
    if head is not None and head.dep_ in ("dobj", "nsubjpass") and (found := _event_of(head.head)):
        return _event_dict(found, _negated(head.head))  # "freed 39 prisoners held in its jails": freed
    for owner in (
        head,
        claim.anchor,
    ):  # "hostages taken by Hamas", "the 128 still held", "troops who have lost"
        if owner is None:
            continue
        for child in owner.children:
            if child.dep_ in ("acl", "relcl", "amod") and child.i > owner.i:
                found = _event_of(child)
                if found is None and child.lower_ == "taken" and owner.lower_ in CAPTIVE_WORDS:
                    found = ("taken captive", child, child)
                if found:
                    return _event_dict(found, _negated(child))
    steps = 0
    via_prep = False
    while node.head is not node and steps < 6:
        child, node = node, node.head
        steps += 1
        if child.dep_ == "pobj" and node.lower_ in INCLUDING:
            claim.extra["sub_of"] = node.head.i  # "12 of its members, including two commanders, were killed"
            return None
        if not sent.start <= node.i < sent.end:
            # the parse ran across a line break (a headline): take the first event verb after the figure
            for tok in sent:
                if tok.i > claim.anchor.i and tok.pos_ == "VERB" and (found := _event_of(tok)):
                    return _event_dict(found, _negated(tok))
            return None
        via_prep = (via_prep or child.dep_ == "pobj") and not claim.start <= node.idx < claim.end
        own_object = child.dep_ == "pobj" and claim.start <= child.idx < claim.end  # not a conjunct's
        level_or_agent = node.dep_ == "agent" or node.lower_ in NOT_PATIENT_PREPOSITIONS
        if own_object and level_or_agent and not claim.start <= node.idx < claim.end:
            return None  # "held steady at 3.1 percent", "killed by two gunmen": a level, the agent
        if child.dep_ == "pobj" and node.lower_ == "of" and node.head.lower_ == "out":
            return None  # "killed 11,300 people out of 29,000 cases": the total is not the killed
        # "the majority of Gaza's 2.4-million population has fled": the verb is the majority's, and
        # "11,300 people out of nearly 29,000 cases" were killed, not the cases; but "tens of thousands
        # of people" walks on through its own number, and "the deaths of 50 million people" is an event
        if via_prep and node.pos_ in ("NOUN", "PROPN") and not claim.start <= node.idx < claim.end:
            if node.pos_ == "NOUN" and node.lower_ in EVENTS and child.dep_ == "prep":
                return _event_dict((EVENTS[node.lower_], node, node), False)
            return None
        if node.pos_ in ("VERB", "AUX") or node.dep_ == "ROOT":
            found = _event_of(node)
            if found is None and node.lower_ in ("taken",):
                found = ("taken captive", node, node)
            if found is None:
                # "15 remain missing", "left 59 people dead": the state word after the figure
                after = [
                    child
                    for child in node.children
                    if child.dep_ in ("acomp", "oprd", "xcomp", "ccomp", "amod")
                    and child.lower_ in EVENTS
                    and child.i > claim.anchor.i
                ]
                if after:
                    child = min(after, key=lambda t: t.i)
                    return _event_dict((EVENTS[child.lower_], child, child), _negated(node))
                # "were taken captive": the participle's complement
                for child in node.children:
                    if child.dep_ in ("acomp", "oprd", "xcomp") and child.lower_ in ("captive", "hostage"):
                        return _event_dict(("taken captive", node, child), _negated(node))
                return None
            label, first, last = found
            # "killed and injured tens of thousands": a shared object takes both verbs (a subject
            # does not: "60 had died and around 600 had been infected")
            if (
                node.dep_ == "conj"
                and child.dep_ not in ("nsubj", "nsubjpass")
                and _event_of(node.head)
                and not any(c.dep_ in ("dobj", "nsubjpass") for c in node.head.children)
            ):
                first_label = _event_of(node.head)[0]
                return _event_dict((f"{first_label} and {label}", node.head, last), _negated(node.head))
            return _event_dict(found, _negated(node))
    return None


def _noun_before(doc: Doc, i: int, sent_start: int) -> Span | None:
    """The noun phrase just before token ``i`` (skipping a comma): the antecedent of "of whom"."""
    j = i - 1
    while j >= sent_start and doc[j].is_punct:
        j -= 1
    if j < sent_start or doc[j].pos_ not in ("NOUN", "PROPN"):
        return None
    k = j
    while (
        k - 1 >= sent_start
        and doc[k - 1].pos_ in ("ADJ", "NOUN", "PROPN")
        and doc[k - 1].dep_ in ("amod", "compound")
    ):
        k -= 1
    return doc[k : j + 1]


def _resolve_antecedent(claims: list[_Claim], sent_index: int) -> _Claim | None:
    for prev in reversed(claims):
        if prev.sent_index < sent_index - 1:
            return None
        if prev.figure.unit in ("count",) and not prev.extra.get("pronoun") and "sub_of" not in prev.extra:
            return prev
    return None


def _antecedent_count_of(ref: Token, prev: _Claim | None, text: str) -> dict[str, Any]:
    out: dict[str, Any] = {"text": ref.text, "head": None, "start": ref.idx, "end": ref.idx + len(ref.text)}
    if prev is not None:
        head = prev.count_of["head"] if prev.count_of else None
        if head is None and prev.event:
            head = {"taken captive": "captive"}.get(prev.event["label"], prev.event["label"])
        out["head"] = head
        out["refers_to"] = {"start": prev.start, "end": prev.end, "text": text[prev.start : prev.end]}
    return out


#: Parts of speech of function words: quoted words holding one on its own are a phrase, not a modifier.
FUNCTION_POS = frozenset({"DET", "ADP", "PRON", "AUX", "CCONJ", "SCONJ", "PART"})
#: Closing quotation marks that may stand between a quoted figure and its counted noun.
CLOSING_QUOTES = frozenset({'"', "”", "’", "'"})
OPENING_QUOTES = ('"', "“", "‘", "'")
#: Marks around quoted words inside a noun phrase: also the doubled apostrophes of some wire copy
#: ("Hundreds of the party's ''superdelegates''"), which a quoted figure alone never reaches past
#: ("the Forbes ''400'' list" is a name).
SCARE_OPENING = frozenset(OPENING_QUOTES) | {"''", "``"}
SCARE_CLOSING = CLOSING_QUOTES | {"''"}


def _quoted_alone(text: str, fig: Figure) -> bool:
    """Whether the figure alone is in quotation marks ('"thousands" of Muslim Americans'): a writer's
    quote of the figure as someone said it, with the counted noun outside the marks."""
    return (
        text[max(0, fig.start - 1) : fig.start] in OPENING_QUOTES
        and text[fig.end : fig.end + 1] in CLOSING_QUOTES
    )


def _adverbial_noun(head: Token, anchor: Token) -> bool:
    """Whether the noun after a figure is an adverbial of the verb, not the figure's noun: the parse
    hangs it on another word as ``npadvmod`` ("donors handed over $25 million *last month*": "month"
    says when) and the figure's number is neither under it nor its head. "25 months" keeps its noun
    (the number is its ``nummod``)."""
    return head.dep_ == "npadvmod" and anchor not in head.subtree and head.head is not anchor


def _drop_verb_particle(doc: Doc, fig: Figure) -> None:
    """A one-word qualifier that the parse reads as a verb's particle is no qualifier.

    "Hamas handed over 13 hostages": "over" belongs to "handed over" (tagged RP, or attached to the verb
    as ``prt``), so the figure is exactly 13, not "more than 13"; "Over 13 hostages were freed" keeps its
    bound ("over" is a preposition of the number there). Decided from the parse, with no list of verbs.
    A qualifier of several words ("well over", "up to") is left as written.
    """
    if fig.qualifier is None or " " in fig.qualifier:
        return
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None or len(span) < 2:
        return
    first = span[0]
    if first.lower_ != fig.qualifier or not (first.tag_ == "RP" or first.dep_ == "prt"):
        return
    if first.i == 0 or doc[first.i - 1].pos_ not in ("VERB", "AUX") and first.head.pos_ != "VERB":
        return  # a particle needs its verb: just before it, or as its head
    fig.start = span[1].idx
    fig.qualifier = None
    fig.approx = False


def _build(
    doc: Doc, text: str, fig: Figure, sent: Span, sent_index: int, claims: list[_Claim]
) -> _Claim | None:
    _drop_verb_particle(doc, fig)
    hyphen_score = _hyphen_score(text, fig)
    if hyphen_score is not None:
        if not _poll_score(doc, sent, hyphen_score):
            return None  # "a 5-4 decision", "won 3-1", "a 48-45 lead": no share of a poll
    elif _is_non_claim_context(text, fig):
        return None
    fig_span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if fig_span is None or len(fig_span) == 0:
        return None
    anchor = next((t for t in reversed(fig_span) if t.like_num or t.pos_ == "NUM"), fig_span[-1])
    if _inside_name(text, fig, anchor) or _selects_by_rank(text, fig, anchor):
        return None
    limit = sent.end
    # a side of a hyphenated score counts nothing after its hyphen: "46%-35%" is one token ("46%-35") and
    # "%", so what follows the first side is read after the whole score
    i = _tokens_after(doc, fig.end if hyphen_score is None else hyphen_score.end())
    # "half the vote", "nearly half the world's population": "of" left out before a determiner
    implicit_of = fig.alone and _fraction_before_determiner(doc, fig_span, i, limit)
    if fig.alone and not implicit_of and not _share_standing_alone(fig_span[-1]):
        return None  # "seven and a half years", "a third Obama term", "cut in half", "the first half"
    if _quoted_alone(text, fig) and i + 1 < limit and doc[i].lower_ in CLOSING_QUOTES:
        i += 1  # 'the assertion that "thousands" of Muslim Americans': the quote marks frame the figure only
    end = fig.end
    count_of: dict[str, Any] | None = None
    head: Token | None = None
    modifiers: list[Token] = []
    extra: dict[str, Any] = {}
    doing = False  # a hedged amount followed by a participle of its own: a count of those doing it
    # currency words and exchange rates: "840,000 euros", "700,000 to the US dollar"
    if i < limit and fig.unit == "count" and (currency := currency_of_word(doc[i].text)):
        fig.unit = currency
        end = doc[i].idx + len(doc[i].text)
        i += 1
    if (
        fig.unit == "percent"
        and CATEGORY_BEFORE.search(text[max(0, fig.start - 20) : fig.start])
        and not (i < limit and doc[i].pos_ == "NOUN")
    ):
        return None  # "the top 1 percent" names a group (but "the top 33 percent rate" is a rate)
    rate = RATE_AFTER.match(text[fig.end : fig.end + 40])
    if rate and fig.unit in ("count", "IRR"):
        fig.unit = "rate"
        end = fig.end + rate.end()
        i = limit  # an exchange rate counts nothing
    if i + 1 < limit and doc[i].lower_ == "out" and doc[i + 1].lower_ == "of":
        i += 1  # "two out of five samples" reads like "two of five samples"
    k = i
    if (implicit_of or (i < limit and doc[i].lower_ == "of")) and fig.unit != "rate":
        j = i if implicit_of else i + 1
        if (
            not implicit_of
            and j < limit
            and doc[j].lower_ in PRONOUN_REFS
            and not (j + 1 < limit and doc[j + 1].pos_ in ("NOUN", "PROPN", "ADJ"))
        ):  # "Over 100 of them"
            prev = _resolve_antecedent(claims, sent_index)
            count_of = _antecedent_count_of(doc[j], prev, text)
            if doc[j].lower_ in ("whom", "which"):  # "Palestinian prisoners, 100 of whom": the noun before
                noun = _noun_before(doc, fig_span.start, sent.start)
                if noun is not None:
                    count_of = {
                        "text": noun.text,
                        "head": singular(noun[-1].text),
                        "start": noun.start_char,
                        "end": noun.end_char,
                        "refers_from": doc[j].text,
                    }
            extra["pronoun"] = True
            end = doc[j].idx + len(doc[j].text)
            head = doc[j]
        else:
            while j < limit and (
                doc[j].lower_ in DETERMINERS or doc[j].dep_ in ("poss", "case") or _in_possessor(doc[j])
            ):  # "two dozen of Sen. Rand Paul's Kentucky supporters": the possessor is no counted noun
                j += 1
            if (
                j + 1 < limit
                and doc[j].lower_ in SEQUENCE_WORDS
                and doc[j - 1].lower_ == "the"
                and (doc[j + 1].like_num or doc[j + 1].pos_ == "NUM")
            ):
                j += 1  # "won eight of the past nine contests": the number after "the past" and its noun
            if j < limit and (doc[j].like_num or doc[j].pos_ == "NUM"):
                n = j + 1
                while n < limit and (doc[n].like_num or doc[n].pos_ == "NUM"):
                    n += 1  # "Millions of the country's 30 million eligible voters": the whole number
                k, head, modifiers = _noun_phrase(doc, n, limit)  # "17 of the nation's 22 regions"
                if head is not None:
                    count_of = {
                        "text": head.text,
                        "head": singular(head.text),
                        "start": head.idx,
                        "end": head.idx + len(head.text),
                    }
                modifiers = []
            else:
                k, head, modifiers = _noun_phrase(doc, j, limit)
                if head is None and modifiers and j > i + 1:  # "of the displaced": a noun here, not an event
                    head, modifiers = modifiers[-1], []
                if fig.unit == "points" and head is not None and (head.pos_ == "PROPN" or head.ent_type_):
                    head, modifiers = None, []  # "within two points of Clinton": whom the margin is to
                if head is not None:
                    count_of, end = _phrase_count_of(doc, text, j, k, head)
    elif fig.unit != "rate":
        if (
            i < limit
            and doc[i].lower_ in MORE_WORDS
            and doc[i].lower_ != "another"
            and not _describes_noun_after(doc[i], limit)
        ):  # "four more were wounded" (but "500 additional federal police" counts police)
            prev = _resolve_antecedent(claims, sent_index)
            count_of = _antecedent_count_of(doc[i], prev, text)
            extra["pronoun"] = True
            end = doc[i].idx + len(doc[i].text)
            head = None
        elif fig.unit == "percent" and i < limit and doc[i].text[:1].isupper():
            pass  # "3.24% Civilian labor force": the next cell of a table, not what the share is of
        else:
            k, head, modifiers = _noun_phrase(doc, i, limit)
            if head is not None and _adverbial_noun(head, anchor):
                head, modifiers = None, []  # "handed over $25 million last month": when, not what
            counts_many = fig.unit == "count" and fig.low > 1
            if counts_many and head is not None and _participle_alone(doc, i, k, head, limit):
                # "several thousand trekking through Guatemala": what they do, not what they are; a hedged
                # amount stays a figure ("Group of 20 meeting", "Dec. 28 meeting" stay none)
                head, doing = None, fig.vague or fig.approx or fig.qualifier is not None
            if head is not None:
                count_of, end = _phrase_count_of(doc, text, i, k, head)
            elif modifiers:
                end = modifiers[-1].idx + len(modifiers[-1].text)
    if implicit_of and (
        count_of is None
        or count_of["head"] in COMPARISON_HEADS
        or (k < limit and doc[k].lower_ in ("as", "than"))
    ):
        return None  # "about half the size of Pfizer", "half the carbon dioxide as coal": a multiplier
    if fig.unit == "count" and count_of and (currency := currency_of_word(count_of["head"] or "")):
        fig.unit = currency  # "millions of dollars"
    share = fig.unit == "percent" and count_of is not None and count_of["head"] == "share"
    # "97% of the time", "more than half of Clinton's meetings", "a $500,000 check": a part of abstract
    # units, or a sum paid in them, is a figure all the same (but "the first half of the year")
    part_or_price = fig.unit in ("percent", "fraction") or fig.unit in vocabulary().codes.values()
    if part_or_price and count_of is not None and count_of["head"] in SHARE_HEADS:
        share = True
    if not share and (  # "the 64 percent evangelical share" (but "12 shares" of a post)
        head is not None
        and head.lower_ in NON_CLAIM_HEADS
        or (count_of and count_of["head"] in NON_CLAIM_HEADS)
    ):
        return None
    if (
        head is not None
        and any(t.ent_type_ in ("DATE", "TIME") for t in fig_span)
        and head.pos_ != "NOUN"
        and fig.unit != "fraction"  # "a quarter of the rules committee" is tagged a date; a share is none
    ):
        return None
    if (
        head is not None
        and head.pos_ == "PROPN"
        and not head.lower_.endswith("s")
        and singular(head.lower_) not in COUNTED_WORDS  # a headline's "Kills Two People"
        and head.ent_type_ != "NORP"  # "six Orthodox", "three Sunni": a group of people, no name
        and fig.qualifier is None
        and fig.unit not in ("percent", "points", "fraction")
        and (fig.unit == "count" or fig.scale is None)  # "$2.50 Buy New"; but "$94.4 billion Rossello"
    ):
        return None  # part of a name: "9 News Australia", "Channel 4 News"
    if fig.words_only and fig.low == 1:
        return None  # "one" is a pronoun or an article far more often than a figure
    if (
        fig.words_only
        and re.search(r"\b(?:the|these|those|both)\s+$", text[max(0, fig.start - 8) : fig.start], re.I)
        and not _defined_by_clause(head)
    ):
        return None  # "the three West African countries": a reference to things already named
    if (
        fig.words_only
        and text[fig.start : fig.end].lower() in ("one", "a")
        and i < limit
        and doc[i].lower_ == "of"
    ):
        return None  # "one of the ..."
    if count_of is None and fig.unit in vocabulary().codes.values():
        count_of = _money_for(doc, text, i, limit)  # "about $45 million in fees": what it is for
    claim = _Claim(fig.start, end, fig, count_of, head, anchor, sent_index, extra=extra)
    # a pronoun-like "the 128 (still held)": "of the 128" after a claim refers to its counted thing
    before = text[max(sent.start_char, fig.start - 16) : fig.start].lower()
    if count_of is None and re.search(
        r"(?:\bof\s+the|\b(?:up|down)\s+from|\bcompared\s+(?:with|to))\s+$", before
    ):
        prev = _resolve_antecedent(claims, sent_index)
        if prev is not None and prev.count_of:
            claim.count_of = {
                **prev.count_of,
                "refers_to": {"start": prev.start, "end": prev.end, "text": text[prev.start : prev.end]},
            }
            claim.extra["pronoun"] = True
    claim.event = _find_event(claim, modifiers, sent)
    if claim.count_of is None and fig.unit == "count" and (collective := _collective_of(anchor)) is not None:
        claim.count_of = {  # "a crowd of 1,300": the crowd's size
            "text": collective.text,
            "head": singular(collective.lower_),
            "start": collective.idx,
            "end": collective.idx + len(collective.text),
        }
    if claim.count_of is None and fig.unit == "count" and (contested := _contested_with(anchor)) is not None:
        claim.count_of = {  # "leads the race for delegates with 61": 61 delegates
            "text": contested.text,
            "head": singular(contested.lower_),
            "start": contested.idx,
            "end": contested.idx + len(contested.text),
        }
    if claim.count_of is None and fig.unit == "count" and (parent := _parent_of(anchor)) is not None:
        claim.count_of = {  # "a father of seven": his children
            "text": parent.text,
            "head": PARENTS[singular(parent.lower_)],
            "start": parent.idx,
            "end": parent.idx + len(parent.text),
        }
    # a bare number: a claim only when hedged or bounded ("toll stands at over 500"), pointing back,
    # one side of a score, a tally's value or entry, or a subject sharing an earlier figure's noun
    bare = claim.count_of is None and claim.event is None and fig.unit == "count"
    if (
        bare
        and not doing
        and not _bare_states_a_count(claim, claims, sent_index, doc, text, fig_span, sent)
        and not _vague_alone(text, fig, anchor)
    ):
        return None
    if claim.count_of is None:  # "a net loss of $916 million", "Clinton: 547" under "SUPERDELEGATES."
        listed = _listed(doc, text, fig, fig_span, sent)
        claim_span = doc.char_span(claim.start, claim.end, alignment_mode="expand") or fig_span
        claim.count_of = counted_elsewhere(doc, text, fig, claim_span, sent, claims, listed, sent_index)
    return claim


def _record(c: _Claim) -> Claim:
    """The typed record of a claim (the working dicts above become typed values here)."""
    fig = c.figure
    value = ClaimValue(
        fig.low,
        fig.high,
        fig.approx,
        fig.qualifier,
        fig.unit,
        scale=fig.scale,
        vague=fig.vague,
        vague_range=fig.vague_range,
        as_written=fig.as_written,
    )
    count_of = None
    if c.count_of is not None:
        refers_to = c.count_of.get("refers_to")
        count_of = CountOf(
            c.count_of["text"],
            c.count_of["head"],
            c.count_of["start"],
            c.count_of["end"],
            Antecedent(**refers_to) if refers_to else None,
            c.count_of.get("refers_from"),
        )
    attribution = None
    if c.attribution is not None:
        a = c.attribution
        attribution = ClaimAttribution(a.source, a.start, a.end, a.cue, a.inherited)
    confidence = 0.7 if fig.words_only or c.count_of is None else 0.9
    return Claim(
        start=c.start,
        end=c.end,
        component=NAME,
        confidence=confidence,
        value=value,
        count_of=count_of,
        event=ClaimEvent(**c.event) if c.event else None,
        as_of=AsOf(**c.as_of) if c.as_of else None,
        attribution=attribution,
    )


def _segments(doc: Doc, text: str) -> list[Span]:
    """spaCy's sentences, cut again at line breaks: a headline or a paragraph end closes a sentence."""
    out = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        if "\n" not in text[start:end].strip():
            out.append(sent)
            continue
        pos = start
        for piece in text[start:end].split("\n"):
            a, b = pos, pos + len(piece)
            pos = b + 1
            if piece.strip():
                span = doc.char_span(a, b, alignment_mode="expand")
                if span is not None and len(span):
                    out.append(span)
    return out


def _share_between_score_sides(sent_claims: list[_Claim], text: str) -> None:
    """The two sides of a score count one thing: "212,205 to 210,424 votes" are both votes."""
    for a, b in zip(sent_claims, sent_claims[1:], strict=False):
        if not (a.figure.paired and b.figure.paired):
            continue
        near = b.figure.start - a.figure.end <= 4
        if not near and HOLDER_BETWEEN.fullmatch(text, a.figure.end, b.figure.start) is None:
            continue  # "1,163 delegates to Sanders’ 844": both delegates
        for key in ("count_of", "event"):
            mine, theirs = getattr(a, key), getattr(b, key)
            if mine is None and theirs is not None:
                setattr(a, key, dict(theirs))
            elif theirs is None and mine is not None:
                setattr(b, key, dict(mine))
        if not near and b.head is None and b.count_of is not None:
            b.head = a.head  # so that a later "Cruz also has 17." repeats the delegates (`_holder`)


def extract(doc: Doc, published: str | None = None, text: str | None = None) -> list[_Claim]:
    """All claims in a parsed text, in order (the component minus the article bookkeeping).

    ``text`` is ``doc.text`` when the caller has it at hand (spaCy rebuilds ``Doc.text`` from the
    tokens on every access, which costs more than the rest of this function).
    """
    base = parse_published(published)
    text = doc.text if text is None else text
    claims: list[_Claim] = []
    prev_attr: Attribution | None = None
    prev_sent_had_claims = -2
    for s_index, sent in enumerate(_segments(doc, text)):
        sent_text = text[sent.start_char : sent.end_char]  # Span.text also rebuilds from the tokens
        figures = find_figures(sent_text, sent.start_char)
        if not figures:
            continue
        figures = _upward_scores(figures, sent, sent_text, sent.start_char)
        sent_claims = []
        for fig in figures:
            # inside a previous claim's span (e.g. a range read twice): claims come in order and do not
            # nest, so only the last one can hold it (checking all made long lists quadratic)
            if sent_claims and sent_claims[-1].start <= fig.start < sent_claims[-1].end:
                continue
            claim = _build(doc, text, fig, sent, s_index, claims)
            if claim is not None:
                claims.append(claim)
                sent_claims.append(claim)
        if not sent_claims:
            continue
        for c in sent_claims:  # a figure "including" others lends them its event
            if c.event is None and "sub_of" in c.extra:
                owner = next(
                    (o for o in sent_claims if o is not c and o.start <= doc[c.extra["sub_of"]].idx < o.end),
                    None,
                )
                if owner is not None and owner.event is not None:
                    c.event = dict(owner.event)
        _share_between_score_sides(sent_claims, text)
        dates = find_dates(sent_text, sent.start_char, base)
        inherit = prev_attr if prev_sent_had_claims == s_index - 1 and points_back(sent_text) else None
        last_attr = None
        for c in sent_claims:
            span = doc.char_span(c.start, c.end, alignment_mode="expand") or sent
            mention = choose(
                [d for d in dates if d.end <= c.start or d.start >= c.end],
                c.start,
                c.end,
                sent_text,
                sent.start_char,
            )
            if mention is not None:
                c.as_of = {
                    "date": mention.date,
                    "text": mention.text,
                    "start": mention.start,
                    "end": mention.end,
                    "kind": mention.kind,
                }
            c.attribution = attribute(span, sent, sent_text)
            if c.attribution is None and inherit is not None:
                c.attribution = Attribution(
                    inherit.source, inherit.start, inherit.end, inherit.cue, inherited=True
                )
            last_attr = c.attribution or last_attr
        prev_attr = last_attr
        prev_sent_had_claims = s_index
    return claims


@component(NAME, reads=("doc", "metadata"), writes=("claims",))
def claims(article: Article, doc: Doc) -> None:
    """Stated counts and amounts with what they count, the event, the date they hold for and their source."""
    for c in extract(doc, article.published.value, article.text):
        article.add("claims", _record(c))
