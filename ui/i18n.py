"""UI language: Vietnamese is the source language of every string; English via Qt translations.

``resources/translations/povdesk_en.ts`` is the translation source (edit with Qt Linguist or by
hand); ``povdesk_en.qm`` is its compiled form (``pyside6-lrelease``), both committed. Strings are
marked with ``self.tr("…")`` in widgets and ``QCoreApplication.translate(context, "…")``
elsewhere; run ``scripts/update-translations.sh`` after adding strings.
Core messages (validation problems) stay Vietnamese: they are the law's vocabulary.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from povdesk.resources import resource_path

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
_installed: list[QTranslator] = []


def install(app: QCoreApplication, lang: str) -> bool:
    """Install the translator for ``lang`` ("vi" needs none). Returns whether one was loaded."""
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    QLocale.setDefault(QLocale(QLocale.Language.English if lang == "en" else QLocale.Language.Vietnamese))
    if lang == "vi":
        return False
    t = QTranslator(app)
    if t.load(str(resource_path("translations", f"povdesk_{lang}.qm"))):
        app.installTranslator(t)
        _installed.append(t)
        return True
    return False
