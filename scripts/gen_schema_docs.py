"""Regenerate docs/schema.json and the attribute tables of docs/annotations.md from the record types.

Run after changing `presslens.layers` (tests fail until the published files match the code):
``python scripts/gen_schema_docs.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from presslens.schema import schema_json, updated_annotations  # noqa: E402


def main() -> None:
    (REPO / "docs" / "schema.json").write_text(schema_json(), encoding="utf-8")
    annotations = REPO / "docs" / "annotations.md"
    annotations.write_text(updated_annotations(annotations.read_text(encoding="utf-8")), encoding="utf-8")
    print("wrote docs/schema.json and docs/annotations.md")


if __name__ == "__main__":
    main()
