"""Plain-Python rules of the town's registers. Imports nothing outside this package."""
