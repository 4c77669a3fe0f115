"""Declared authors and outlets, cleaned: values as real pages declare them (the extraction benchmark)."""

from __future__ import annotations

import pytest

from presslens.ingest.bylines import clean_author, clean_outlet, declared_site_names, site_name


@pytest.mark.parametrize(
    ("value", "outlet", "url", "expected"),
    [
        ("Tom Krisher; Ap Auto Writer", "Connecticut Post", "https://www.ctpost.com/x", "Tom Krisher"),
        (
            "ROBERT BURNS; AP National Security Writer",
            "Houston Chronicle",
            "https://www.chron.com/x",
            "Robert Burns",
        ),
        ("Sandee LaMotte; CNN", "MSN", "https://www.msn.com/x", "Sandee LaMotte"),
        ("Jill Disis; CNN Business", "CNN", "https://www.cnn.com/x", "Jill Disis"),
        ("Amy Kuperinsky; NJ Advance Media", None, "https://www.nj.com/x", "Amy Kuperinsky"),
        ("Troy Smith; Troy L Smith; Cleveland com", None, "https://www.cleveland.com/x", "Troy Smith"),
        ("Carrie Arnold November", "Quanta Magazine", "https://www.quantamagazine.org/x", "Carrie Arnold"),
        ("Malcolm Owen Monday; November 18, 2019", None, None, "Malcolm Owen"),
        ("Ilana Muhlstein; MS; RDN", "The Beachbody Blog", None, "Ilana Muhlstein"),
        (
            "DANICA KIRKA; JILL LAWLESS Associated Press",
            None,
            "https://hosted.ap.org/x",
            "Danica Kirka; Jill Lawless",
        ),
        ("Finian Cunningham Sputnik International", None, "https://sputniknews.com/x", "Finian Cunningham"),
        ("Admin", "Inexhibit", None, None),
        ("Jdadmin", None, None, None),
        ("Detroit News wire services Published", "The Detroit News", None, None),
        ("JERUSALEM POST STAFF NOVEMBER", "The Jerusalem Post", None, None),
        ("Condé Nast; Molly Wood", "Wired", None, "Molly Wood"),
        ("@handle", None, None, None),
        ("Copyright 2014", None, None, None),
        ("The Associated Press", "CTVNews", None, "The Associated Press"),
        ("PTI", "Deccan Herald", None, "PTI"),
        ("Theresa May", None, None, "Theresa May"),
        ("By Jane Doe and John Roe", None, None, "Jane Doe; John Roe"),
        ("Вера", None, None, "Вера"),
    ],
)
def test_clean_author(value: str, outlet: str | None, url: str | None, expected: str | None) -> None:
    assert clean_author(value, outlet, url) == expected


@pytest.mark.parametrize(
    ("value", "url", "expected"),
    [
        ("@politifact", None, None),
        ("Copyright 2014", None, None),
        ("© 2019 Example Media Inc.", None, None),
        ("Autoracing | F1 | Indy | MotoGP | StockCar", None, "Autoracing"),
        ("LinkNaija | Nigeria's popular news platform", None, "LinkNaija"),
        ("nj", "https://www.nj.com/x", None),
        ("catchitkansas.com", "https://www.catchitkansas.com/x", None),
        ("Space.com", "https://www.space.com/x", "Space.com"),
        ("TechCrunch", "https://techcrunch.com/x", "TechCrunch"),
        ("The man whose duvet nearly killed him: How this medical mystery was solved", None, None),
    ],
)
def test_clean_outlet(value: str, url: str | None, expected: str | None) -> None:
    assert clean_outlet(value, url) == expected


def test_site_name_prefers_og_site_name_and_sees_handles() -> None:
    page = (
        '<head><meta property="og:site_name" content="Inexhibit">'
        '<meta name="twitter:site" content="@Inexhibit_mag"></head>'
    )
    assert declared_site_names(page) == {"og:site_name": "Inexhibit", "twitter:site": "@Inexhibit_mag"}
    # trafilatura reported "Inexhibit magazine" on one page and "Inexhibitmagazine" on another
    assert site_name(page, "Inexhibitmagazine", "https://www.inexhibit.com/a") == "Inexhibit"
    handle = '<meta content="@politifact" property="og:site_name"><meta name="twitter:site" content="PF">'
    assert site_name(handle, "Politifact", "https://www.politifact.com/a") is None
    twitter_only = '<meta name="twitter:site" content="@SputnikInt">'
    assert site_name(twitter_only, "SputnikInt", "https://sputniknews.com/a") is None
    assert site_name("<html></html>", "The Hill", "https://thehill.com/a") == "The Hill"
