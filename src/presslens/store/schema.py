"""Versioned, named schema migrations for the corpus database (the sqlite-utils-migrate pattern).

Each migration is applied once, inside its own transaction, and recorded by name in the
`migrations` table, so opening an old database brings it up to date and opening a current one is
a no-op. New migrations are appended, never edited: a database in the field has run the old text.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

#: Child tables holding one row per annotation; each has (article_id, ann_id) and a span.
ANNOTATION_TABLES = ("claims", "quotes", "sources", "techniques", "labels", "scare_quotes", "entities")

_INITIAL = """
CREATE TABLE articles (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT,
    outlet TEXT,
    outlet_name TEXT NOT NULL,
    title TEXT,
    published TEXT,
    author TEXT,
    text TEXT NOT NULL,
    json TEXT NOT NULL,
    genre TEXT,
    ingested_at TEXT NOT NULL,
    minhash BLOB
);
CREATE INDEX articles_outlet ON articles(outlet_name);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE claims (
    pk INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ann_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    value_low REAL, value_high REAL, approx INTEGER, qualifier TEXT, unit TEXT,
    count_of TEXT, count_of_head TEXT, event TEXT, event_negated INTEGER,
    as_of TEXT, as_of_kind TEXT, as_of_text TEXT,
    attribution TEXT, confidence REAL,
    UNIQUE (article_id, ann_id)
);
CREATE INDEX claims_head ON claims(count_of_head);

CREATE TABLE quotes (
    pk INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ann_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    kind TEXT, speaker TEXT, speaker_actor TEXT, affiliation TEXT, content TEXT, cue TEXT,
    UNIQUE (article_id, ann_id)
);
CREATE INDEX quotes_speaker ON quotes(speaker);

CREATE TABLE sources (
    pk INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ann_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    type TEXT, name TEXT, affiliation TEXT,
    UNIQUE (article_id, ann_id)
);

CREATE TABLE techniques (
    pk INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ann_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    label TEXT NOT NULL, confidence REAL,
    UNIQUE (article_id, ann_id)
);
CREATE INDEX techniques_label ON techniques(label);

CREATE TABLE labels (
    pk INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ann_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    term TEXT, category TEXT, actor TEXT,
    UNIQUE (article_id, ann_id)
);

CREATE TABLE scare_quotes (
    pk INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ann_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    UNIQUE (article_id, ann_id)
);

CREATE TABLE entities (
    pk INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ann_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    label TEXT, actor TEXT,
    UNIQUE (article_id, ann_id)
);

CREATE TABLE actors (
    pk INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL,
    name TEXT, label TEXT, mentions INTEGER,
    UNIQUE (article_id, actor_id)
);

CREATE TABLE duplicates (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    duplicate_of TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    similarity REAL NOT NULL,
    PRIMARY KEY (article_id, duplicate_of)
);
"""


def _fts(
    table: str,
    columns: tuple[str, ...],
    index: str | None = None,
    tokenize: str = "unicode61 remove_diacritics 2",
) -> str:
    """An external-content FTS5 index over ``table`` kept in sync by triggers (as sqlite-utils does).

    External content keeps one copy of the text; the triggers make every insert/delete (cascades
    included: SQLite fires triggers for foreign-key actions) update the index in the same transaction.
    ``index`` names it (default ``<table>_fts``, whose triggers are ``<table>_ai``... as migration 002
    created them); ``tokenize`` is FTS5's tokenizer.
    """
    index = index or f"{table}_fts"
    trigger = table if index == f"{table}_fts" else index
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return f"""
CREATE VIRTUAL TABLE {index} USING fts5({cols}, content='{table}', content_rowid='pk',
    tokenize='{tokenize}');
CREATE TRIGGER {trigger}_ai AFTER INSERT ON {table} BEGIN
  INSERT INTO {index}(rowid, {cols}) VALUES (new.pk, {new});
END;
CREATE TRIGGER {trigger}_ad AFTER DELETE ON {table} BEGIN
  INSERT INTO {index}({index}, rowid, {cols}) VALUES ('delete', old.pk, {old});
END;
CREATE TRIGGER {trigger}_au AFTER UPDATE ON {table} BEGIN
  INSERT INTO {index}({index}, rowid, {cols}) VALUES ('delete', old.pk, {old});
  INSERT INTO {index}(rowid, {cols}) VALUES (new.pk, {new});
