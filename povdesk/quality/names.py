"""Name keys and the cheap string tests the duplicate scan is built on.

:func:`name_key` equals :func:`povdesk.text.search_key` (tones canonicalised, diacritics
stripped, ``đ → d``, lower case, no punctuation) but costs about a microsecond instead of
~25 µs: once every diacritic is stripped, *where* a tone sat (hoà / hòa) no longer matters, so
one ``str.translate`` over a table of the precomposed Latin letters does the work. Anything the
table does not cover (another script, an unusual symbol) falls back to ``search_key`` itself,
so the two never disagree (a test checks this on a corpus).

The typo tolerance is "one edit": one letter substituted, inserted, deleted, or two neighbours
swapped (optimal-string-alignment distance ≤ 1). :func:`deletions` gives the deletion
neighbourhood used to find such pairs without comparing all pairs (two strings one edit apart
always share the string itself or one of its one-letter deletions).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from povdesk.text import search_key

_APOSTROPHES = "'\u2019\u2018\u02bc`\u00b4"
_INVISIBLE = (*range(0x200B, 0x2010), 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A))


def _build_table() -> dict[int, str | None]:
    """Map precomposed Latin letters to their bare lower-case base, marks and invisibles away."""
    table: dict[int, str | None] = {}
    for cp in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        ch = chr(cp)
        bare = "".join(c for c in unicodedata.normalize("NFD", ch.lower()) if not unicodedata.combining(c))
        bare = bare.replace("đ", "d")
        if len(bare) == 1 and bare.isascii() and bare.isalpha():
            table[cp] = bare
    table[ord("đ")] = table[ord("Đ")] = "d"
    for cp in range(0x300, 0x370):  # combining marks (NFD input)
        table[cp] = None
    for cp in _INVISIBLE:
        table[cp] = None
    for ch in _APOSTROPHES:
        table[ord(ch)] = None
    for cp in range(0x21, 0x80):  # ASCII punctuation becomes a word break, as in search_key
        ch = chr(cp)
        if not ch.isalnum() and cp not in table:
            table[cp] = " "
    for ch in "\t\n\r\f\v\u00a0":
        table[ord(ch)] = " "
    return table


_TABLE = _build_table()
_PLAIN = re.compile(r"[a-z0-9 ]*")


@functools.lru_cache(maxsize=1 << 16)
def _word_key(word: str) -> str | None:
    """The key of one whitespace-free word ("" if only punctuation); None when the fast table
    cannot say (another script, an unusual symbol)."""
    folded = word.translate(_TABLE)
    if _PLAIN.fullmatch(folded):
        return " ".join(folded.split())
    return None


def name_key(name: str | None) -> str:
    """:func:`povdesk.text.search_key` of ``name``, fast (word by word, cached); "" for None."""
    if not name:
        return ""
    words = list(map(_word_key, name.split()))
    if None in words:
        return search_key(name)
    return " ".join(w for w in words if w)


def sorted_key(key: str) -> str:
    """The tokens of ``key`` in sorted order: equal for swapped given and middle names."""
    return " ".join(sorted(key.split()))


def deletions(s: str) -> set[str]:
    """Every string obtained from ``s`` by deleting one character."""
    return {s[:i] + s[i + 1 :] for i in range(len(s))}


def within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are equal or one edit apart (substitution, insertion,
    deletion, or a swap of two neighbouring characters)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if la < lb:
        a, b, la, lb = b, a, lb, la
    if la - lb > 1:
        return False
    i = 0
    while i < lb and a[i] == b[i]:
        i += 1
    if la != lb:
        return a[i + 1 :] == b[i:]
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]


def id_key(value: str | None) -> str:
    """A personal ID number with spaces removed ("" for None or blank)."""
    if not value:
        return ""
    return "".join(value.split())


__all__ = ["deletions", "id_key", "name_key", "sorted_key", "within_one_edit"]
