"""What the bundle carries besides code: the app's own data files, listed by hand (read by the PyInstaller spec).

tests/project/test_packaging.py walks the package and the template/resource folders and checks that every data file the
app reads at run time is matched by one of these patterns (and that no pattern matches nothing), so a new kind
of data file fails the test instead of the bundle.
"""

from __future__ import annotations

from pathlib import Path

# (pattern relative to the repository, folder inside the bundle)
APP_DATA = [
    ("templates/__init__.py", "dossier_app/templates"),
    ("templates/*.toml", "dossier_app/templates"),
    ("templates/reference.docx", "dossier_app/templates"),
    ("templates/letters/*.toml", "dossier_app/templates/letters"),
    ("templates/letters/*.md.j2", "dossier_app/templates/letters"),
    ("templates/gesprek/*.toml", "dossier_app/templates/gesprek"),
    ("templates/gesprek/*.md.j2", "dossier_app/templates/gesprek"),
    ("templates/plan/*.md.j2", "dossier_app/templates/plan"),
    ("resources/__init__.py", "dossier_app/resources"),
    ("resources/icon.svg", "dossier_app/resources"),
    ("resources/help/*.md", "dossier_app/resources/help"),
    ("dossier_app/*.toml", "dossier_app"),
    ("dossier_app/deadlines/*.toml", "dossier_app/deadlines"),
    ("dossier_app/intake/*.toml", "dossier_app/intake"),
    ("dossier_app/store/export-schema.json", "dossier_app/store"),
    ("dossier_app/store/migrations/*.sql", "dossier_app/store/migrations"),
]

# Packages imported by name (importlib) that PyInstaller cannot see: every module of the app is carried.
HIDDEN_PACKAGES = ["dossier_app"]

# Third-party packages whose data files are needed at run time (fonts, word lists, JSON schemas, .docx defaults).
THIRD_PARTY_DATA = ["qtawesome", "zxcvbn", "docx", "babel", "jsonschema_specifications", "fpdf", "extract_msg",
                    "dateutil", "tzdata"]
# Packages whose metadata must be present (entry points: keyring finds its backends through them).
METADATA = ["keyring", "gezinsdossier"]

# Kept from babel's ~800 locale files and from Qt's translations: the app speaks Dutch, English is the fallback.
BABEL_LOCALES = ("root", "nl", "nl_NL", "nl_BE", "en", "en_US", "en_GB", "en_001", "en_150")
QT_TRANSLATION_LANGUAGES = ("nl", "en")

EXCLUDES = [
    # Start-up halves without these (pkg_resources scans every distribution on import).
    "setuptools", "pkg_resources", "distutils", "pip", "wheel",
    "tkinter", "_tkinter", "pytest", "hypothesis", "IPython", "numpy",
    # Qt modules the app does not use (WebEngine, Quick/QML, 3D, Multimedia are not in PySide6-Essentials anyway).
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickControls2", "PySide6.QtQuickWidgets", "PySide6.QtQuickTest",
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.Qt3DCore", "PySide6.QtMultimedia",
    "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtUiTools",
    "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtConcurrent", "PySide6.QtXml",
    "PySide6.QtLabsStyleKit", "PySide6.QtQmlFeatures",
]


def app_data(root: Path) -> list[tuple[str, str]]:
    """(source file, folder inside the bundle) for every file the patterns match."""
    found = []
    for pattern, target in APP_DATA:
        for path in sorted(root.glob(pattern)):
            if path.is_file():
                found.append((str(path), target))
    return found


def keep_babel_locale(name: str) -> bool:
    """`name` is a bundle path; False for a babel locale file of another language."""
    parts = Path(name).parts
    if "babel" not in parts or "locale-data" not in parts:
        return True
    return Path(name).stem in BABEL_LOCALES


def keep_qt_translation(name: str) -> bool:
    parts = Path(name).parts
    if "translations" not in parts or not name.endswith(".qm"):
        return True
    return Path(name).stem.rsplit("_", 1)[-1] in QT_TRANSLATION_LANGUAGES


# Linux: Qt's GTK 3 platform theme pulls in GTK, GDK, ATK, Cairo and Pango (about 15 MB) that must match the
# desktop they run on; without the plugin Qt draws its own Fusion-style dialogs. These are left out of the bundle.
DROPPED_LIBRARIES = ("libqgtk3.so", "libgtk-3.so", "libgdk-3.so", "libatk-1.0.so", "libatk-bridge-2.0.so",
                     "libcairo.so", "libcairo-gobject.so", "libpango-1.0.so", "libpangocairo-1.0.so",
                     "libpangoft2-1.0.so", "libgdk_pixbuf-2.0.so", "libepoxy.so", "libatspi.so")


def keep_binary(name: str) -> bool:
    """`name` is a bundle path of a shared library; False for the GTK theme and what only it needs."""
    base = Path(name).name
    return not any(base == dropped or base.startswith(dropped + ".") for dropped in DROPPED_LIBRARIES)
