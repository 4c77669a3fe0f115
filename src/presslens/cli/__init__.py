"""The `presslens` command line (entry point ``presslens = "presslens.cli:app"``).

One module per command or command group; `console` holds the shared error/warning printing and the
documented exit codes; `root` assembles them. Nothing outside this package imports it, so domain code
never depends on the CLI.
"""

from presslens.cli.root import app

__all__ = ["app"]
