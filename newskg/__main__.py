"""`python -m newskg`. Guarded: spawned worker processes (validation and ingest pools) import
the parent's main module and must not run the command again."""

import sys

from newskg.cli import main

if __name__ == "__main__":
    sys.exit(main())
