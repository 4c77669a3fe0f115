"""Word lists shared by the actors, quotes, sources and voices components.

Kept as plain data in one module so that a user can extend them (add an outlet, a title, a
reporting verb) without touching the logic, and so that the rules are reviewable in one place.
Everything is lower-case unless said otherwise.
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string (easy to read and extend)."""
    return frozenset(text.split())


#: Inflected forms of reporting verbs (the spaCy pipeline runs without a lemmatizer, so forms are
#: listed rather than lemmas). A quote is attributed through the subject of one of these.
REPORTING_VERBS = words(
    """
    say says said saying tell tells told telling note notes noted noting add adds added adding
    declare declares declared declaring stress stresses stressed stressing warn warns warned warning
    emphasise emphasises emphasised emphasising emphasize emphasizes emphasized emphasizing insist
    insists insisted insisting claim claims claimed claiming vow vows vowed vowing write writes
    wrote writing continued hail hails hailed hailing state states stated stating assert asserts
    asserted asserting explain explains explained explaining announce announces announced announcing
    urge urges urged urging acknowledge acknowledges acknowledged acknowledging admit admits
    admitted admitting argue argues argued arguing promise promises promised promising threaten
    threatens threatened threatening mention mentions mentioned mentioning reply replies replied
    replying respond responds responded remark remarks remarked ask asks asked asking tweet tweets
    tweeted post posts posted indicate indicates indicated indicating suggest suggests suggested
    suggesting reveal reveals revealed confirm confirms confirmed confirming deny denies denied
    denying report reports reported predict predicts predicted allege alleges alleged accuse accuses
    accused describe describes described
    call calls called calling refer refers referred referring
    caution cautions cautioned maintain maintains maintained concede concedes conceded recall recalled
    complain complains complained boast boasted lament lamented recount recounted observe observed
    advise advises advised recommend recommends recommended
    demand demands demanded demanding
    comment comments commented commenting
    """
)

#: Verbs that take a reported clause ("X said [that] ...") and so can introduce an indirect quote.
INDIRECT_VERBS = words(
    """
    say says said tell tells told note notes noted add adds added declare declares declared stress
    stresses stressed warn warns warned emphasise emphasised emphasises emphasize emphasized
    emphasizes insist insists insisted claim claims claimed state states stated assert asserts
    asserted explain explains explained announce announces announced acknowledge acknowledged
    acknowledges admit admitted admits argue argues argued promise promised promises threaten
    threatened threatens indicated suggested revealed confirmed confirms denied reported alleged
    alleges predicted mentioned wrote writes estimate estimates estimated maintain maintains
    maintained saying stating adding noting claiming insisting warning arguing
    commented comments
    """
)

#: Words that head a person's title or job ("Foreign Minister", "the Hamas chief").
TITLE_NOUNS = words(
    """
    minister president premier pm leader chief head official spokesman spokeswoman spokesperson
    secretary diplomat commander general ayatollah sheikh imam senator governor mayor ambassador
    envoy legislator lawmaker director chairman chairwoman chair ceo founder king queen prince emir
    colonel lieutenant captain admiral judge adviser advisor analyst professor correspondent editor
    deputy speaker pope cleric politician negotiator representative officer
    """
)

#: Lower-case words that may sit inside a title ("top Iranian diplomat", "former senior ...").
TITLE_MODIFIERS = words(
    """
    top senior former foreign supreme political defense defence military state national security
    government prime deputy vice acting interim chief general intelligence army armed health
    interior finance economy justice religious spiritual public resistance movement bureau staff
    affairs of in the union party harbour port club city police
    """
)

#: Honorifics and titles stripped from the front of a person's name to get the name proper.
HONORIFIC_RE = re.compile(
    r"^(?:(?:Ayatollah|Grand|Sheikh|Shaikh|Imam|Hajj|Haj|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Prof\.?|President|"
    r"Prime\s+Minister|Premier|Lieutenant|Lt\.?|General|Gen\.?|Geneal|Major|Maj\.?|Colonel|Col\.?|"
    r"Archbishop|Bishop|Cardinal|Rev\.?|Reverend|Father|Rabbi|Councillor|Councilman|Councilwoman|Mayor|Chairman|Chairwoman|Senator|Sen\.?|Rep\.?|Representative|Governor|Gov\.?|King|Queen|Prince|Emir|Supreme\s+Leader|"
    r"Foreign\s+Minister|Minister|Secretary|Chief|Commander|Admiral|Sir|Lord|Rabbi|Pope|Mufti)\s+)+"
)

