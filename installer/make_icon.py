"""Draw the application icon (installer/icons/counter.png and counter.ico) with the bundled font.

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/make_icon.py

A blue tile with 窗 (window, as in 综合受理窗口) in white: legible at 16 px in a menu.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter

HERE = Path(__file__).resolve().parent
FONT = HERE.parent / "resources" / "fonts" / "CounterSansSC-Regular.ttf"


def draw(size: int, family: str) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = size * 0.04
    tile = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#17365d"))  # the starting window's colour
    p.drawRoundedRect(tile, size * 0.18, size * 0.18)
    font = QFont(family)
    font.setPixelSize(int(size * 0.66))
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(tile, Qt.AlignmentFlag.AlignCenter, "窗")
    p.end()
    return image


def main() -> None:
    QGuiApplication([])
    family = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(FONT)))[0]
    out = HERE / "icons"
    out.mkdir(exist_ok=True)
    draw(256, family).save(str(out / "counter.png"))
    draw(256, family).save(str(out / "counter.ico"))  # Qt's ico writer: one 256 px image
    print(f"wrote {out / 'counter.png'} and {out / 'counter.ico'}")


if __name__ == "__main__":
    main()
