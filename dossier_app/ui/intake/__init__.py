"""Importing received letters: progress while files are read, then a review dialog."""

from dossier_app.ui.intake.importer import IntakeController  # noqa: F401
