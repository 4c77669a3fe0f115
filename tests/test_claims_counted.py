"""What a figure counts when nothing counted stands beside it (components/claims_counted.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.components.claims import extract


def counted(nlp, text: str, figure: str) -> tuple[str | None, str | None]:
    """(count_of text, head) of the claim whose span is ``figure``; the span must read so exactly."""
    claims = extract(nlp(text))
    [c] = [c for c in claims if text[c.start : c.end] == figure]
    if c.count_of is None:
        return None, None
    assert text[c.count_of["start"] : c.count_of["end"]] == c.count_of["text"], "exact characters"
    return c.count_of["text"], c.count_of["head"]


@pytest.mark.parametrize(
    ("text", "figure", "what", "head"),
    [
        # the noun the figure is "of"
        ("The Times wrote that Trump had claimed a net loss of $916 million in 1995.", "$916 million",
         "net loss", "loss"),
        ("The virus has a case fatality rate of 50%, officials said.", "50%", "case fatality rate", "rate"),
        # the verb that takes it, through a noun that only frames it
        ("Clinton leads Sanders in California by about 6 points, according to an average of polls.",
         "about 6 points", "leads", "lead"),
        ("Despite leading the last 10 polls by an average of seven percentage points, Trump lost.",
         "an average of seven percentage points", "leading", "lead"),
        ("The final average put Clinton 3 points over Sanders.", "3 points", "over", "lead"),
        ("The businessman and his companies lost nearly $916 million in a single year.",
         "nearly $916 million", "lost", "loss"),
        # the subject it is the value of; a share's population
        ("In Puerto Rico, the poverty rate is around 46 percent.", "around 46 percent", "poverty rate",
         "rate"),
        ("But the rates have varied from 25 percent to 90 percent in recent outbreaks.",
         "from 25 percent to 90 percent", "rates", "rate"),
        ("The evangelical share of GOP caucus-goers in the first days was 39 percent.", "39 percent",
         "evangelical share of GOP caucus-goers", "goer"),
        # a restatement of the figure before it
        ("The odds of winning all six come out to 1 in 64, or 1.56 percent.", "1.56 percent", "odds", "odd"),
        # a score followed by what it counts
        ("Clinton leads Bernie Sanders 1,428 to 1,153 in pledged delegates.", "1,428", "pledged delegates",
         "delegate"),
        ("Clinton leads Bernie Sanders 1,428 to 1,153 in pledged delegates.", "1,153", "pledged delegates",
         "delegate"),
        # "additional" and "other" before a noun describe it: the noun is counted
        ("Mexico has deployed 500 additional federal police to its border.", "500 additional federal police",
         "additional federal police", "police"),
    ],
)
def test_a_figure_takes_what_its_sentence_says_it_counts(nlp, text, figure, what, head) -> None:
    assert counted(nlp, text, figure) == (what, head)


def test_list_entries_count_their_label_or_their_heading(nlp) -> None:
    text = (
        "PLEDGED DELEGATES.\n\nThese are the delegates won in primaries and caucuses.\n\n"
        "Hillary Clinton: 1,769.\n\nBernie Sanders: 1,501.\n\n___.\n\nOUTSTANDING.\n\n"
        "These are the superdelegates who have yet to commit.\n\nSuperdelegates: 121.\n"
    )
    assert counted(nlp, text, "1,769") == ("PLEDGED DELEGATES", "delegate")
    assert counted(nlp, text, "1,501") == ("PLEDGED DELEGATES", "delegate")
    assert counted(nlp, text, "121") == ("Superdelegates", "superdelegate")


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Clinton had 49.9 percent of the vote.", "49.9 percent of the vote"),  # its own "of", unchanged
        ("The turnout has reached 26.", "26"),  # a tally noun that names its quantity itself: left alone
        ("It jumped to 55 percent in the second week.", "55 percent"),  # a pronoun names nothing
        ("Trump had 28 percent in the final poll.", "28 percent"),  # a name is whose, not what
        # an exchange rate counts nothing, however it is framed
        ("The rial fell to new lows of more than 700,000 to the dollar.", "more than 700,000 to the dollar"),
    ],
)
def test_no_counted_thing_is_made_up(nlp, text, figure) -> None:
    what, _ = counted(nlp, text, figure)
    assert what in (None, "vote")


def test_a_headline_capitalises_the_counted_noun(nlp) -> None:
    text = "Ebola Outbreak Kills Two People in Uganda"
    assert counted(nlp, text, "Two People") == ("People", "person")
    assert [text[c.start : c.end] for c in extract(nlp("Watch Channel 4 News tonight."))] == []


# Session 6: four misreads of the grouping dev gold, each in a fictional sentence of the same shape.


def test_a_participle_after_a_count_is_not_what_it_counts(nlp, found) -> None:
    text = "More farmers tried to join a convoy of several thousand trekking through Velmora on Monday."
    claims = found(text)
    assert "several thousand" in claims  # still a figure: a count of those trekking
    assert claims["several thousand"].count_of is None
    # a participle before a noun still describes it, and an -ing noun that is a thing is counted
    assert counted(nlp, "Several thousand trekking pilgrims reached the shrine.",
                   "Several thousand trekking pilgrims") == ("trekking pilgrims", "pilgrim")
    assert counted(nlp, "The keepers raised 200 offspring in the new enclosure.", "200 offspring") == (
        "offspring", "offspring")
    # an exact number before an -ing noun is part of a name, not a count of those doing something
    assert "20" not in found("Ministers met during a Group of 20 meeting in Lisbon on Monday.")
    assert counted(nlp, "Police linked 1 shooting in Brenford to the gang.", "1 shooting") == (
        "shooting", "shooting")


def test_a_margin_to_a_named_rival_is_a_lead_not_the_rival(nlp, found) -> None:
    text = "Several polls show Marlow within two points of Dennison in the state."
    claims = found(text)
    assert "within two points" in claims
    assert counted(nlp, text, "within two points") == ("of", "lead")
    # an "of" phrase that names a thing is still what the points count
    text = "The index lost 2 points of value in a week."
    assert counted(nlp, text, "2 points of value") == ("value", "value")


def test_a_share_of_a_place_keeps_the_place_whole(nlp) -> None:
    text = "Still, about one-third of San Talvera is without running water."
    what, head = counted(nlp, text, "about one-third of San Talvera")
    assert (what, head) == ("San Talvera", "san talvera")
    assert counted(nlp, "About 40 percent of farmers were hit.", "About 40 percent of farmers") == (
        "farmers", "farmer")


def test_a_total_heading_names_nothing_counted(nlp) -> None:
    text = (
        "Senator Anna Marlow leads Governor Tom Dennison.\n\n"
        "PLEDGED DELEGATES.\n\nMarlow: 1,210.\n\nDennison: 1,104.\n\n___.\n\n"
        "THE TOTAL.\n\nMarlow: 2,316.\n\nDennison: 1,547.\n"
    )
    assert counted(nlp, text, "1,210") == ("PLEDGED DELEGATES", "delegate")
    assert counted(nlp, text, "2,316") == (None, None)


# Session 7 (issue 11, from docs/user-check.md): what a figure counts when it is the level or value of a
# tally noun ("put the number at nearly 2,000"), and a share "below" or "above" a noun. Fictional text.


def refers(nlp, text: str, figure: str) -> str | None:
    """The text of the figure the claim's `count_of` points back to, if any."""
    [c] = [c for c in extract(nlp(text)) if text[c.start : c.end] == figure]
    return (c.count_of or {}).get("refers_to", {}).get("text")


