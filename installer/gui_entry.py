"""Frozen-build entry point of the window application."""

import sys

from app.ui.main import main

sys.exit(main(sys.argv[1:]))
