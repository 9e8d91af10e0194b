"""The PySide6 window: one module per view or dialog. Only this package imports Qt."""