def test_a_number_put_at_a_level_counts_what_the_figure_before_it_counts(nlp) -> None:
    text = (
        "Keller said that between 1,500 and 1,800 nurses had walked out, while hospital managers put the "
        "number at nearly 900."
    )
    assert counted(nlp, text, "nearly 900") == ("number", "nurse")
    assert refers(nlp, text, "nearly 900") == "between 1,500 and 1,800 nurses"
    # the sentence before counts too; "the tally rose to" is the same construction
    text = "More than 300 houses were damaged in Lorvik. By Friday the tally had risen to nearly 400."
    assert counted(nlp, text, "nearly 400") == ("tally", "house")
    assert refers(nlp, text, "nearly 400") == "More than 300 houses"
    # a share's population named again with "among" is that population's, not the share before it
    text = "81 percent of farmers backed the plan. Among teachers, the figure was 64 percent."
    assert counted(nlp, text, "64 percent") == ("teachers", "teacher")


@pytest.mark.parametrize(
    ("text", "figure", "what", "head"),
    [
        # a tally with a counted noun of its own counts it
        ("Officials put the death toll at 310.", "310", "death", "death"),
        ("The death toll has reached 26.", "26", "death", "death"),
        ("The number of dead stood at more than 400, the agency said.", "more than 400", "dead", "dead"),
        ("Ostrian death toll numbers stand at over 500, the army said.", "over 500", "Ostrian death",
         "death"),
        # a noun put at a level that is no tally is what the figure measures
        ("Police estimated the crowd at about 10,000.", "about 10,000", "crowd", "crowd"),
        ("The ministry put the cost at $45 million.", "$45 million", "cost", "cost"),  # not "ministry"
        # a share below or above a noun is a share of it
        ("She said the port was running at more than 5% below its capacity.", "more than 5%", "capacity",
         "capacity"),
    ],
)
def test_a_figure_put_at_a_level_counts_the_noun_it_is_the_level_of(nlp, text, figure, what, head) -> None:
    assert counted(nlp, text, figure) == (what, head)


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Port officials put the number at nearly 2,000.", "nearly 2,000"),  # nothing before it: unresolved
        ("Officials put it at nearly 2,000.", "nearly 2,000"),  # a pronoun: unresolved
        # the figure before it is a share: "the number" is no share of traders
        ("About 40% of traders closed, and officials put the number at nearly 2,000.", "nearly 2,000"),
        ("Prices rose 5% over the year.", "5%"),  # "over the year" says when, not what
    ],
)
def test_a_tally_noun_with_nothing_to_point_back_to_stays_unresolved(nlp, text, figure) -> None:
    assert counted(nlp, text, figure) == (None, None)


