"""The bundled document font: Liberation Serif (Times New Roman metrics, Vietnamese coverage).

Decree 30/2020 asks for Times New Roman; Liberation Serif is metric-compatible with it and is
licensed under the SIL OFL 1.1 (``resources/fonts/LICENSE-LiberationSerif.txt``), so povdesk
can ship and embed it. reportlab embeds TrueType fonts as subsets.

Trap: any text drawn before a font is set (and every table cell without a FONT entry) falls
back to Helvetica, which is *not* embedded. Canvases get ``initialFontName=SERIF`` and every
table style a FONT entry (see :mod:`povdesk.documents.styles`).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from functools import lru_cache

from povdesk.resources import resource_path

SERIF = "PovSerif"
SERIF_BOLD = "PovSerif-Bold"
SERIF_ITALIC = "PovSerif-Italic"
SERIF_BOLD_ITALIC = "PovSerif-BoldItalic"

_FILES = {
    SERIF: "LiberationSerif-Regular.ttf",
    SERIF_BOLD: "LiberationSerif-Bold.ttf",
    SERIF_ITALIC: "LiberationSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}
_lock = threading.Lock()
_done: set[str] = set()  # {"fonts"} once registered


def register_fonts() -> None:
    """Register the serif family with reportlab (once per process; thread-safe).

    Raises ``FileNotFoundError`` naming the missing font file if the bundle is incomplete.
    """
    if _done:
        return
    with _lock:
        if _done:  # another thread registered them meanwhile
            return
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, file in _FILES.items():
            path = resource_path("fonts", file)
            if not path.exists():
                raise FileNotFoundError(f"Thiếu tệp phông chữ {path}")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        # Lets <b>/<i> in Paragraph markup pick the right face.
        pdfmetrics.registerFontFamily(
            SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC, boldItalic=SERIF_BOLD_ITALIC
        )
        _done.add("fonts")


@lru_cache(maxsize=8192)
def string_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` in points (fonts must be registered). Cached: labels repeat a lot."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, font, size))


@contextlib.contextmanager
def binary_streams() -> Iterator[None]:
    """Write page streams Flate-compressed without the ASCII85 wrapper (reportlab's default
    adds it): 20 % smaller files, and the encoding is a third of the save time without the
    ``rl-accel`` C extension. reportlab reads the flag when it writes, so it is set only here."""
    from reportlab import rl_config

    old = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = old
