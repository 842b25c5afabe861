"""Gezinsdossier: an encrypted family dossier for youth care (jeugdhulp).

The core (store, security, deadlines, letters, cli) never imports Qt;
``dossier_app.ui`` only shows and asks, and calls the core's service functions.
"""

__version__ = "0.1.0"
APP_NAME = "Gezinsdossier"
