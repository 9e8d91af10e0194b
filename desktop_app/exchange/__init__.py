"""Signed exchange packages: the file formats only (manifest, package, signature, encryption).

Imports the standard library, `cryptography` and `desktop_app.domain`, nothing else of ours:
the services decide what goes in a package and where its keys come from.
"""
