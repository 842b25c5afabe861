"""The service layer: every use case of the app and the command line.

One module per area. Each function takes an open ``DossierSession`` (where it
needs the dossier) and plain values, and returns plain values or dataclasses;
no peewee model, query or driver error leaves this package. ``ui/`` and
``cli/`` call these functions and nothing below them (see
docs/ARCHITECTURE.md and tests/project/test_architecture.py).
"""
