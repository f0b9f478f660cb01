"""The cached check values are the values scrypt makes, and the cache stays bounded."""

from __future__ import annotations

from app.core import id_check as checks

NUMBER = "110105194912310021"


def test_a_cached_or_warmed_value_is_the_scrypt_value() -> None:
    checks.forget_all()
    made = checks._scrypt(("C3301", NUMBER))
    assert checks.id_check("c3301 ", f" {NUMBER.lower()}") == made  # made now, kept
    assert checks.id_check("C3301", NUMBER) == made  # from the cache
    checks.forget_all()
    checks.warm("C3301", NUMBER)
    assert checks.id_check("C3301", NUMBER) == made  # waits for the warm-up
    assert checks.id_check("C3302", NUMBER) != made  # another centre, another value


def test_the_cache_keeps_the_latest_values_only() -> None:
    checks.forget_all()
    for i in range(checks.CACHE_SIZE + 5):
        checks._remember(("C3301", f"N{i}"), f"v{i}")
    assert len(checks._cache) == checks.CACHE_SIZE
    assert ("C3301", "N0") not in checks._cache
    assert checks.id_check("C3301", f"N{checks.CACHE_SIZE + 4}") == f"v{checks.CACHE_SIZE + 4}"
    checks.forget_all()
