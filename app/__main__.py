"""``python -m app``: the ``counter`` command line (``python -m app gui`` starts the window)."""

from app.cli.main import main

raise SystemExit(main())
