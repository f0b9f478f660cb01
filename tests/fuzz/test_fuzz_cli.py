"""Hostile command-line arguments, run in-process through the CLI's main function: exit 0, or
exit 1/2 with a clear message, no internal error, and the store unchanged."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.conftest import assert_clear_failure
from tests.fuzz.strategies import HOSTILE_STRINGS

# An argument as a shell can pass it: no NUL; undecodable bytes arrive as lone surrogates
# (Python's surrogateescape), so those are in.
ARGS = [s for s in HOSTILE_STRINGS if "\x00" not in s] + [
    "LOCAL-0001",
    "s=s1",
    "s=s1,s3",
    "s=",
    "=",
    "s=s1=s2",
    "2027-01-04",
    "2026-02-30",
    "C3301-W03-20261123-0001",
    "-1",
    "0",
    "99999999999999999999",
    "\udcff\udcfe",
    "--help",
    "-",
    "--",
    "/dev/zero",
    "/",
]
arg = st.one_of(
    st.sampled_from(ARGS),
    st.text(st.characters(codec=None, exclude_characters="\x00"), max_size=20),
)


def commands(a: str, b: str, c: str) -> list[list[str]]:
    return [
        ["catalog", "show", a],
        ["catalog", "show", "LOCAL-0001", "--answer", a],
        ["catalog", "show", a, "--version", b],
        ["catalog", "search", a],
        ["catalog", "search", a, "--limit", b],
        ["case", "show", a],
        ["case", "list", "--day", a],
        ["report", "--day", a],
        ["print", "--item", a],
        ["print", "--item", "LOCAL-0001", "--answer", a],
        ["print", a, "--doc", "acceptance"],
        ["case", "state", a, "transferred", "--clerk", b],
        ["pickup", a, "--clerk", "clerk1", "--name", b, "--id-number", c],
        ["intake", a],
        ["holidays", "set", a, "off", "--by", "admin"],
        ["holidays", "import", a, "--by", "admin"],
        ["catalog", "import", a, "--by", "admin"],
        ["ticket", "taken", a, "--user", b],
        [a],
        ["catalog", a],
    ]


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(which=st.integers(0, 19), a=arg, b=arg, c=arg)
def test_hostile_arguments(window, admin_password, which, a, b, c):
    argv = commands(a, b, c)[which]
    before = window.snapshot()
    outside = set(window.home.root.parent.iterdir())
    code, _out, err = window.cli(*argv)
    if code != 0:
        assert_clear_failure(code, err)
        assert window.snapshot() == before, argv
    # Nothing appears beside the data directory, whatever the arguments named.
    assert set(window.home.root.parent.iterdir()) == outside, argv
