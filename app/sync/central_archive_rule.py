"""Publishing the county's volume-number rule (档号规则) from the central database
(docs/archive.md, "The volume number (档号)").

The rule is checked as the window's own ``counter archive rule`` checks it (app/core/
archive_package.py ``VolumeRule.check``) and, going to many windows, so that no two windows of
the county can make the same number (``check_county`` for the whole county; a rule for one
centre may give that centre's own 全宗号). A refused rule publishes nothing. Like the catalog,
the newest publication a window receives replaces the one before; it numbers the volumes filed
from then on, never those filed before.
"""

from __future__ import annotations

import json

from app.core.archive_package import VolumeRule
from app.core.errors import CounterError
from app.sync.central_admin import Published, _audience, _publish
from app.sync.central_schema import admin_connection, normalise_code

DATASET = "archive_rule"


def publish_archive_rule(db_url: str, rule: VolumeRule, centre: str | None = None) -> Published:
    """Check ``rule`` and publish it for the windows of ``centre`` (every window without)."""
    code = normalise_code(centre, "centre") if centre else None
    try:
        if code is None:
            rule.check_county()
        else:
            rule.check()
    except CounterError as exc:
        raise CounterError(exc.code, f"{exc.message}；档号规则未发布", path=exc.path) from exc
    body = json.dumps(rule.to_doc(), ensure_ascii=False, sort_keys=True)
    with admin_connection(db_url) as conn:
        if code is not None and (
            conn.execute("SELECT 1 FROM counter.centres WHERE code = %s", (code,)).fetchone()
            is None
        ):
            raise CounterError("central.unknown_centre", f"中心 {code} 还没有登记任何窗口")
        version = _publish(conn, DATASET, body, code)
    sample = rule.format(2026, code or "C01", "W01", 1)
    return Published(
        DATASET, version, _audience(code), f"档号规则 {rule.template}（示例 {sample}）"
    )
