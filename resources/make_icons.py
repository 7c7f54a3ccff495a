"""Draw the tray icons (one per state) and the application icon with QPainter, offscreen.

Run once after changing a design: ``QT_QPA_PLATFORM=offscreen python resources/make_icons.py``.
The PNGs it writes are committed; the app only loads them.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

HERE = Path(__file__).resolve().parent
WHITE = QColor("#ffffff")

# state → (background colour, glyph)
Glyph = Callable[[QPainter, float], None]


def island(p: QPainter, s: float) -> None:
    """A hill on the sea: the island this computer is."""
    path = QPainterPath()
    path.moveTo(0.22 * s, 0.62 * s)
    path.cubicTo(0.32 * s, 0.30 * s, 0.68 * s, 0.30 * s, 0.78 * s, 0.62 * s)
    path.closeSubpath()
    p.fillPath(path, WHITE)
    wave(p, s, 0.72)


def wave(p: QPainter, s: float, y: float) -> None:
    pen = QPen(WHITE, 0.06 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    path = QPainterPath()
    path.moveTo(0.2 * s, y * s)
    steps = 24
    for i in range(1, steps + 1):
        x = 0.2 + 0.6 * i / steps
        path.lineTo(x * s, (y + 0.035 * math.sin(i / steps * 4 * math.pi)) * s)
    p.drawPath(path)


def offloading(p: QPainter, s: float) -> None:
    """The island sending work away: an arrow leaving up and to the right."""
    small = QPainterPath()
    small.moveTo(0.16 * s, 0.66 * s)
    small.cubicTo(0.24 * s, 0.42 * s, 0.50 * s, 0.42 * s, 0.58 * s, 0.66 * s)
    small.closeSubpath()
    p.fillPath(small, WHITE)
    wave(p, s, 0.76)
    pen = QPen(WHITE, 0.075 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.drawLine(QPointF(0.50 * s, 0.48 * s), QPointF(0.76 * s, 0.22 * s))
    p.drawLine(QPointF(0.76 * s, 0.22 * s), QPointF(0.56 * s, 0.22 * s))
    p.drawLine(QPointF(0.76 * s, 0.22 * s), QPointF(0.76 * s, 0.42 * s))


def approval(p: QPainter, s: float) -> None:
    """A question mark: a request waits for a yes."""
    pen = QPen(WHITE, 0.1 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    path = QPainterPath()
    path.moveTo(0.36 * s, 0.36 * s)
    path.cubicTo(0.36 * s, 0.18 * s, 0.66 * s, 0.16 * s, 0.65 * s, 0.36 * s)
    path.cubicTo(0.64 * s, 0.48 * s, 0.5 * s, 0.48 * s, 0.5 * s, 0.6 * s)
    p.drawPath(path)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(WHITE))
    p.drawEllipse(QPointF(0.5 * s, 0.78 * s), 0.065 * s, 0.065 * s)


def paused(p: QPainter, s: float) -> None:
    """Two bars: offloading paused, everything stays here."""
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(WHITE))
    for x in (0.33, 0.55):
        p.drawRoundedRect(QRectF(x * s, 0.27 * s, 0.12 * s, 0.46 * s), 0.03 * s, 0.03 * s)


def error(p: QPainter, s: float) -> None:
    """An exclamation mark: the daemon cannot be reached."""
    pen = QPen(WHITE, 0.12 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.drawLine(QPointF(0.5 * s, 0.24 * s), QPointF(0.5 * s, 0.58 * s))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(WHITE))
    p.drawEllipse(QPointF(0.5 * s, 0.77 * s), 0.07 * s, 0.07 * s)


STATES: dict[str, tuple[str, Glyph]] = {
    "local": ("#2e8b57", island),  # sea green: all here
    "offloading": ("#2f6fde", offloading),  # blue: work is elsewhere
    "approval": ("#e0a100", approval),  # amber: needs you
    "local-only": ("#6b7280", paused),  # grey: paused
    "error": ("#d93025", error),  # red: broken
}


def draw(colour: str, glyph: Glyph, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(QColor(colour)))
    inset = size * 0.03
    p.drawEllipse(QRectF(inset, inset, size - 2 * inset, size - 2 * inset))
    glyph(p, float(size))
    p.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv)
    for name, (colour, glyph) in STATES.items():
        for size in (22, 32, 64):
            draw(colour, glyph, size).save(str(HERE / f"tray-{name}-{size}.png"))
    draw("#1f7a8c", island, 256).save(str(HERE / "islandrun.png"))
    # The application icon for the installers (briefcase.toml: icon = "resources/islandrun"):
    # PNGs per size for Linux packages, .icns for macOS, .ico for Windows (Qt's image plugins).
    for size in (16, 32, 64, 128, 256, 512):
        draw("#1f7a8c", island, size).save(str(HERE / f"islandrun-{size}.png"))
    draw("#1f7a8c", island, 512).save(str(HERE / "islandrun.icns"), "icns")
    draw("#1f7a8c", island, 256).save(str(HERE / "islandrun.ico"), "ico")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
