"""Headless commands of `futasato`, one module per area; each exposes `register(subparsers)`."""
