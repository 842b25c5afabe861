"""The built-in letter templates (package data: read with dossier_app.paths.templates_dir)."""
