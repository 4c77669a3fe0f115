"""Rich tables for `presslens eval grouping` (the numbers come from `presslens.evaluation.grouping`)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table


def _prf_row(table: Table, name: str, scores: dict[str, Any], detail: str) -> None:
    table.add_row(
        name, f"{scores['precision']:.3f}", f"{scores['recall']:.3f}", f"{scores['f1']:.3f}", detail
    )


def print_grouping(result: dict[str, Any], console: Console, errors: bool = False) -> None:
    """The summary table; on dev also one row per cluster, and with ``errors`` the grouping errors."""
    title = (
        f"PressLens figure grouping, split={result['split']}, {result['clusters']} clusters, "
        f"{result['documents']} documents, {result['figures']} gold figures"
    )
    table = Table(title=title)
    for column in ("metric", "P", "R", "F1", "detail"):
        table.add_column(column, justify="left" if column in ("metric", "detail") else "right")
    c, pw, cross = result["claims"], result["pairwise"], result["pairwise_cross_article"]
    _prf_row(table, "claims (span overlap)", c, f"tp {c['tp']}  fp {c['fp']}  fn {c['fn']}")
    _prf_row(table, "grouping pairwise", pw, f"pairs tp {pw['tp']}  fp {pw['fp']}  fn {pw['fn']}")
    _prf_row(table, "  pairs across articles", cross, f"tp {cross['tp']}  fp {cross['fp']}  fn {cross['fn']}")
    _prf_row(table, "grouping B-cubed", result["bcubed"], "per gold figure")
    spread = result["pairwise_f1_per_cluster"]
    interval = spread["bootstrap_90"]
    table.add_row(
        "pairwise F1 per cluster",
        "",
        "",
        f"{spread['mean']:.3f}",
        f"sd {spread['sd']:.3f}"
        + (f"; 90% bootstrap over clusters {interval[0]:.3f}-{interval[1]:.3f}" if interval else ""),
    )
    near = result["near_pairs"]
    share = "-" if near["merged_share"] is None else f"{near['merged_share']:.3f}"
    table.add_row(
        "near pairs merged", "", "", share, f"{near['merged']} of {near['total']} (lower is better)"
    )
    table.add_row(
        "spurious claims in gold groups", "", "", str(result["spurious_claims_in_gold_groups"]), "not scored"
    )
    console.print(table)
    clusters = result.get("per_cluster")
    if not clusters:
        return
    per = Table(title="Per cluster (dev)")
    for column in (
        "cluster",
        "docs",
        "figures",
        "gold groups",
        "pred groups",
        "claims tp/fp/fn",
        "pair P",
        "pair R",
        "pair F1",
    ):
        per.add_column(column, justify="left" if column == "cluster" else "right")
    for row in clusters:
        pair, cl = row["pairwise"], row["claims"]
        per.add_row(
            row["cluster"],
            str(row["documents"]),
            str(row["figures"]),
            str(row["gold_groups"]),
            str(row["predicted_groups"]),
            f"{cl['tp']}/{cl['fp']}/{cl['fn']}",
            f"{pair['precision']:.3f}",
            f"{pair['recall']:.3f}",
            f"{pair['f1']:.3f}",
        )
    console.print(per)
    if errors:
        for row in clusters:
            for error in row.get("errors", []):
                head = (
                    f"split gold group {error['gold']}: {error.get('description') or ''}"
                    if error["type"] == "split"
                    else f"merged {', '.join(error['gold'])} in {error['predicted']}"
                )
                console.print(f"[bold]{escape(row['cluster'])}[/] {escape(head)}")
                for fig in error["figures"]:
                    console.print(
                        f"    {escape(fig['doc'].rsplit('/', 1)[-1])}@{fig['start']} "
                        f"{escape(repr(fig['text']))} gold={escape(fig['gold'])} "
                        f"predicted={escape(str(fig['predicted']))}"
                    )
            for error in row.get("claim_errors", []):
                console.print(
                    f"[bold]{escape(row['cluster'])}[/] {error['type']} claim "
                    f"{escape(error['doc'].rsplit('/', 1)[-1])}@{error['start']} "
                    f"{escape(repr(error['text']))}"
                )
