"""The bundle's program: `gezinsdossier` opens the app; with a command it is the command line (dossier-app).

`gezinsdossier --selftest` checks the bundle; `--sjabloon-apart` is the hidden child of letters/isolated.py.
"""

from dossier_app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
