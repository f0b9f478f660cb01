"""Everything Qt. Only this package imports PySide6; screens reach the core through services."""
