"""A pipeline of named components over one article, in the manner of spaCy's `Language`.

A component is a plain function ``(article, doc) -> None`` that reads the spaCy `Doc` (whose
text is ``article.text``) and what earlier components wrote, and appends its own findings to the
article. Components are registered by a versioned name with the attributes they require and
assign; `Pipeline` checks before running that every requirement is assigned by an earlier
component, so a misordered pipeline fails at construction, not halfway through a batch.

Third-party analysers register the same way as built-ins: through the ``presslens.components``
entry-point group, whose modules are imported by `load_plugins`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points

from spacy.tokens import Doc

from presslens.errors import PipelineError
from presslens.model import Article

log = logging.getLogger(__name__)

ComponentFunc = Callable[[Article, Doc], None]

#: What the pipeline provides before any component runs.
BASE_ASSIGNS = frozenset({"doc", "metadata"})


@dataclass(frozen=True, slots=True)
class ComponentInfo:
    name: str
    func: ComponentFunc
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    @property
    def description(self) -> str:
        return (self.func.__doc__ or "").strip().splitlines()[0] if self.func.__doc__ else ""


_REGISTRY: dict[str, ComponentInfo] = {}


def component(
    name: str, *, requires: Sequence[str] = ("doc",), assigns: Sequence[str] = ()
) -> Callable[[ComponentFunc], ComponentFunc]:
    """Register ``func`` as the component ``name`` (e.g. ``"claims.v1"``)."""

    def register(func: ComponentFunc) -> ComponentFunc:
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise PipelineError(f"component {name!r} is registered twice")
        _REGISTRY[name] = ComponentInfo(name, func, tuple(requires), tuple(assigns))
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


def check_order(infos: Sequence[ComponentInfo]) -> None:
    """Raise if a component requires something no earlier component assigns."""
    available = set(BASE_ASSIGNS)
    for info in infos:
        missing = [need for need in info.requires if need not in available]
        if missing:
            raise PipelineError(
                f"component {info.name!r} requires {', '.join(missing)}, which no earlier component assigns"
            )
        available.update(info.assigns)


class Pipeline:
    """Runs spaCy, then the named components in order, over articles."""

    def __init__(self, names: Sequence[str] | None = None) -> None:
        from presslens.components.registry import DEFAULT_PIPELINE

        components = registered()
        chosen = list(names) if names is not None else list(DEFAULT_PIPELINE)
        unknown = [n for n in chosen if n not in components]
        if unknown:
            raise PipelineError(
                f"unknown component(s): {', '.join(unknown)}; known: {', '.join(sorted(components))}"
            )
        self.components = [components[n] for n in chosen]
        check_order(self.components)
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
        """Run every component on one parsed article; one failing component never sinks the batch."""
        for info in self.components:
            try:
                info.func(article, doc)
            except Exception as exc:
                log.exception("component %s failed on article %s", info.name, article.id)
                article.warnings.append(f"component {info.name} failed: {type(exc).__name__}: {exc}")
            else:
                article.components.append(info.name)
