"""Finding a TrueType font with Vietnamese coverage for report PDFs.

Prefers the fonts bundled under ``resources/fonts/`` (Liberation Serif: Times New Roman metrics,
SIL OFL), then fonts installed on the system: DejaVu Serif (Debian ``fonts-dejavu-core``),
Liberation Serif, Noto Serif, and Times New Roman on Windows / macOS. All of them render
Vietnamese stacked diacritics correctly (perf-notes). Each face is looked up separately, so a
family missing its italic still works (the regular face stands in).

Trap (perf-notes): text drawn before a font is set, and any table cell without a FONT entry,
falls back to the non-embedded Helvetica — the PDF writer sets ``initialFontName`` and a FONT
entry in every table style.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from povdesk.errors import PovdeskError
from povdesk.resources import resource_path

FACES = ("regular", "bold", "italic", "bold_italic")

# Candidate families in order of preference: file names of the four faces.
_FAMILIES: tuple[tuple[str, str, str, str], ...] = (
    ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
     "LiberationSerif-BoldItalic.ttf"),
    ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf", "NotoSerif-BoldItalic.ttf"),
    ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf"),
    ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"),
    ("Times New Roman.ttf", "Times New Roman Bold.ttf", "Times New Roman Italic.ttf",
     "Times New Roman Bold Italic.ttf"),
)  # fmt: skip

SYSTEM_DIRS = (
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("C:/Windows/Fonts"),
    Path("/Library/Fonts"),
    Path("/System/Library/Fonts/Supplemental"),
)


@dataclass(frozen=True)
class FontFiles:
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


@dataclass(frozen=True)
class FontNames:
    """The names the faces are registered under with reportlab."""

    regular: str = "PovReport"
    bold: str = "PovReport-Bold"
    italic: str = "PovReport-Italic"
    bold_italic: str = "PovReport-BoldItalic"


def find_fonts(dirs: tuple[Path, ...] | None = None) -> FontFiles:
    """The first family whose regular face exists in ``resources/fonts`` or a system folder."""
    search = (resource_path("fonts"), *SYSTEM_DIRS) if dirs is None else dirs
    for folder in search:
        for family in _FAMILIES:
            regular = folder / family[0]
            if regular.is_file():
                faces = [folder / f if (folder / f).is_file() else regular for f in family]
                return FontFiles(*faces)
    raise PovdeskError(
        "Không tìm thấy phông chữ có đủ dấu tiếng Việt để tạo PDF (cần Liberation Serif trong "
        "resources/fonts, hoặc DejaVu Serif / Times New Roman cài trên máy). Trên Debian/Ubuntu: "
        "apt-get install fonts-dejavu-core"
    )


_lock = threading.Lock()
_registered: FontNames | None = None


def register_fonts() -> FontNames:
    """Register the report font family with reportlab once per process (thread-safe)."""
    global _registered
    with _lock:
        if _registered is not None:
            return _registered
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        files, names = find_fonts(), FontNames()
        for face in FACES:
            pdfmetrics.registerFont(TTFont(getattr(names, face), str(getattr(files, face))))
        pdfmetrics.registerFontFamily(
            names.regular,
            normal=names.regular,
            bold=names.bold,
            italic=names.italic,
            boldItalic=names.bold_italic,
        )
        _registered = names
        return names
