"""SQLite storage: the only code that writes SQL."""
