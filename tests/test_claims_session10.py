"""Claims that the ninth gold batch's dev misses (dev9, tests/gold/SPLIT.md) showed dropped, and readings that
must not change.

Every sentence is written for these tests (none is copied from an article)."""

from __future__ import annotations

BOX = (
    "Numbers of the week.\n\n"
    "14.\n\n"
    "The number of governors who signed the pledge, according to the association.\n\n"
    "250,000.\n\n"
    "The number of ballots still uncounted in the county on Friday.\n\n"
    "3.5.\n\n"
    "The acreage of the new park in the city centre.\n\n"
    "9.\n\n"
    "Nine candidates are left in the race."
)


def test_a_captioned_line_of_its_own_is_a_figure(found) -> None:
    """A number on a line of its own, explained by the next line's tally noun ("The number of ..."), is a
    figure counting what that noun is of."""
    claims = found(BOX)
    assert claims["14"].figure.low == 14 and claims["14"].count_of["head"] == "governor"
    assert claims["250,000"].figure.low == 250000 and claims["250,000"].count_of["head"] == "ballot"


def test_a_line_of_its_own_without_a_tally_caption_stays_out(found) -> None:
    """A measure's caption ("The acreage of") or a next line that is no caption leaves the number alone."""
    claims = found(BOX)
    assert "3.5" not in claims
    assert "9" not in claims


def test_a_number_in_running_text_before_the_number_of_is_not_captioned(found) -> None:
    """Only a line holding the figure alone is an entry: a sentence that ends in a number is not one."""
    claims = found("The striker wore jersey 23.\nThe number of fans at the ground rose.")
    assert not any(c.figure.low == 23 for c in claims.values())


def test_a_hyphenated_percentage_point_margin_is_a_figure(found) -> None:
    """A "six-percentage-point lead" is a margin in points, as "a six-point lead" already was (grouping dev
    gold misses)."""
    claims = found("She holds a six-percentage-point lead; her rival won by a 4-percentage-point margin.")
    lead, margin = claims["six-percentage-point lead"], claims["4-percentage-point margin"]
    assert (lead.figure.low, lead.figure.unit) == (6, "points") and lead.count_of["head"] == "lead"
    assert (margin.figure.low, margin.figure.unit) == (4, "points")


def test_quotation_marks_around_a_word_of_the_noun_phrase_are_read_through(found) -> None:
    """A writer's marks around a modifier or the noun ("31 “at-large” delegates", "thousands of “deleted”
    files", "six ‘volunteers’") do not end the counted noun phrase (grouping dev gold misses)."""
    claims = found("The county certified 31 “at-large” delegates on Monday.")
    assert claims["31 “at-large” delegates"].count_of["head"] == "delegate"
    claims = found("Investigators recovered thousands of “deleted” files from the server.")
    assert claims["thousands of “deleted” files"].count_of["head"] == "file"


def test_a_quoted_phrase_after_a_number_is_not_its_noun(found) -> None:
    """Quoted words holding a function word of their own are a phrase, not a modifier of the count."""
    claims = found('Officials counted 40 "in the morning" and more later.')
    assert not any((c.count_of or {}).get("head") == "morning" for c in claims.values())


def test_a_parents_of_number_counts_the_children(found) -> None:
    """A "father of seven" states seven children (numbers.json ``counted_elsewhere.parents``; grouping dev
    gold miss); a capitalised title is no parent, and a noun after the number keeps its own count."""
    claims = found("Ramos, a father of seven, lost his job; his sister is a grandmother of five.")
    assert claims["seven"].figure.low == 7 and claims["seven"].count_of["head"] == "child"
    assert claims["five"].count_of["head"] == "grandchild"
    claims = found("The parents of two students sued the district.")
    assert claims["two students"].count_of["head"] == "student"


def test_a_bare_object_of_the_same_verb_survives_a_garden_path_parse(found) -> None:
    """'Ann Berg has 11 delegates and Rubio has 10': the parser reads "delegates" as the subject of the second
    "has"; the word before the first figure still shows both as objects of "has" (sweep, session 10)."""
    claims = found("Ann Berg has 11 delegates and Rubio has 10.")
    assert claims["10"].count_of["head"] == "delegate"


def test_a_bare_number_after_another_verb_gets_no_noun(found) -> None:
    claims = found("The league has 14 teams and Lindqvist coached 9.")
    assert "9" not in claims or (claims["9"].count_of or {}).get("head") != "team"


def test_a_bare_number_after_with_counts_the_contested_noun(found) -> None:
    """'Okafor leads the race for delegates with 61': 61 delegates (sweep, session 10); a contest with no
    counted noun ("won the race with 12") gives the number nothing to count."""
    claims = found("Okafor still leads the race for delegates, with 61.")
    assert claims["61"].count_of["head"] == "delegate"
    assert "12" not in found("The crew won the race with 12.")


def test_doubled_apostrophes_are_quotation_marks(found) -> None:
    """Two apostrophes stand for a double quotation mark in some wire copy ("Hundreds of the party's
    ''superdelegates''")."""
    claims = found("Dozens of the union's ''associate'' members walked out.")
    assert claims["Dozens of the union's ''associate'' members"].count_of["head"] == "member"
    # a number alone between them is a name's ("the Forbes ''400'' list"), not a count of lists
    forbes = found("She made the Forbes ''400'' list.")
    assert not any((c.count_of or {}).get("head") == "list" for c in forbes.values())


def test_a_persons_bare_holding_repeats_the_nearest_count(found) -> None:
    """'Okafor picked up all 40 delegates in the county. She now has 312.': 312 delegates, as a tally read
    out in turn (numbers.json ``counted_elsewhere.holding_verbs``; sweep, session 10); "it" may hold
    anything."""
    claims = found("Okafor picked up all 40 delegates in the county.\n\nShe now has 312.")
    assert claims["312"].count_of["head"] == "delegate"
    claims = found("The firm hired 40 engineers last year. It has 500.")
    assert "500" not in claims or (claims["500"].count_of or {}).get("head") != "engineer"


def test_a_poll_score_written_with_a_hyphen_is_two_figures(found) -> None:
    """A score written with a bare hyphen in a sentence about a poll or a race position ("her edge shrinks to
    48-45", "leads Jones 52-39 percent") gives each side as a figure of its own (dev10's poll stories; the
    figure pattern never starts right after a hyphen, so the second side was lost and the first read as a
    date)."""
    claims = found("Her edge over the governor shrinks to 48-45 when other candidates are named.")
    assert claims["48"].figure.low == 48 and claims["48"].figure.paired
    assert claims["45"].figure.low == 45 and claims["45"].figure.paired
    claims = found("In the state poll, Smith leads Jones 52-39 percent among likely voters.")
    assert claims["52"].figure.low == 52 and claims["39 percent"].figure.low == 39


def test_a_hyphenated_pair_outside_a_poll_or_before_a_noun_stays_out(found) -> None:
    """A court's vote, a match result, a date and a score used as a modifier are no poll shares."""
    for sentence in (
        "The justices ruled 6-3 on Thursday.",
        "United won 3-1 at home on Saturday.",
        "The form was signed on 12-11 by the clerk.",
        "Smith holds a 48-45 lead in the poll.",
    ):
        assert not any(c.figure.paired for c in found(sentence).values()), sentence
