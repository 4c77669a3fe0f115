"""Where does one article's memory go? Peak resident memory of each stage, in a fresh process per input.

    python benchmarks/memory.py FILE [FILE ...] [--json out.json]
    python benchmarks/memory.py --growth 200 [--semeval DIR]   # does a long-lived worker grow?

For each input file a new Python process loads the pipeline, then runs the stages one at a time:
loading the text, spaCy's parse, each PressLens component, the link join, the span check,
``to_dict``, ``json.dumps`` and the store writer (into a temporary SQLite file). Before each stage
the process's peak (``VmHWM``) is reset to its current resident size (``/proc/self/clear_refs``,
Linux >= 4.0), after ``malloc_trim`` has given freed heap memory back, so each stage's peak is its
own, not the largest so far. Reported per stage, in MB:
resident before, peak during, resident after. The last line is the process's peak (the largest
stage peak: the reset clears ``ru_maxrss`` too), the figure the fuzz benchmark records.

``--growth N`` instead analyses the first N SemEval articles one after another in one process (as a
pool worker does) and prints the resident size every 25 articles, with the sizes of spaCy's
``StringStore`` and vocabulary: a worker that grows without bound shows here.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _status(field: str) -> int:
    """A ``/proc/self/status`` figure in MB (VmRSS, VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    return -1


def _reset_peak() -> None:
    """Give freed heap memory back to the system, then reset ``VmHWM`` to the resident size now."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def profile_one(path: str) -> dict[str, Any]:
    """Stage by stage, one input, in this (fresh) process."""
    from presslens.api import checked_spans, get_pipeline
    from presslens.ingest import load_inputs
    from presslens.store import connect
    from presslens.store.dedup import DuplicateIndex
    from presslens.store.writer import store_article

    rows: list[tuple[str, int, int, int]] = []

    def stage(name: str, func):
        _reset_peak()
        before = _status("VmRSS")
        out = func()
        rows.append((name, before, _status("VmHWM"), _status("VmRSS")))
        return out

    pipeline = stage("load pipeline", get_pipeline)
    [article] = stage("load input", lambda: [a for a in load_inputs([path])])
    nlp = pipeline.nlp
    doc = stage("spaCy tokenizer", lambda: nlp.make_doc(article.text))
    for name, proc in nlp.pipeline:
        doc = stage(f"spaCy {name}", lambda proc=proc, doc=doc: proc(doc))
    for info in pipeline.components:
        stage(info.name, lambda info=info: info.func(article, doc))
        article.components.append(info.name)
    stage("join links", article.finish)
    stage("check spans", lambda: checked_spans(article))
    data = stage("to_dict", article.to_dict)
    stage("json.dumps", lambda: len(json.dumps(data, ensure_ascii=False)))
    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(Path(tmp) / "m.db")
        index = DuplicateIndex.from_db(conn)

        def write() -> None:
            with conn:
                store_article(conn, data, index, article)

        stage("store writer", write)
        conn.close()
    return {
        "input": path,
        "chars": len(article.text),
        "tokens": len(doc),
        "stages": [dict(zip(("stage", "rss_before", "peak", "rss_after"), r, strict=True)) for r in rows],
        # clear_refs resets ru_maxrss too: the process's peak is the largest stage peak
        "peak_mb": max(r[2] for r in rows),
    }


def growth(count: int, semeval: Path) -> None:
    """Analyse ``count`` articles one after another in this process; print resident size as it goes."""
    from presslens.api import analyze_many, get_pipeline
    from presslens.ingest import load_inputs

    paths = sorted(semeval.glob("article*.txt"))
    paths = (paths * (count // max(len(paths), 1) + 1))[:count]
    nlp = get_pipeline().nlp
    print(f"{'articles':>8}{'VmRSS MB':>10}{'VmHWM MB':>10}{'strings':>10}{'lexemes':>10}")
    print(
        f"{0:>8}{_status('VmRSS'):>10}{_status('VmHWM'):>10}{len(nlp.vocab.strings):>10}{len(nlp.vocab):>10}"
    )
    for n, _article in enumerate(analyze_many(load_inputs([str(p) for p in paths])), 1):
        if n % 25 == 0 or n == count:
            print(
                f"{n:>8}{_status('VmRSS'):>10}{_status('VmHWM'):>10}"
                f"{len(nlp.vocab.strings):>10}{len(nlp.vocab):>10}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--growth", type=int, help="articles to analyse in one process")
    parser.add_argument("--semeval", type=Path, default=ROOT.parent / "shared/data/semeval2023-en/articles")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(profile_one(args.one)))
        return
    if args.growth:
        growth(args.growth, args.semeval)
        return
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    reports = []
    for path in args.files:
        out = subprocess.run(
            [sys.executable, __file__, "--one", path], capture_output=True, text=True, env=env, check=True
        )
        report = json.loads(out.stdout.strip().splitlines()[-1])
        reports.append(report)
        print(f"{path}: {report['chars']} chars, {report['tokens']} tokens")
        print(f"  {'stage':<22}{'RSS before':>11}{'peak':>8}{'+peak':>8}{'RSS after':>11}")
        for s in report["stages"]:
            print(
                f"  {s['stage']:<22}{s['rss_before']:>11}{s['peak']:>8}"
                f"{s['peak'] - s['rss_before']:>8}{s['rss_after']:>11}"
            )
        print(f"  peak of the process {report['peak_mb']} MB", flush=True)
    if args.json:
        args.json.write_text(json.dumps(reports, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