END;
"""


def _stems(table: str, columns: tuple[str, ...]) -> str:
    """A Porter-stemmed twin of ``<table>_fts`` (built from the rows already stored), and a vocabulary
    view of ``<table>_fts`` (its words as written), for search by word forms and prefixes."""
    index = f"{table}_stem"
    return (
        _fts(table, columns, index, "porter unicode61 remove_diacritics 2")
        + f"INSERT INTO {index}({index}) VALUES ('rebuild');\n"
        + f"CREATE VIRTUAL TABLE {table}_vocab USING fts5vocab({table}_fts, 'row');\n"
    )


_SEARCH = (
    _fts("articles", ("title", "text"))
    + _fts("quotes", ("text", "speaker"))
    + _fts("claims", ("text", "count_of"))
)

#: Search by word forms and prefixes (presslens.store.search): "soldier" finds "soldiers".
_WORD_FORMS = (
    _stems("articles", ("title", "text"))
    + _stems("quotes", ("text", "speaker"))
    + _stems("claims", ("text", "count_of"))
)

#: A user's merges and splits of figure groups (`presslens.store.overrides`). Figures are kept by
#: article, span and text, with no foreign key: re-analysing an article must not drop the override.
_GROUPING_OVERRIDES = """
CREATE TABLE grouping_overrides (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL CHECK (action IN ('merge', 'split')),
    a_article TEXT NOT NULL, a_start INTEGER NOT NULL, a_end INTEGER NOT NULL, a_text TEXT NOT NULL,
    b_article TEXT, b_start INTEGER, b_end INTEGER, b_text TEXT,
    note TEXT,
    created_at TEXT NOT NULL
);
"""

# A technique below the model's display threshold is kept (the report and the web app offer it on
# request) but is no technique a view counts (issue 12); rows stored before this column existed
# take the flag from the stored article JSON.
_TECHNIQUES_SHOWN = """
ALTER TABLE techniques ADD COLUMN shown INTEGER NOT NULL DEFAULT 1;
UPDATE techniques SET shown = 0 WHERE EXISTS (
    SELECT 1 FROM articles a, json_each(a.json, '$.techniques') j
    WHERE a.id = techniques.article_id AND json_extract(j.value, '$.id') = techniques.ann_id
      AND json_extract(j.value, '$.shown') = 0
);
"""

# A quote's speaker left unresolved ("They estimate" with no fitting antecedent) is credited to no
# one (issue 10): `speaker` keeps the name the analysis gave (as the article JSON does), and
# `speaker_resolved` (1/0, NULL for a quote with no speaker) and `speaker_written` (the speaker as
# written) let a reader show "They (unresolved)". Rows stored before these columns existed take
# both from the stored article JSON; a speaker with no `resolved` key there was resolved.
_QUOTE_SPEAKER_RESOLVED = """
ALTER TABLE quotes ADD COLUMN speaker_resolved INTEGER;
ALTER TABLE quotes ADD COLUMN speaker_written TEXT;
UPDATE quotes SET
  speaker_resolved = (
    SELECT CASE WHEN json_type(j.value, '$.speaker') = 'object'
                THEN coalesce(json_extract(j.value, '$.speaker.resolved'), 1) END
    FROM articles a, json_each(a.json, '$.quotes') j
    WHERE a.id = quotes.article_id AND json_extract(j.value, '$.id') = quotes.ann_id
  ),
  speaker_written = (
    SELECT substr(a.text, json_extract(j.value, '$.speaker.start') + 1,
                  json_extract(j.value, '$.speaker.end') - json_extract(j.value, '$.speaker.start'))
    FROM articles a, json_each(a.json, '$.quotes') j
    WHERE a.id = quotes.article_id AND json_extract(j.value, '$.id') = quotes.ann_id
      AND json_type(j.value, '$.speaker.start') = 'integer'
  );
"""

#: What the quotes' search indexes hold as a quote's speaker (``{row}``: the row, ``new``/``old`` in a
#: trigger): the name the analysis resolved, or the speaker as written when it could not be tied to who
#: speaks ("They", not the name it was never tied to).
_SPEAKER_SEARCHED = "CASE WHEN {row}.speaker_resolved = 0 THEN {row}.speaker_written ELSE {row}.speaker END"


def _quotes_index(index: str, tokenize: str) -> str:
    """One of the two quote search indexes (``quotes_fts``: words as written; ``quotes_stem``: Porter
    stems), over the view ``quotes_searched`` (external content must read back what was indexed), kept in
    sync by triggers on ``quotes`` that index the same expression, and filled from the rows stored."""
    trigger = "quotes" if index == "quotes_fts" else index
    new, old = _SPEAKER_SEARCHED.format(row="new"), _SPEAKER_SEARCHED.format(row="old")
    return f"""
