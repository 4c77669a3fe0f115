"""The architecture holds: ingest -> analyse -> store -> present, no module importing from a layer
above its own, and no import cycles (read from the source with `ast`, nothing is imported).

docs/architecture.md draws the same layers; a new module must be placed in `LAYERS` below.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

#: Layers, lowest first, and the modules (dotted prefixes) in each. A module may import from its own
#: layer and the ones below it, never from one above.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "core",
        (
            "presslens.errors",
            "presslens.layers",
            "presslens.model",
            "presslens.vocab",
            "presslens.threads",
            "presslens.artifacts",
            "presslens.datasets",
            "presslens.extras",
            "presslens.values",
        ),
    ),
    ("ingest", ("presslens.ingest",)),
    (
        "analyse",
        (
            "presslens.nlp",
            "presslens.fastpos",
            "presslens.pipeline",
            "presslens.components",
            "presslens.attribution",
            "presslens.rhetoric",
            "presslens.schema",
            "presslens.api",
            "presslens.corpus",
            "presslens.evaluation",
            "presslens.bench",
        ),
    ),
    ("store", ("presslens.store", "presslens.scale")),
    ("present", ("presslens.report", "presslens.web", "presslens.output", "presslens.cli", "presslens")),
)


def layer_of(module: str) -> int:
    """The index of the layer ``module`` belongs to (the longest matching prefix wins)."""
    best, best_len = None, -1
    for index, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    if best is None:
        raise AssertionError(
            f"{module} is in no layer: add it to tests/test_layering.py and docs/architecture.md"
        )
    return best


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted((SRC / "presslens").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _import_nodes(tree: ast.Module, top_level_only: bool) -> list[ast.Import | ast.ImportFrom]:
    """Import statements; with ``top_level_only``, only those that run when the module is imported
    (not inside a function, not under ``if TYPE_CHECKING:``)."""
    out: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if top_level_only and isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            if top_level_only and isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                out.append(child)
            visit(child)

    visit(tree)
    return out


def imports(module: str, path: Path, top_level_only: bool) -> set[str]:
    """The presslens modules ``module`` imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    known = modules()
    for node in _import_nodes(tree, top_level_only):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            parent = package.split(".")
            base = ".".join(parent[: len(parent) - node.level + 1] + ([base] if base else []))
        submodules = {f"{base}.{alias.name}" for alias in node.names} & known.keys()
        found.update(submodules or {base})  # "from presslens import layers" imports presslens.layers
    return {name for name in found if name in known and name != module}


def test_every_module_is_in_a_layer() -> None:
    for module in modules():
        layer_of(module)


def test_no_module_imports_from_a_layer_above_it() -> None:
    wrong = []
    for module, path in modules().items():
        own = layer_of(module)
        for target in imports(module, path, top_level_only=False):
            if layer_of(target) > own:
                wrong.append(f"{module} ({LAYERS[own][0]}) imports {target} ({LAYERS[layer_of(target)][0]})")
    assert not wrong, "\n".join(wrong)


def module_graph() -> dict[str, set[str]]:
    """Module-level imports: the ones that run when a module is imported."""
    return {module: imports(module, path, top_level_only=True) for module, path in modules().items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    graph = module_graph()
    # a module importing its own package's __init__ is not a cycle of design (Python runs it first)
    graph = {m: {t for t in targets if not m.startswith(t + ".")} for m, targets in graph.items()}
    assert cycles(graph) == []


#: Cross-article analyses: they read many articles at once. Modules that work on one article (the
#: figure rows, the quantity key) sit under them, and the store writes one article's rows, so neither
#: imports these.
CROSS_ARTICLE = ("presslens.corpus.quantities", "presslens.corpus.grouping", "presslens.corpus.compare")
PER_ARTICLE = ("presslens.corpus.figures", "presslens.corpus.quantity_key", "presslens.store")


def test_per_article_code_does_not_import_cross_article_analyses() -> None:
    wrong = [
        f"{module} imports {target}"
        for module, path in modules().items()
        if module.startswith(PER_ARTICLE)
        for target in imports(module, path, top_level_only=False)
        if target.startswith(CROSS_ARTICLE)
    ]
    assert not wrong, "\n".join(wrong)
    exports = "presslens.store.exports"  # the check sees what it must: the store's figure rows
    assert "presslens.corpus.figures" in imports(exports, modules()[exports], top_level_only=True)


@pytest.mark.parametrize(
    ("module", "layer"),
    [
        ("presslens.layers", "core"),
        ("presslens.components.coref", "analyse"),
        ("presslens.web.app", "present"),
    ],
)
def test_layer_of_reads_the_table(module: str, layer: str) -> None:
    assert LAYERS[layer_of(module)][0] == layer


def test_the_checks_catch_a_violation_and_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    view = "presslens.report.view"
    assert {"presslens.layers", "presslens.model"} <= imports(view, modules()[view], top_level_only=True)
    assert (
        layer_of("presslens.report.view") > layer_of("presslens.store.writer") > layer_of("presslens.model")
    )


def drawn_layers(doc: str) -> dict[str, set[str]]:
    """The modules docs/architecture.md draws in each layer: its first code block, a row naming its
    layer first and the rows under it continuing that layer."""
    block = doc.split("```", 2)[1]
    drawn: dict[str, set[str]] = {}
    layer = None
    for line in block.splitlines():
        words = line.split()
        if words and words[0] in dict(LAYERS):
            layer = words[0]
        if layer:
            drawn.setdefault(layer, set()).update(w.strip("`") for w in words if w.startswith("presslens."))
    return drawn


def test_architecture_doc_draws_every_layer_as_the_table_has_it() -> None:
    # the doc's diagram had fallen behind LAYERS (presslens.nlp, .attribution, .bench... were missing)
    doc = (SRC.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = {name: {p for p in prefixes if p != "presslens"} for name, prefixes in LAYERS}
    assert drawn_layers(doc) == table
