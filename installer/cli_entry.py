"""Frozen-build entry point of the `counter` command line."""

import sys

from app.cli.main import main

sys.exit(main())
