"""Sync with the county's central PostgreSQL database. Qt-free: the GUI calls it from a worker.

Public API:
- ``setup.configure_central(ctx, url, password)``: store the address, the password in the keyring;
- ``engine.SyncEngine(ctx, options).run(progress, cancel) -> SyncSummary`` (where it stands:
  ``services.sync_state.sync_status(store)``, which needs no network);
- ``central_schema`` / ``central_admin``: the administrator's side (init, windows, publishing,
  report), used by ``counter central ...``.

The protocol and its guarantees are described in docs/central.md.
"""
