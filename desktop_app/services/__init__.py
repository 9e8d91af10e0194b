"""Use cases: each is one transaction with one audit row. The GUI and the CLI both call these."""