#: Title keywords -> the roles they imply; a nominal mention ("the Israeli PM") matches an actor
#: whose titles share a role with it.
ROLE_PATTERNS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = tuple(
    (re.compile(pattern, re.I), frozenset(roles))
    for pattern, roles in (
        (r"\bprime minister\b|\bpremier\b|\bpm\b", ("pm", "leader")),
        (r"\bpresident\b", ("president", "leader")),
        (r"\bsupreme leader\b|\bayatollah\b", ("leader",)),
        (r"\bleader\b|\bchief\b|\bhead\b|\bchair(?:man|woman|person)?\b|\bemir\b|\bking\b", ("leader",)),
        (r"\bforeign minister\b|\bsecretary of state\b|\bdiplomat\b|\bambassador\b|\benvoy\b", ("diplomat",)),
        (r"\bminister\b|\bsecretary\b", ("minister",)),
        (r"\bspokes(?:man|woman|person)\b", ("spokesperson",)),
        (r"\bofficial\b|\bofficer\b|\bnegotiator\b", ("official",)),
        (
            r"(?<!attorney )\bgeneral\b|\bcommander\b|\bchief of staff\b|\bcolonel\b|\badmiral\b",
            ("military",),
        ),
        (r"\battorney general\b", ("minister", "attorney general")),
        (r"\bsenator\b|\bsen\.|\blegislator\b|\blawmaker\b|\brepresentative\b|\brep\.", ("legislator",)),
        (r"\bgovernor\b", ("governor", "leader")),
        (r"\bmayors?\b", ("mayor", "leader")),
        (r"\btreasurer\b|\bchancellor\b", ("minister",)),
    )
)

#: Demonyms and short forms -> the affiliation as a place or organisation name.
AFFILIATION_NAMES: dict[str, str] = {
    "israeli": "Israel",
    "israelis": "Israel",
    "israel": "Israel",
    "zionist": "Israel",
    "iranian": "Iran",
    "iranians": "Iran",
    "iran": "Iran",
    "u.s.": "United States",
    "us": "United States",
    "u.s": "United States",
    "usa": "United States",
    "american": "United States",
    "americans": "United States",
    "united states": "United States",
    "the united states": "United States",
    "washington": "United States",
    "palestinian": "Palestine",
    "palestinians": "Palestine",
    "palestine": "Palestine",
    "hamas": "Hamas",
    "hezbollah": "Hezbollah",
    "lebanese": "Lebanon",
    "lebanon": "Lebanon",
    "egyptian": "Egypt",
    "egypt": "Egypt",
    "qatari": "Qatar",
    "qatar": "Qatar",
    "british": "United Kingdom",
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "russian": "Russia",
    "russia": "Russia",
    "ukrainian": "Ukraine",
    "ukraine": "Ukraine",
    "chinese": "China",
    "china": "China",
    "un": "United Nations",
    "u.n.": "United Nations",
    "united nations": "United Nations",
    "irgc": "IRGC",
    "pij": "Palestinian Islamic Jihad",
    "islamic jihad": "Palestinian Islamic Jihad",
    "houthi": "Ansarullah",
    "houthis": "Ansarullah",
    "ansarullah": "Ansarullah",
    "saudi": "Saudi Arabia",
    "turkish": "Turkey",
    "syrian": "Syria",
    "iraqi": "Iraq",
    "yemeni": "Yemen",
    "european": "European Union",
    "eu": "European Union",
}

#: Affiliation (as normalised above) -> side label used to group voices. Anything else is "other";
#: no affiliation at all is "unknown".
SIDE_LABELS: dict[str, str] = {
    "Israel": "Israeli",
    "Iran": "Iranian",
    "IRGC": "Iranian",
    "United States": "US",
    "Hamas": "Hamas",
    "Hezbollah": "Hezbollah",
    "Palestine": "Palestinian",
    "Palestinian Islamic Jihad": "Palestinian",
    "United Nations": "UN/NGO",
    "NGO": "UN/NGO",
    "Ansarullah": "Ansarullah",
}

