"""actors.v1 on the seed articles: names, titles, descriptions grouped per person."""

from __future__ import annotations

import pytest

from presslens.components.actors import clean_name, find_descriptions, first_names_compatible, roles_of


@pytest.fixture(scope="module")
def seeds(pipeline, seeds_dir):
    from presslens.ingest import load_inputs

    return {p.name[:3]: pipeline(next(iter(load_inputs([str(p)])))) for p in sorted(seeds_dir.glob("*.txt"))}


def _actor(article, name):
    return next(a for a in article.results["actors"] if a.name == name)


def _texts(article, actor):
    return {article.text[s:e] for s, e in actor.mentions}


def test_fullest_name_and_surname_mentions(seeds):
    a = seeds["000"]
    khamenei = _actor(a, "Seyyed Ali Khamenei")  # "Ayatollah" stripped, fullest form kept
    assert {"Khamenei", "Seyyed Ali Khamenei"} <= _texts(a, khamenei)
    netanyahu = _actor(a, "Benjamin Netanyahu")
    assert len(netanyahu.mentions) >= 5
    assert "Prime Minister" in netanyahu.titles


def test_appositive_titles_and_mislabelled_surnames(seeds):
    a = seeds["000"]
    halevi = _actor(a, "Herzi Halevi")  # spaCy tags the later "Halevi" as ORG
    assert "Halevi" in _texts(a, halevi)
    assert "military chief of staff" in halevi.titles
    arouri = _actor(seeds["002"], "Saleh al-Arouri")  # spaCy tags "Arouri" as GPE
    assert sum(1 for t in _texts(seeds["002"], arouri) if t == "Arouri") == 1  # one distinct text...
    assert len(arouri.mentions) >= 10  # ...but every mention grouped


def test_descriptions_resolve_by_affiliation_and_role(seeds):
    a = seeds["002"]
    haniyeh = _actor(a, "Ismail Haniyeh")
    texts = _texts(a, haniyeh)
    assert "THE head of Hamas’ political bureau" in texts  # resolved forwards
    assert "The Hamas chief" in texts
    diplomat = _actor(a, "Hossein Amir-Abdollahian")
    assert {"the top Iranian diplomat", "The Iranian foreign minister"} <= _texts(a, diplomat)
    assert diplomat.affiliation == "Iran"


def test_entity_annotations_point_to_actors(seeds):
    a = seeds["003"]
    ids = {x.id for x in a.results["actors"]}
    persons = [e for e in a.layers["entities"] if e.label == "PERSON"]
    assert persons and all(e.actor in ids for e in persons)
    khamenei = _actor(a, "Ali Khamenei")
    assert khamenei.affiliation == "Iran"
    assert "The Iranian leader" in _texts(a, khamenei)


def test_name_cleaning_and_roles():
    text = "Ayatollah Khamenei’s Prophecy"
    start, end, name = clean_name(text)
    assert name == "Khamenei" and text[start:end] == "Khamenei"
    assert clean_name("the 2024 election") is None
    assert clean_name("the World Health Organization (WHO") == (4, 29, "World Health Organization")
    assert clean_name("Tom Smith (R-Ohio)")[2] == "Tom Smith"
    assert {"pm", "leader"} <= roles_of("the Israeli PM")
    assert "diplomat" in roles_of("Iran’s Foreign Minister")
    found = find_descriptions(
        "He met the top Iranian diplomat. The occupation forces.\nThe leader of Hamas said"
    )
    assert len(found) == 2


def _persons(pipeline, text):
    from presslens.ingest import article_from_text

    article = pipeline(article_from_text(text))
    return article, [a for a in article.results["actors"] if a.label == "PERSON"]


def test_one_person_spelt_two_ways_is_one_actor(pipeline):
    article, persons = _persons(
        pipeline,
        "Harbour Town (fictional). Sen. Dianna Feinstein met the mayor, Carl Ostrander, on Monday. "
        "Dianne Feinstein said the port would reopen. “We will not wait,” Dianne Feinstein told reporters. "
        "Ostrander said he agreed with Feinstein.",
    )
    feinsteins = [a for a in persons if a.name.endswith("Feinstein")]
    assert [a.name for a in feinsteins] == ["Dianne Feinstein"]  # the spelling written more often
    texts = _texts(article, feinsteins[0])
    assert {"Dianna Feinstein", "Dianne Feinstein", "Feinstein"} <= texts
    ids = {a.id for a in article.results["actors"]}
    entities = article.layers["entities"]
    linked = {e.actor for e in entities if article.text[e.start : e.end].endswith("Feinstein")}
    assert linked == {feinsteins[0].id} and linked <= ids


