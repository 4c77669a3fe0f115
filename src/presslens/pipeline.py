"""A pipeline of named components over one article, in the manner of spaCy's `Language`.

A component is a plain function ``(article, doc) -> None`` that reads the spaCy `Doc` (whose
text is ``article.text``) and fields that earlier components wrote, and writes its own fields.
It is registered by a versioned name with the fields it ``reads`` and ``writes`` (the names in
`presslens.layers.FIELDS`, or a plugin's own). The contract:

* **Order.** Before anything runs, `check_order` refuses a pipeline in which a component reads a
  field that no earlier component writes, or two components write the same field, with a
  one-line reason that names the component to add or move.
* **One writer per field.** A component writes only what it declares, and never edits another
  component's records (they are frozen). A value that belongs on another component's records is
  published as a link field and joined by `Article.finish` after the last component.
* **Strict mode** (``Pipeline(strict=True)``, or ``PRESSLENS_STRICT=1``; the test suite turns it
  on) enforces the declarations at run time: the component sees the article through
  `StrictArticle`, whose layers and results raise `ContractError` on any undeclared read or
  write; every field it does not write is compared before and after it runs, so a change made
  behind the guards (through a nested dict, say) fails too; and what it writes is checked
  against the declared record types.

Third-party analysers register the same way as built-ins: through the ``presslens.components``
entry-point group, whose modules are imported by `load_plugins`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

from spacy.tokens import Doc

from presslens.errors import PipelineError
from presslens.layers import BASE_FIELDS, FIELDS, Span, check_type, record_type
from presslens.model import Article

log = logging.getLogger(__name__)

ComponentFunc = Callable[[Article, Doc], None]

#: What the pipeline provides before any component runs.
BASE_ASSIGNS = frozenset(BASE_FIELDS)
#: Strict mode for every pipeline built without an explicit ``strict`` (tests set it).
STRICT_ENV = "PRESSLENS_STRICT"


class ContractError(PipelineError):
    """A component read or wrote a field it did not declare (strict mode)."""


@dataclass(frozen=True, slots=True)
class ComponentInfo:
    name: str
    func: ComponentFunc
    reads: tuple[str, ...]
    writes: tuple[str, ...]

    @property
    def requires(self) -> tuple[str, ...]:  # spaCy's word for it, kept for the CLI listing
        return self.reads

    @property
    def assigns(self) -> tuple[str, ...]:
        return self.writes

    @property
    def description(self) -> str:
        return (self.func.__doc__ or "").strip().splitlines()[0] if self.func.__doc__ else ""


_REGISTRY: dict[str, ComponentInfo] = {}


def component(
    name: str,
    *,
    reads: Sequence[str] | None = None,
    writes: Sequence[str] | None = None,
    requires: Sequence[str] | None = None,
    assigns: Sequence[str] | None = None,
) -> Callable[[ComponentFunc], ComponentFunc]:
    """Register ``func`` as the component ``name`` (e.g. ``"claims.v1"``).

    ``reads``: the fields it needs (``doc``, ``text``, ``metadata`` and fields earlier components
    write); ``writes``: the fields it produces, and it alone. ``requires``/``assigns`` are the
    same lists under spaCy's names.
    """
    read_list = tuple(reads if reads is not None else requires if requires is not None else ("doc",))
    write_list = tuple(writes if writes is not None else assigns if assigns is not None else ())

    def register(func: ComponentFunc) -> ComponentFunc:
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise PipelineError(f"component {name!r} is registered twice")
        base = BASE_ASSIGNS.intersection(write_list)
        if base:
            raise PipelineError(f"component {name!r} cannot write {', '.join(sorted(base))}")
        _REGISTRY[name] = ComponentInfo(name, func, read_list, write_list)
        return func

    return register


def registered() -> dict[str, ComponentInfo]:
    """All registered components, built-ins and plugins, by name."""
    from presslens.components import registry  # noqa: F401  (registers the built-ins)

    load_plugins()
    return dict(_REGISTRY)


_plugins_loaded = False


def load_plugins() -> None:
    """Import the modules that third-party packages declare under ``presslens.components``."""
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for entry in entry_points(group="presslens.components"):
        try:
            entry.load()
        except Exception as exc:  # a broken plugin must not break the built-ins
            log.warning("could not load PressLens plugin %s: %s", entry.name, exc)


def _writers(field: str) -> list[str]:
    return sorted(name for name, info in _REGISTRY.items() if field in info.writes)


def check_order(infos: Sequence[ComponentInfo]) -> None:
    """Raise `PipelineError`, with a one-line reason, unless the components can run in this order.

    Every field a component reads must be written by an earlier one (or be ``doc``, ``text`` or
    ``metadata``); no field may be written by two components; no component may be listed twice.
    """
    if not infos:
        raise PipelineError("no components to run: name at least one (see `presslens components`)")
    position = {info.name: i for i, info in enumerate(infos)}
    if len(position) != len(infos):
        twice = next(i.name for i in infos if sum(j.name == i.name for j in infos) > 1)
        raise PipelineError(f"component {twice!r} is listed twice")
    written_by: dict[str, str] = {}
    for info in infos:
        for name in info.writes:
            if name in written_by:
                raise PipelineError(f"{name} is written by both {written_by[name]} and {info.name}")
            written_by[name] = info.name
    available = set(BASE_ASSIGNS)
    for info in infos:
        missing = [need for need in info.reads if need not in available]
        if missing:
            hints = []
            for need in missing:
                writer = written_by.get(need)
                if writer is not None:
                    hints.append(f"{need} is written by {writer}, which runs after it")
                else:
                    writers = _writers(need)
                    hints.append(
                        f"add {' or '.join(writers)} before it" if writers else f"nothing writes {need}"
                    )
            raise PipelineError(
                f"component {info.name!r} reads {', '.join(missing)}, which no earlier component "
                f"writes ({'; '.join(hints)})"
            )
        available.update(info.writes)


def choose(names: Sequence[str]) -> list[ComponentInfo]:
    """The registered components ``names``, in order; `PipelineError` with a one-line reason when a
    name is unknown or the order cannot run (`check_order`). Loads no model: commands call it to
    refuse a bad ``--components`` before reading any input."""
    components = registered()
    unknown = [n for n in names if n not in components]
    if unknown:
        raise PipelineError(
            f"unknown component(s): {', '.join(unknown)}; known: {', '.join(sorted(components))}"
        )
    chosen = [components[n] for n in names]
    check_order(chosen)
    return chosen


def strict_default() -> bool:
    return os.environ.get(STRICT_ENV, "") not in ("", "0")


class Pipeline:
    """Runs spaCy, then the named components in order, over articles."""

    def __init__(self, names: Sequence[str] | None = None, *, strict: bool | None = None) -> None:
        from presslens.components.registry import DEFAULT_PIPELINE

        self.components = choose(names if names is not None else DEFAULT_PIPELINE)
        self.strict = strict_default() if strict is None else strict
        from presslens.nlp import load_spacy

        self.nlp = load_spacy()

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    def __call__(self, article: Article) -> Article:
        return next(iter(self.pipe([article])))

    def pipe(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[Article]:
        """Analyse articles in batches through `nlp.pipe`, yielding each when done."""
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            self.apply(article, doc)
            yield article

    def apply(self, article: Article, doc: Doc) -> None:
        """Run every component on one parsed article; one failing component never sinks the batch.

        In strict mode a contract violation is raised, not turned into a warning.
        """
        for info in self.components:
            try:
                if self.strict:
                    run_strict(info, article, doc)
                else:
                    info.func(article, doc)
            except ContractError:
                raise
            except Exception as exc:
                log.exception("component %s failed on article %s", info.name, article.id)
                article.warnings.append(f"component {info.name} failed: {type(exc).__name__}: {exc}")
            else:
                article.components.append(info.name)
        article.finish()
        if self.strict:
            try:
                article.check()
            except ValueError as exc:
                raise ContractError(f"after the pipeline: {exc}") from exc


# ---- strict mode -------------------------------------------------------------------------------

_METADATA_ATTRS = frozenset({"title", "outlet", "published", "author", "source", "offsets"})


class GuardedFields(MutableMapping[str, Any]):
    """An article's layers or results as one component may see them in strict mode.

    Reading a field it does not declare (``[]``, ``get``, ``in``) or writing one it does not
    write raises `ContractError`; a layer it only reads comes back as a tuple, so an ``append``
    fails at once. Iterating over every field is refused: no component needs all of them.
    """

    def __init__(
        self, data: dict[str, Any], owner: str, kind: str, reads: set[str], writes: set[str]
    ) -> None:
        self._data = data
        self._owner = owner
        self._kind = kind
        self._reads = reads
        self._writes = writes

    def _check_read(self, key: str) -> None:
        if key not in self._reads and key not in self._writes:
            raise ContractError(f"{self._owner} reads {self._kind} {key!r}, which it does not declare")

    def __getitem__(self, key: str) -> Any:
        self._check_read(key)
        value = self._data[key]
        if key not in self._writes and isinstance(value, list):
            return tuple(value)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        self._check_read(key)
        return self[key] if key in self._data else default

    def __contains__(self, key: object) -> bool:
        self._check_read(str(key))
        return key in self._data

    def __setitem__(self, key: str, value: Any) -> None:
        if key not in self._writes:
            raise ContractError(f"{self._owner} writes {self._kind} {key!r}, which it does not declare")
        self._data[key] = value

    def __delitem__(self, key: str) -> None:
        if key not in self._writes:
            raise ContractError(f"{self._owner} deletes {self._kind} {key!r}, which it does not write")
        del self._data[key]

    def __iter__(self) -> Iterator[str]:
        raise ContractError(f"{self._owner} iterates over all {self._kind}; read the ones it declares")

    def __len__(self) -> int:
        raise ContractError(f"{self._owner} counts all {self._kind}; read the ones it declares")


class StrictArticle:
    """The article as a component sees it in strict mode: its declared fields, nothing else."""

    __slots__ = ("_article", "_info", "layers", "results")

    def __init__(self, article: Article, info: ComponentInfo) -> None:
        reads, writes = set(info.reads), set(info.writes)
        # a plugin's own (unregistered) field may be a layer or a result: both guards let it through
        layer_names = {n for n in reads | writes if _kind(n) in ("layer", "plugin")}
        result_names = {n for n in reads | writes if _kind(n) in ("result", "plugin")}
        object.__setattr__(self, "_article", article)
        object.__setattr__(self, "_info", info)
        object.__setattr__(
            self,
            "layers",
            GuardedFields(article.layers, info.name, "layer", reads & layer_names, writes & layer_names),
        )
        object.__setattr__(
            self,
            "results",
            GuardedFields(article.results, info.name, "result", reads & result_names, writes & result_names),
        )

    def __getattr__(self, name: str) -> Any:
        article, info = self._article, self._info
        if name in ("text", "id", "warnings"):
            return getattr(article, name)
        if name in _METADATA_ATTRS:
            if "metadata" not in info.reads:
                raise ContractError(f"{info.name} reads the article's {name}, but does not declare metadata")
            return getattr(article, name)
        raise ContractError(f"{info.name} uses article.{name}, which components may not")

    def __setattr__(self, name: str, value: Any) -> None:
        raise ContractError(
            f"{self._info.name} sets article.{name}; components write fields, not the article"
        )

    def add(self, layer: str, record: Span) -> Span:
        info = self._info
        if layer not in info.writes:
            raise ContractError(f"{info.name} adds to layer {layer!r}, which it does not declare")
        if record.component != info.name:
            raise ContractError(f"{info.name} adds a record made by {record.component!r} to {layer!r}")
        return self._article.add(layer, record)


def _kind(name: str) -> str:
    spec = FIELDS.get(name)
    if spec is not None:
        return spec.kind
    return "base" if name in BASE_ASSIGNS else "plugin"


def _fingerprint(article: Article, skip: set[str]) -> dict[str, str]:
    """A deep textual picture of every field not in ``skip`` (records are dataclasses: repr is deep)."""
    out = {f"layer:{k}": repr(v) for k, v in article.layers.items() if k not in skip}
    out.update({f"result:{k}": repr(v) for k, v in article.results.items() if k not in skip})
    out["metadata"] = repr([getattr(article, a) for a in sorted(_METADATA_ATTRS)])
    return out


def run_strict(info: ComponentInfo, article: Article, doc: Doc) -> None:
    """Run one component under the contract (see the module docstring)."""
    writes = set(info.writes)
    before = _fingerprint(article, writes)
    info.func(StrictArticle(article, info), doc)  # type: ignore[arg-type]
    after = _fingerprint(article, writes)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if changed:
        raise ContractError(f"{info.name} changed {', '.join(changed)}, which it does not write")
    for name in sorted(writes):
        spec = FIELDS.get(name)
        try:
            for record in article.layers.get(name, []):
                if record.component != info.name:
                    raise ContractError(
                        f"{info.name}: layer {name} holds a record made by {record.component!r}"
                    )
                check_type(record_type(name), record)
            if spec is not None and spec.kind == "result" and name in article.results:
                check_type(spec.type, article.results[name])
        except ValueError as exc:
            raise ContractError(f"{info.name} wrote {name} with the wrong type: {exc}") from exc