#: Gazetteer of named sources, longest names first when compiled: name -> source type.
SOURCE_GAZETTEER: dict[str, str] = {
    # news agencies
    "Reuters": "agency",
    "Associated Press": "agency",
    "AP": "agency",
    "AFP": "agency",
    "Agence France-Presse": "agency",
    "MNA": "agency",
    "Mehr News Agency": "agency",
    "Mehr": "agency",
    "IRNA": "agency",
    "Tasnim": "agency",
    "Fars": "agency",
    "WAFA": "agency",
    "Wafa": "agency",
    "Anadolu": "agency",
    "Xinhua": "agency",
    "TASS": "agency",
    "Bloomberg": "agency",
    "Sputnik": "agency",
    # outlets
    "Al Jazeera": "outlet",
    "Al-Jazeera": "outlet",
    "Al Mayadeen": "outlet",
    "Channel 12": "outlet",
    "Channel 13": "outlet",
    "Channel 14": "outlet",
    "Kan": "outlet",
    "Press TV": "outlet",
    "Foreign Affairs": "outlet",
    "Tehran Times": "outlet",
    "Haaretz": "outlet",
    "Times of Israel": "outlet",
    "The Times of Israel": "outlet",
    "Jerusalem Post": "outlet",
    "Ynet": "outlet",
    "Yedioth Ahronoth": "outlet",
    "Israel Hayom": "outlet",
    "CNN": "outlet",
    "BBC": "outlet",
    "Fox News": "outlet",
    "MSNBC": "outlet",
    "NBC": "outlet",
    "NBC News": "outlet",
    "CBS": "outlet",
    "ABC News": "outlet",
    "NPR": "outlet",
    "New York Times": "outlet",
    "The New York Times": "outlet",
    "Washington Post": "outlet",
    "The Washington Post": "outlet",
    "Wall Street Journal": "outlet",
    "The Wall Street Journal": "outlet",
    "The Guardian": "outlet",
    "Axios": "outlet",
    "Politico": "outlet",
    "The Intercept": "outlet",
    "Breitbart": "outlet",
    "RT": "outlet",
    "Israeli media": "outlet",
    "Hebrew media": "outlet",
    "Iranian media": "outlet",
    "state media": "outlet",
    "state TV": "outlet",
    # UN and NGOs
    "United Nations": "un",
    "UN": "un",
    "U.N.": "un",
    "UNRWA": "un",
    "OCHA": "un",
    "UNICEF": "un",
    "World Health Organization": "un",
    "WHO": "un",
    "UN agencies": "un",
    "Red Cross": "ngo",
    "International Committee of the Red Cross": "ngo",
    "ICRC": "ngo",
    "Red Crescent": "ngo",
    "Amnesty International": "ngo",
    "Human Rights Watch": "ngo",
    "Doctors Without Borders": "ngo",
    "MSF": "ngo",
    "Oxfam": "ngo",
    "Save the Children": "ngo",
    "B'Tselem": "ngo",
    # social media
    "X": "social_media",
    "Twitter": "social_media",
    "Telegram": "social_media",
    "Facebook": "social_media",
    "Instagram": "social_media",
    "TikTok": "social_media",
    "YouTube": "social_media",
    "Truth Social": "social_media",
    # government and military bodies
    "White House": "government",
    "State Department": "government",
    "Pentagon": "military",
    "Kremlin": "government",
    "IDF": "military",
    "Israel Defense Forces": "military",
    "IRGC": "military",
    "Shin Bet": "intelligence",
    "Mossad": "intelligence",
    "CIA": "intelligence",
}

#: Keyword rules for typing a source phrase that is not in the gazetteer, tried in order.
SOURCE_TYPE_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I), kind)
    for pattern, kind in (
        (
            r"\b(?:report|reports|study|studies|survey|assessments?|estimates?|analysis|document|statement|"
            r"investigation|data|figures|poll)\b",
            "report",
        ),
        (r"\bintelligence\b", "intelligence"),
        (r"\b(?:UN|U\.N\.|United Nations)\b", "un"),
        (
            r"\b(?:media|news|outlet|newspaper|channel|TV|television|broadcaster|radio|daily|magazine|"
            r"agency|(?-i:Gazette|Times|Post|Journal|Wire|Herald|Tribune|Telegraph|Chronicle))\b",
            "outlet",
        ),
        (r"\b(?:tweet|tweets|post|posts|posted|Telegram|Twitter|social media)\b", "social_media"),
        (
            r"\b(?:officials?|spokes(?:man|woman|person)|sources?|minister|ministers|diplomats?|"
            r"authorities)\b",
            "official",
        ),
        (r"\b(?:military|army|forces|IDF|troops|commanders?)\b", "military"),
        (
            r"\b(?:government|ministry|cabinet|department|administration|regime|office|Congress|Senate|"
            r"parliament|Knesset)\b",
            "government",
        ),
    )
)

#: Any gazetteer name, longest first, not inside a longer word.
GAZETTEER_RE = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(n) for n in sorted(SOURCE_GAZETTEER, key=len, reverse=True))
    + r")(?![\w-])"
)
