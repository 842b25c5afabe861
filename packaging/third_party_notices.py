"""Write THIRD-PARTY-NOTICES.txt: every package the app runs on, with its version, licence and licence texts.

Made from the metadata of the installed packages (importlib.metadata), following the requirements of
`gezinsdossier` itself (not the development or packaging tools). The bundle carries the file (make package).

    python packaging/third_party_notices.py build/THIRD-PARTY-NOTICES.txt
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

APP = "gezinsdossier"
LICENCE_FILE = re.compile(r"(^|/)(licen[cs]e|copying|notice|authors)[^/]*$", re.IGNORECASE)
# Components inside wheels whose licence the wheel metadata does not name (checked by hand, see docs/INSTALL.md).
BUNDLED = {
    "pyside6-essentials": "Qt 6 and Qt for Python: LGPL-3.0-only (or GPL-2.0/GPL-3.0); the Qt libraries are "
                          "shared libraries in the bundle and can be replaced.",
    "pyside6-addons": "Qt 6 add-on modules (Qt TextToSpeech for reading aloud): LGPL-3.0-only (or GPL-2.0/GPL-3.0); "
                      "shared libraries in the bundle that can be replaced.",
    "pillow-heif": "libheif (LGPL-3.0), libde265 (LGPL-3.0) and libx265 (GPL-2.0-or-later) are carried in the wheel.",
    "sqlcipher3": "SQLCipher (BSD-3-Clause) with OpenSSL/libcrypto (Apache-2.0) in the wheel.",
    "sqlcipher3-binary": "SQLCipher (BSD-3-Clause) with OpenSSL/libcrypto (Apache-2.0) in the wheel.",
}


def normalise(name: str) -> str:
    """The PEP 503 form of a package name (PySide6_Essentials → pyside6-essentials)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _name(requirement: str) -> str:
    return re.match(r"[A-Za-z0-9._-]+", requirement).group(0)


def _applies(requirement: str) -> bool:
    if ";" not in requirement:
        return True
    marker = requirement.split(";", 1)[1]
    if "extra" in marker:
        return False
    try:
        from packaging.markers import Marker

        return Marker(marker).evaluate()
    except ImportError:
        return True


def runtime_distributions(root: str = APP) -> list[metadata.Distribution]:
    """`root`'s installed requirements, recursively (without extras), sorted by name."""
    seen: dict[str, metadata.Distribution] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        key = normalise(name)
        if key in seen:
            continue
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = distribution
        todo += [_name(item) for item in distribution.requires or [] if _applies(item)]
    seen.pop(APP, None)
    return sorted(seen.values(), key=lambda item: item.metadata["Name"].lower())


def licence_of(distribution: metadata.Distribution) -> str:
    meta = distribution.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    classifiers = [value.split("::")[-1].strip() for value in meta.get_all("Classifier") or []
                   if value.startswith("License ::")]
    text = (meta.get("License") or "").strip()
    if classifiers:
        return ", ".join(classifiers)
    return text.splitlines()[0] if text else "see the licence text below"


def licence_texts(distribution: metadata.Distribution) -> list[tuple[str, str]]:
    texts = []
    for file in distribution.files or []:
        if LICENCE_FILE.search(str(file)):
            try:
                data = Path(file.locate()).read_bytes()
            except OSError:
                continue
            if b"\0" not in data[:1024]:
                texts.append((str(file), data.decode("utf-8", errors="replace")))
    return texts


def notices() -> str:
    from dossier_app import __version__

    lines = [f"Gezinsdossier {__version__} — licence GPL-3.0-or-later (see LICENSE).",
             "This program includes the following third-party components, each under its own licence.", ""]
    distributions = runtime_distributions()
    for distribution in distributions:
        meta = distribution.metadata
        lines.append(f"- {normalise(meta['Name'])} {distribution.version}: {licence_of(distribution)}")
    lines += ["", "Python itself: PSF-2.0 (Python Software Foundation License).", ""]
    for distribution in distributions:
        meta = distribution.metadata
        lines += ["=" * 78, f"{meta['Name']} {distribution.version}", f"Licence: {licence_of(distribution)}"]
        home = meta.get("Home-page") or next((url.split(",", 1)[-1].strip() for url in
                                             meta.get_all("Project-URL") or []), "")
        if home:
            lines.append(f"Source: {home}")
        if normalise(meta["Name"]) in BUNDLED:
            lines.append(f"Also carried: {BUNDLED[normalise(meta['Name'])]}")
        for path, text in licence_texts(distribution):
            lines += ["", f"--- {path} ---", text.rstrip()]
        lines.append("")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else "THIRD-PARTY-NOTICES.txt")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(notices(), encoding="utf-8")
    print(f"{target}: {len(runtime_distributions())} onderdelen")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
