"""The initialised window of the intake tests, for the hostile-input tests."""

from tests.intake.conftest import initialised, window  # noqa: F401
