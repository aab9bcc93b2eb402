"""Keys that SQLite computes for the search index and sorted columns (registered in ``db.connect``).

The household list searches and sorts in SQL. Two deterministic SQL functions feed it, both
registered on every connection by :func:`povdesk.db.connect` and called by the triggers of
migration ``m003_household_search`` (so every write path — the editor, the importer's
``executemany`` fast path, sync — keeps the index right without knowing about it):

* ``povdesk_search_key(text)`` → :func:`index_key`: :func:`povdesk.text.search_key` (no
  diacritics, ``đ → d``, lower case, no punctuation). FTS5's ``remove_diacritics`` does not
  fold ``đ``, so the folding happens here, for the indexed text and the query alike.
* ``povdesk_sort_key(text)`` → :func:`name_sort_bytes`: a ``BLOB`` whose byte order is the
  Vietnamese list order of :func:`povdesk.text.name_sort_key` (given name, then full name), so
  ``ORDER BY`` on an indexed column sorts in Vietnamese without a Python collation callback.

Both run inside bulk inserts (hundreds of thousands of rows), so they work word by word with a
cache: Vietnamese names reuse a small vocabulary (Nguyễn, Văn, Thị …).

Trap: a connection that did not register these functions (the ``sqlite3`` shell, a raw
``sqlite3.connect``) cannot write households or members any more ("no such function");
open databases with :func:`povdesk.db.connect`.
"""

from __future__ import annotations

import functools
import sqlite3

from povdesk.text import collation_key, nfc, search_key

SEARCH_KEY_SQL = "povdesk_search_key"
SORT_KEY_SQL = "povdesk_sort_key"
COLLATION_KEY_SQL = "povdesk_collation_key"


@functools.lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    return search_key(word)


def index_key(text: str | None) -> str:
    """:func:`search_key` of ``text`` ("" for NULL), computed word by word with a cache."""
    if not text:
        return ""
    return " ".join(filter(None, map(_word_key, text.split())))


def fts_query(text: str) -> str | None:
    """FTS5 MATCH expression for search-as-you-type: every folded word as a prefix, ANDed.

    "nguyen van ho" → ``"nguyen"* "van"* "ho"*``; ``None`` when nothing searchable remains.
    """
    words = index_key(text).split()
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


# --- Vietnamese sort keys as bytes ------------------------------------------------------------


def _encode_key(text: str) -> tuple[bytes, bytes, bytes]:
    """(primary, secondary, tertiary) of :func:`collation_key` as order-preserving bytes.

    Each glyph is a fixed-width element whose first byte is never 0, so the concatenation of
    two words' elements equals the element string of the joined text, and a 0 terminator
    makes a prefix sort first (as Python's tuple comparison does).
    """
    primary, secondary, tertiary, _ = collation_key(text)
    p = b"".join(bytes((cls + 1,)) + rank.to_bytes(3, "big") for cls, rank in primary)
    s = bytes(t + 1 for t in secondary)
    t = bytes(c + 1 for c in tertiary)
    return p, s, t


_SPACE_ELEMENT = _encode_key(" ")


@functools.lru_cache(maxsize=65536)
def _word_parts(word: str) -> tuple[bytes, bytes, bytes, str]:
    p, s, t = _encode_key(word)
    return p, s, t, collation_key(word)[3]


def _join(parts: list[tuple[bytes, bytes, bytes, str]]) -> bytes:
    sp = _SPACE_ELEMENT
    p = sp[0].join(x[0] for x in parts)
    s = sp[1].join(x[1] for x in parts)
    t = sp[2].join(x[2] for x in parts)
    text = " ".join(x[3] for x in parts).encode("utf-8")
    return b"\x00".join((p, s, t, text)) + b"\x00"


def collation_bytes(text: str) -> bytes:
    """Bytes whose order equals the order of :func:`povdesk.text.collation_key`."""
    return _join([_word_parts(w) for w in nfc(text).split(" ") if w])


def text_sort_bytes(text: str | None) -> bytes:
    """:func:`collation_bytes` for SQL (``b""`` for NULL): village names and other labels."""
    return collation_bytes(text) if text else b""


def name_sort_bytes(full_name: str | None) -> bytes:
    """Bytes ordered as :func:`povdesk.text.name_sort_key`: given name, then full name."""
    if not full_name:
        return b""
    parts = [_word_parts(w) for w in nfc(full_name).split(" ") if w]
    if not parts:
        return b""
    return _join(parts[-1:]) + _join(parts)


def register(conn: sqlite3.Connection) -> None:
    """Register the SQL functions the search/sort triggers and queries call."""
    conn.create_function(SEARCH_KEY_SQL, 1, index_key, deterministic=True)
    conn.create_function(SORT_KEY_SQL, 1, name_sort_bytes, deterministic=True)
    conn.create_function(COLLATION_KEY_SQL, 1, text_sort_bytes, deterministic=True)
