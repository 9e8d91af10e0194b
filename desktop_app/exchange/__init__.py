"""What travels between a town and its prefecture: formats only (no store, no Qt)."""
