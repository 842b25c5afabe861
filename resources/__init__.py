"""Help texts and icons (package data: read with dossier_app.paths.resource_path)."""
