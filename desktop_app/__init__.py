"""Futasato (ふたさと): the counter application for two-region residence."""

__version__ = "0.1.0"
