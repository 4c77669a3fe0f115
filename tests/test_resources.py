"""Domain knowledge is data: the resource files load, merge with a user's own, and change the output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from presslens.errors import InputError
from presslens.vocab import ENV_VAR, load, merge

SRC = Path(__file__).resolve().parents[1] / "src"


def test_merge_lays_the_user_file_over_the_built_in() -> None:
    base = {"names": {"a": "A", "b": "B"}, "rules": [["x", "1"], ["y", "2"]], "about": "built-in"}
    extra = {"names": {"b": "Bee", "c": "C"}, "rules": [["z", "3"]]}
    assert merge(base, extra) == {
        "names": {"a": "A", "b": "Bee", "c": "C"},
        "rules": [["z", "3"], ["x", "1"], ["y", "2"]],  # the user's rules are tried first
        "about": "built-in",
    }


@pytest.mark.parametrize(
    "name",
    [
        "affiliations.json",
        "sources.json",
        "people.json",
        "first_names.json",
        "cues.json",
        "actors.json",
        "quantities.json",
        "grouping.json",
    ],
)
def test_every_built_in_resource_loads_and_says_what_it_holds(name: str) -> None:
    data = load(name)
    assert data["about"]
    assert len(data) > 1


def test_a_missing_resource_directory_is_an_error(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nowhere"))
    with pytest.raises(InputError, match="does not exist"):
        load("sources.json")


TEXT = (
    "Harbour master Freya Lind met union leader Torbjorn Ekwall on Monday, "
    "writing in the Dockside Bulletin.\n\n"
    "Ekwall called the talks useless. She said 300 dockers had walked out.\n"
)

PROBE = """
import json, sys
from presslens.api import analyze
article = analyze(sys.stdin.read()).to_dict()
print(json.dumps({
    "sources": {s["text"]: s["type"] for s in article["sources"]},
    "resolved": [(c["attribution"] or {}).get("resolved", {}).get("name") for c in article["claims"]],
    "mentions": [(m["text"], m["name"]) for m in article["mentions"] if m["label"] == "pronoun"],
}))
"""


def run_probe(env_dir: Path | None) -> dict:
    env = {**os.environ, "PYTHONPATH": str(SRC), "PRESSLENS_STRICT": "1"}
    env.pop(ENV_VAR, None)
    if env_dir is not None:
        env[ENV_VAR] = str(env_dir)
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        input=TEXT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_documented_extension_changes_the_analysis(tmp_path) -> None:
    """docs/resources.md's example: a new outlet and a first name the built-in files do not know."""
    (tmp_path / "sources.json").write_text(json.dumps({"gazetteer": {"Dockside Bulletin": "outlet"}}))
    (tmp_path / "people.json").write_text(
        json.dumps({"gender": {"female": {"first_names": ["Freya"]}, "male": {"first_names": ["Torbjorn"]}}})
    )
    plain, extended = run_probe(None), run_probe(tmp_path)
    assert extended["sources"].get("the Dockside Bulletin") == "outlet"
    assert "the Dockside Bulletin" not in plain["sources"]
    # without the names, "She" goes to the nearest subject; with them, a man is no candidate
    assert plain["mentions"] == [["She", "Torbjorn Ekwall"]]
    assert extended["mentions"] == [["She", "Freya Lind"]]
    assert extended["resolved"] == ["Freya Lind"]


DISCOURSE_PROBE = """
import json
from presslens.components.attributions import MARKER_SAID_RE
from presslens.components.resolver import FRONTED_RE
print(json.dumps([
    bool(MARKER_SAID_RE.fullmatch("That being said,")),
    bool(MARKER_SAID_RE.fullmatch("this said,")),
    bool(MARKER_SAID_RE.fullmatch("That was said,")),
    bool(MARKER_SAID_RE.fullmatch("Which being said,")),
    bool(FRONTED_RE.match("Even though the port reopened, she said")),
    bool(FRONTED_RE.match("Whenever the port closes, she said")),
]))
"""


def test_the_discourse_patterns_are_built_from_cues_json(tmp_path) -> None:
    """The words of "That said," and of paragraph-opening clauses are data (cues.json `discourse`): a user's
    file extends them, and the built-in ones match as the hand-written patterns did."""
    (tmp_path / "cues.json").write_text(
        json.dumps(
            {"discourse": {"said_marker": {"openers": ["which"]}, "fronted_clause_openers": ["Whenever"]}}
        )
    )
    outs = []
    for extra in (None, tmp_path):
        env = {**os.environ, "PYTHONPATH": str(SRC), "PRESSLENS_STRICT": "1"}
        env.pop(ENV_VAR, None)
        if extra is not None:
            env[ENV_VAR] = str(extra)
        done = subprocess.run(
            [sys.executable, "-c", DISCOURSE_PROBE],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=True,
        )
        outs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert outs[0] == [True, True, False, False, True, False]
    assert outs[1] == [True, True, False, True, True, True]
