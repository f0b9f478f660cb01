"""The checker run after every fault scenario: the contract's promise, verified end to end.

- every record made at a window is centrally present exactly once (in records, or in
  quarantine if it failed validation), with the content the window has;
- every window's outbox is drained or quarantined (nothing left pending);
- no central row exists that no window made;
- every window's own hash chain is intact (unless the scenario damaged it on purpose).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from app.services import record_log

from .conftest import CentralDb, Window


def check_delivery(
    central: CentralDb, windows: Iterable[Window], *, chains_intact: bool = True
) -> None:
    """``chains_intact=False`` for scenarios that damage records on purpose (poison)."""
    windows = list(windows)
    made: set[str] = set()
    local: dict[str, str] = {}
    quarantined_locally: set[str] = set()
    for w in windows:
        with w.ctx.store.read() as s:
            conn = s.connection()
            rows = conn.exec_driver_sql("SELECT id, content_hash FROM records").fetchall()
            states = Counter(r[0] for r in conn.exec_driver_sql("SELECT state FROM outbox"))
            quarantined_locally |= {
                r[0]
                for r in conn.exec_driver_sql(
                    "SELECT record_id FROM outbox WHERE state = 'quarantined'"
                )
            }
            if chains_intact:
                assert record_log.verify_chain(s) is None, "a window's hash chain is broken"
        assert set(states) <= {"quarantined"}, f"outbox not drained: {dict(states)}"
        local.update(dict(rows))
        made |= w.made | set(local)

    central_rows = central.rows("SELECT id::text, content_hash FROM counter.records")
    quarantine_rows = central.rows("SELECT record_id FROM counter.quarantine")
    seen = Counter([r[0] for r in central_rows] + [r[0] for r in quarantine_rows])
    content = dict(central_rows)

    missing = [rid for rid in local if seen[rid] == 0]
    doubled = [rid for rid in local if seen[rid] > 1]
    assert not missing, f"{len(missing)} records never arrived, e.g. {missing[:3]}"
    assert not doubled, f"{len(doubled)} records arrived twice, e.g. {doubled[:3]}"
    changed = [rid for rid, h in local.items() if rid in content and content[rid] != h]
    assert not changed, f"{len(changed)} records differ centrally, e.g. {changed[:3]}"
    in_quarantine = {r[0] for r in quarantine_rows}
    assert quarantined_locally == in_quarantine & set(local), "quarantine lists disagree"
    strangers = [rid for rid in seen if rid not in made]
    assert not strangers, f"{len(strangers)} central rows no window made, e.g. {strangers[:3]}"