def test_the_bundled_example_lays_the_officials_number_beside_the_unions(nlp) -> None:
    """The quickstart's demo: "put the number at nearly 2,000" answers the union's 3,000-3,500 workers."""
    text = (Path(__file__).resolve().parents[1] / "examples" / "fictional-port-strike.txt").read_text("utf-8")
    assert counted(nlp, text, "nearly 2,000") == ("number", "worker")
    assert refers(nlp, text, "nearly 2,000") == "between 3,000 and 3,500 workers"


@pytest.mark.parametrize(
    ("text", "figure", "what", "head"),
    [
        # user check, session 8 (docs/user-check.md): the value the subject reached, its change
        ("A report by the Norvale Chamber of Commerce estimated that the losses reached 3 million euros.",
         "3 million euros", "losses", "loss"),
        ("Port fees rose by half of 1 percent last year, according to the port authority.",
         "half of 1 percent", "Port fees", "fee"),
        # ours, the same constructions in other words
        ("The repair bill hit $2.4 million by the end of the summer.", "$2.4 million", "repair bill", "bill"),
        ("Rents climbed by 12 percent last year in the capital.", "12 percent", "Rents", "rent"),
    ],
)
def test_a_figure_a_subject_reached_or_changed_by_counts_the_subject(nlp, text, figure, what, head) -> None:
    assert counted(nlp, text, figure) == (what, head)

