"""Make the Windows .ico and macOS .icns from resources/icon.svg (Qt renders the SVG, Pillow writes the files).

    python packaging/make_icons.py        # → packaging/windows/gezinsdossier.ico, packaging/macos/gezinsdossier.icns
Run before `make package` on Windows and macOS (the CI workflows do); the files are build output, not kept in git.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (16, 32, 48, 64, 128, 256, 512, 1024)


def render(size: int):
    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(ROOT / "resources" / "icon.svg"))
    image = QImage(size, size, QImage.Format_ARGB32)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(io.BytesIO(bytes(data.data()))).convert("RGBA")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs one for painting
    largest = render(1024)
    ico = ROOT / "packaging" / "windows" / "gezinsdossier.ico"
    icns = ROOT / "packaging" / "macos" / "gezinsdossier.icns"
    render(256).save(ico, sizes=[(size, size) for size in SIZES if size <= 256])
    largest.save(icns)
    print(f"{ico.relative_to(ROOT)}, {icns.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
