"""Start the Gezinsdossier desktop app (same as `dossier-app` without arguments)."""

from dossier_app.ui.app import main

if __name__ == "__main__":
    raise SystemExit(main())
