"""`presslens schema`: print the JSON Schema of the output."""

from __future__ import annotations

import typer


def schema() -> None:
    """Print the JSON Schema of the presslens/1 article object (docs/schema.json)."""
    from presslens.schema import schema_json

    typer.echo(schema_json(), nl=False)
