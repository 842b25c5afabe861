"""Controllers: the logic behind the views (opening, locking, closing, backups)."""