def test_a_third_namesake_keeps_variants_apart(pipeline):
    _article, persons = _persons(
        pipeline,
        "Harbour Town (fictional). Dianna Feinstein met Robert Feinstein on Monday. "
        "Dianne Feinstein said the port would reopen, and Robert Feinstein agreed.",
    )
    names = sorted(a.name for a in persons if a.name.endswith("Feinstein"))
    assert names == ["Dianna Feinstein", "Dianne Feinstein", "Robert Feinstein"]


def test_first_names_compatible():
    assert first_names_compatible("Dianna", "Dianne")
    assert first_names_compatible("Mohammed", "Mohamed")
    assert first_names_compatible("J.", "John")
    assert not first_names_compatible("Jon", "Ron")  # different initial
    assert not first_names_compatible("Ann", "Amy")  # short names one edit apart are different names
    assert not first_names_compatible("Robert", "Roberta")  # a feminine form is another person
    assert not first_names_compatible("Paul", "Paule")
    assert not first_names_compatible("Dianne", "Denise")
    assert not first_names_compatible("J.", "K.")


def test_an_acronym_without_brackets_is_the_long_names_actor(pipeline):
    from presslens.ingest import article_from_text

    article = pipeline(
        article_from_text(
            "Harbour Town (fictional). The World Health Organization sent two teams to the port on Monday. "
            "Cholera cases have doubled in a week, the WHO said on Tuesday. "
            "The Federal Bureau of Investigation opened an inquiry, and the FBI said it would report in May."
        )
    )
    orgs = {a.name: _texts(article, a) for a in article.results["actors"] if a.label == "ORG"}
    assert {"World Health Organization", "WHO"} <= orgs["World Health Organization"]
    assert {"Federal Bureau of Investigation", "FBI"} <= orgs["Federal Bureau of Investigation"]
    assert "WHO" not in orgs and "FBI" not in orgs


def test_an_acronym_two_names_fit_stays_apart(pipeline):
    from presslens.ingest import article_from_text

    article = pipeline(
        article_from_text(
            "Harbour Town (fictional). The Port Authority met the Police Association on Monday. "
            "The PA said the quays would reopen."
        )
    )
    names = {a.name for a in article.results["actors"] if a.label == "ORG"}
    assert "Port Authority" in names and "Police Association" in names
    joined = [a.name for a in article.results["actors"] if a.name != "PA" for s, e in a.mentions]
    assert not [n for n in joined if n in names and "PA" in _texts(article, _actor(article, n))]


def test_a_bracket_ner_ran_into_names_the_same_actor(pipeline):
    from presslens.ingest import article_from_text

    article = pipeline(
        article_from_text(
            "Harbour Town (fictional). Cholera cases have doubled in a week, according to the World Health "
            "Organization (WHO. The port is closed, the WHO said."
        )
    )
    orgs = {a.name: _texts(article, a) for a in article.results["actors"] if a.label == "ORG"}
    assert orgs["World Health Organization"] == {"World Health Organization", "WHO"}
    speakers = {q.speaker.name for q in article.layers["quotes"] if q.speaker is not None}
    assert speakers == {"World Health Organization"}


def test_a_news_outlet_keeps_its_the_and_nothing_else_does(pipeline):
    from presslens.ingest import article_from_text

    article = pipeline(
        article_from_text(
            "Harbour Town (fictional). Attorney General Ruth Calder opened an inquiry on Tuesday. The Times "
            "reported that the union won half the vote in last year's election. The Pentagon said it had no "
            'comment. "We will wait," a spokesman told The Washington Post.'
        )
    )
    names = {a.name for a in article.results["actors"] if a.label == "ORG"}
    assert {"The Times", "Pentagon", "The Washington Post"} <= names
    speakers = {q.speaker.name for q in article.layers["quotes"] if q.speaker is not None}
    assert {"The Times", "Pentagon"} <= speakers
