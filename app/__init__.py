"""Counter: the comprehensive acceptance window application."""

__version__ = "0.1.0"
