"""PyInstaller runtime hook: runs in the bundle before the app is imported.

- The bootloader puts the bundle's library folder first on LD_LIBRARY_PATH (Linux) for itself and keeps the
  user's own value in LD_LIBRARY_PATH_ORIG. Programs the app starts (tesseract, soffice, pdftoppm, xdg-open and
  the file manager it opens) must not load the bundle's Qt/OpenSSL/libstdc++: give them the user's value back.
  This process is not affected (the dynamic loader read the variable when it started).
- No locale set at all (a bare environment, some desktop launchers): use C.UTF-8, so that Qt and the child
  programs read and write UTF-8 file names and text.
"""

import os
import sys

if sys.platform.startswith("linux") or sys.platform.startswith("freebsd"):
    for name in ("LD_LIBRARY_PATH",):
        original = os.environ.pop(f"{name}_ORIG", None)
        if original is not None:
            os.environ[name] = original
        else:
            os.environ.pop(name, None)

if sys.platform != "win32" and not any(os.environ.get(name) for name in ("LC_ALL", "LC_CTYPE", "LANG")):
    os.environ["LANG"] = "C.UTF-8"