CREATE VIRTUAL TABLE {index} USING fts5(text, speaker, content='quotes_searched', content_rowid='pk',
    tokenize='{tokenize}');
CREATE TRIGGER {trigger}_ai AFTER INSERT ON quotes BEGIN
  INSERT INTO {index}(rowid, text, speaker) VALUES (new.pk, new.text, {new});
END;
CREATE TRIGGER {trigger}_ad AFTER DELETE ON quotes BEGIN
  INSERT INTO {index}({index}, rowid, text, speaker) VALUES ('delete', old.pk, old.text, {old});
END;
CREATE TRIGGER {trigger}_au AFTER UPDATE ON quotes BEGIN
  INSERT INTO {index}({index}, rowid, text, speaker) VALUES ('delete', old.pk, old.text, {old});
  INSERT INTO {index}(rowid, text, speaker) VALUES (new.pk, new.text, {new});
END;
INSERT INTO {index}({index}) VALUES ('rebuild');
"""


# /search found seed 000's "They estimate that a third of these captives have died" by "Israeli
# officials" (issue 10): the quote indexes held `speaker`, the name the analysis kept whatever
# `speaker_resolved` says. They are rebuilt to hold `_SPEAKER_SEARCHED` instead, for the rows already
# stored too; `quotes.speaker` itself is unchanged (the JSON's name, as /search.json gives it).
_QUOTE_SPEAKER_SEARCHED = (
    """
DROP TRIGGER quotes_ai;
DROP TRIGGER quotes_ad;
DROP TRIGGER quotes_au;
DROP TRIGGER quotes_stem_ai;
DROP TRIGGER quotes_stem_ad;
DROP TRIGGER quotes_stem_au;
DROP TABLE quotes_vocab;
DROP TABLE quotes_stem;
DROP TABLE quotes_fts;
CREATE VIEW quotes_searched AS
  SELECT pk, text, """
    + _SPEAKER_SEARCHED.format(row="quotes")
    + """ AS speaker FROM quotes;
"""
    + _quotes_index("quotes_fts", "unicode61 remove_diacritics 2")
    + _quotes_index("quotes_stem", "porter unicode61 remove_diacritics 2")
    + "CREATE VIRTUAL TABLE quotes_vocab USING fts5vocab(quotes_fts, 'row');\n"
)

#: (name, SQL script), applied in order. Append only.
MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("001_initial", _INITIAL),
    ("002_full_text_search", _SEARCH),
    ("003_search_word_forms", _WORD_FORMS),
    ("004_grouping_overrides", _GROUPING_OVERRIDES),
    ("005_techniques_shown", _TECHNIQUES_SHOWN),
    ("006_quote_speaker_resolved", _QUOTE_SPEAKER_RESOLVED),
    ("007_quote_speaker_searched", _QUOTE_SPEAKER_SEARCHED),
)


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations this database has run, in order."""
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='migrations'").fetchone()
    if not exists:
        return []
    return [row[0] for row in conn.execute("SELECT name FROM migrations ORDER BY rowid")]


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply pending migrations, each in its own transaction; return the names applied now.

    Safe when several processes open a new database at once: each migration is checked again once
    the write lock is held, so the first process applies it and the others find it done.
    """
    conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = set(applied(conn))
    ran: list[str] = []
    for name, script in MIGRATIONS:
        if name in done:
            continue
        statements = [s.strip() for s in _split(script) if s.strip()]
        conn.execute("BEGIN IMMEDIATE")
        if name in applied(conn):  # another process applied it while we waited for the lock
            conn.execute("COMMIT")
            continue
        try:
            for statement in statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO migrations(name, applied_at) VALUES (?, ?)",
                (name, datetime.now(UTC).isoformat()),
            )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        ran.append(name)
    return ran


def _split(script: str) -> list[str]:
    """Split a script into statements, keeping trigger bodies (which contain ';') whole."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf)
            buf = ""
    if buf.strip():
        out.append(buf)
    return out
