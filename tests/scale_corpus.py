"""A small mixed corpus for the scale-out tests: every input kind, each article text distinct.

`write_mixed_corpus` writes a directory of text and HTML files, a gzip JSONL file, a plain JSONL
file, a Parquet file (several row groups) and a WARC file (per-record gzip, as crawlers write
it, with non-article records between the pages), plus a few bad inputs. It returns what a run
must find: the distinct article texts' markers and the inputs that must come out as error rows.
"""

from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

OUTLETS = ("Harbor Times", "Valley Post", "North Wire")


def article_text(n: int) -> str:
    """A short news text, unique by its marker ``Story N``, with a figure, a quote and a source."""
    outlet_city = ("Port Avel", "Lindmark", "Osterby")[n % 3]
    return (
        f"Story {n}: dock workers in {outlet_city} extend strike\n\n"
        f"More than {120 + n} dock workers walked off the job on Monday in {outlet_city}, according to "
        f'the port authority. "We will not return until the contract is signed," said union leader '
        f"Mara Olsen. The ministry said {3 + n} ships were waiting outside the harbour, and critics "
        f"called the plan a 'reform' that would cost jobs.\n"
    )


@dataclass
class MixedCorpus:
    root: Path
    markers: list[str] = field(default_factory=list)  # "Story N" of every article that must be analysed
    bad: list[str] = field(default_factory=list)  # substrings of the sources that must be error rows


def write_mixed_corpus(root: Path, start: int = 0) -> MixedCorpus:
    import pyarrow as pa
    import pyarrow.parquet as pq
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    corpus = MixedCorpus(root)
    n = start

    def take() -> int:
        nonlocal n
        n += 1
        corpus.markers.append(f"Story {n}")
        return n

    folder = root / "folder"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(article_text(take()), encoding="utf-8")
    i = take()
    (folder / "sub" / "b.html").write_text(
        f"<html><head><title>Story {i}</title></head><body><article>"
        + "".join(f"<p>{line}</p>" for line in article_text(i).splitlines()[1:] if line)
        + "</article></body></html>",
        encoding="utf-8",
    )
    (folder / "c.txt").write_text(article_text(take()).replace("harbour", "harbour café"), encoding="latin-1")
    (folder / "empty.txt").write_bytes(b"")
    corpus.bad.append("empty.txt")

    with gzip.open(root / "wire.jsonl.gz", "wt", encoding="utf-8") as handle:
        for k in range(3):
            i = take()
            record = {"text": article_text(i), "outlet": OUTLETS[k % 3], "published": f"2024-0{1 + k}-15"}
            handle.write(json.dumps(record) + "\n")
        handle.write("{not json\n")
        corpus.bad.append("wire.jsonl.gz:4")
        i = take()
        handle.write(json.dumps({"text": article_text(i), "outlet": "North Wire"}) + "\n")

    with open(root / "plain.jsonl", "w", encoding="utf-8") as handle:
        for _ in range(2):
            handle.write(json.dumps({"text": article_text(take()), "outlet": "Valley Post"}) + "\n")
        handle.write(json.dumps({"title": "no text here"}) + "\n")
        corpus.bad.append("plain.jsonl:3")

    texts = [article_text(take()) for _ in range(3)]
    table = pa.table(
        {
            "text": texts + [None],
            "outlet": ["Harbor Times", "Valley Post", "Harbor Times", "Valley Post"],
            "published": ["2024-02-01", "2024-02-20", "2024-03-05", "2024-03-06"],
        }
    )
    pq.write_table(table, root / "table.parquet", row_group_size=2)
    corpus.bad.append("table.parquet:4")

    with open(root / "crawl.warc.gz", "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "presslens-tests"}))
        for k in range(3):
            i = take()
            page = (
                f"<html><head><title>Story {i}</title><meta name='author' content='Kim Lee'></head><body>"
                f"<nav>Home | World</nav><article>"
                + "".join(f"<p>{line}</p>" for line in article_text(i).splitlines()[1:] if line)
                + "</article></body></html>"
            ).encode("utf-8")
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    f"https://news.example/{i}", "response", payload=io.BytesIO(page), http_headers=headers
                )
            )
            if k == 0:  # not articles: a redirect and an image are skipped, not errors
                moved = StatusAndHeaders("301 Moved", [("Location", "/x")], protocol="HTTP/1.1")
                writer.write_record(
                    writer.create_warc_record(
                        "https://news.example/old", "response", payload=io.BytesIO(b""), http_headers=moved
                    )
                )
                image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                writer.write_record(
                    writer.create_warc_record(
                        "https://news.example/a.png",
                        "response",
                        payload=io.BytesIO(b"\x89PNG..."),
                        http_headers=image,
                    )
                )
    return corpus
