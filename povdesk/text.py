"""Vietnamese text, numbers, dates, ID numbers and ethnic groups (spec §6).

Everything here is pure and Qt-free. The conventions:

* Text is stored and compared in Unicode NFC (:func:`nfc`). Two tone-placement styles coexist
  (*hoà/thuỷ* and *hòa/thủy*); :func:`canonical_tones` maps both to the latter for matching.
  :func:`fold_choice` compares choice values, :func:`search_key` drives loose search, and
  :func:`collation_key` sorts in Vietnamese alphabetical order. None of these keys is stored.
* Numbers are written ``1.500.000`` and ``2,25`` (:func:`format_number`, :func:`parse_number`).
* Dates are ``dd/mm/yyyy``; formal text says ``ngày 05 tháng 01 năm 2026``. Birth dates may be
  partial (:class:`PartialDate`).
* Error messages (``ValueError``) and ID-check messages are Vietnamese: users read them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

from povdesk.resources import resource_path

# ---------------------------------------------------------------------------------------------
# Unicode normalisation
# ---------------------------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(
    [
        *range(0x200B, 0x200E),  # zero-width space, non-joiner, joiner
        0xFEFF,  # zero-width no-break space / byte-order mark
        0x200E,  # left-to-right mark
        0x200F,  # right-to-left mark
        *range(0x202A, 0x202F),  # bidi embeddings and overrides
        *range(0x2066, 0x206A),  # bidi isolates
    ]
)


def nfc(s: str) -> str:
    """Return ``s`` in NFC with invisible characters dropped and whitespace tidied.

    Removes zero-width characters (U+200B..U+200D, U+FEFF) and bidi marks (U+200E, U+200F,
    U+202A..U+202E, U+2066..U+2069), trims, and collapses every run of Unicode whitespace
    (including no-break spaces, tabs and newlines) to a single ASCII space.
    """
    cleaned = unicodedata.normalize("NFC", s.translate(_INVISIBLE))
    return " ".join(cleaned.split())


# ---------------------------------------------------------------------------------------------
# Tone marks
# ---------------------------------------------------------------------------------------------

# Combining tone marks, in traditional dictionary order (no tone = 0).
_TONE_ORDER = {
    "\u0300": 1,  # huyền  (grave)
    "\u0309": 2,  # hỏi    (hook above)
    "\u0303": 3,  # ngã    (tilde)
    "\u0301": 4,  # sắc    (acute)
    "\u0323": 5,  # nặng   (dot below)
}

_WORD_RE = re.compile(r"[^\W\d_]+")

# Open-syllable endings whose tone moves from the second vowel to the first (hoà → hòa).
_MOVABLE_PAIRS = frozenset({("o", "a"), ("o", "e"), ("u", "y")})


@dataclass(frozen=True)
class _Glyph:
    """One base character of an NFD string with its tone mark and its other combining marks."""

    base: str
    tone: str
    marks: str

    def text(self) -> str:
        """The glyph as (unnormalised) text: base, other marks, then the tone."""
        return self.base + self.marks + self.tone


def _glyphs(s: str) -> list[_Glyph]:
    """Split ``s`` (any form) into glyphs; a stray leading combining mark becomes its own base."""
    glyphs: list[_Glyph] = []
    for ch in unicodedata.normalize("NFD", s):
        if glyphs and unicodedata.combining(ch):
            last = glyphs[-1]
            if ch in _TONE_ORDER and not last.tone:
                glyphs[-1] = _Glyph(last.base, ch, last.marks)
            else:
                glyphs[-1] = _Glyph(last.base, last.tone, last.marks + ch)
        else:
            glyphs.append(_Glyph(ch, "", ""))
    return glyphs


def _canonical_syllable(word: str) -> str:
    """Move the tone of a word ending in open oa/oe/uy onto the first vowel (hoà → hòa).

    Only plain o/a/e/u/y take part (no circumflex, breve or horn); ``qu`` + ``y`` is left alone
    because its ``u`` is part of the consonant (quý, quỳ). Anything else is returned unchanged.
    """
    glyphs = _glyphs(word)
    if len(glyphs) < 2:
        return word
    first, second = glyphs[-2], glyphs[-1]
    pair = (first.base.lower(), second.base.lower())
    if pair not in _MOVABLE_PAIRS or first.marks or second.marks:
        return word
    if first.tone or not second.tone:
        return word
    if pair == ("u", "y") and len(glyphs) >= 3 and glyphs[-3].base.lower() == "q":
        return word
    moved = [
        *glyphs[:-2],
        _Glyph(first.base, second.tone, ""),
        _Glyph(second.base, "", ""),
    ]
    return unicodedata.normalize("NFC", "".join(g.text() for g in moved))


def canonical_tones(s: str) -> str:
    """Return :func:`nfc` of ``s`` with new-style tone placement on open oa/oe/uy syllables.

    hoà → hòa, hoạ → họa, khoẻ → khỏe, thuỷ → thủy, uỷ → ủy, HOÀ → HÒA (case is kept).
    Syllables with a final consonant or vowel (hoàng, toán, hoại, khuyên, thuyền) and
    ``qu`` syllables (quý, quỳ) are unchanged. Syllables are the runs of letters.
    """
    return _WORD_RE.sub(lambda m: _canonical_syllable(m.group()), nfc(s))


def fold_choice(s: str) -> str:
    """Key for comparing choice values: NFC, canonical tones, case-folded, single spaces.

    ``fold_choice("Không  Bền Chắc") == fold_choice("không bền chắc")`` and
    ``fold_choice("khoẻ") == fold_choice("khỏe")``; diacritics still count (``nữ`` ≠ ``nu``).
    """
    folded = canonical_tones(s).casefold()
    return " ".join(unicodedata.normalize("NFC", folded).split())


_APOSTROPHES = frozenset("'\u2019\u2018\u02bc`\u00b4")


def _strip_marks(s: str) -> str:
    """Drop every combining mark and fold đ/Đ to d/D."""
    bare = "".join(ch for ch in unicodedata.normalize("NFD", s) if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")


def _search_char(ch: str) -> str:
    """Keep letters, digits and spaces; drop apostrophes; turn other punctuation into a space."""
    if ch in _APOSTROPHES:
        return ""
    return ch if ch.isalnum() or ch.isspace() else " "


def search_key(s: str) -> str:
    """Loose search key: lower case, no diacritics, đ → d, no punctuation, single spaces.

    "Nguyễn Văn Hoà" → "nguyen van hoa"; "Đặng Thị Thuỷ" → "dang thi thuy". Apostrophes are
    removed (H'Mông → hmong); other punctuation becomes a space (Khơ-me → kho me). Letters and
    digits of any script are kept. For matching only, never for storage.
    """
    bare = _strip_marks(canonical_tones(s).lower())
    return " ".join("".join(_search_char(ch) for ch in bare).split())


# ---------------------------------------------------------------------------------------------
# Collation
# ---------------------------------------------------------------------------------------------

# Vietnamese alphabet order; f, j, w, z (loanwords) are slotted in at their Latin positions.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}

# Character classes, in sort order.
_SPACE, _SYMBOL, _DIGIT, _LETTER, _OTHER_LETTER = range(5)

CollationKey = tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...], str]
"""(primary: letters and classes, secondary: tones, tertiary: case, the NFC text itself)."""


def _primary(glyph: _Glyph) -> tuple[int, int]:
    """Class and rank of one glyph, ignoring tone and case."""
    base = glyph.base.lower()
    if base.isspace():
        return (_SPACE, 0)
    if base.isdigit():
        return (_DIGIT, ord(base))
    if not base.isalpha():
        return (_SYMBOL, ord(base))
    letter = unicodedata.normalize("NFC", base + glyph.marks)
    rank = _LETTER_RANK.get(letter, _LETTER_RANK.get(base))
    if rank is None:
        return (_OTHER_LETTER, ord(base))
    return (_LETTER, rank)


def collation_key(s: str) -> CollationKey:
    """Sort key for Vietnamese alphabetical order (a ă â b c d đ e ê g h … ư v x y).

    Compared first by the letters alone (case- and tone-insensitive; spaces, then punctuation,
    then digits sort before letters), then by tones letter by letter in dictionary order
    (none, huyền, hỏi, ngã, sắc, nặng), then lower case before upper case. Old/new tone
    placement (hoà/hòa) collate equal. Use as ``sorted(names, key=collation_key)``.
    """
    text = canonical_tones(s)
    glyphs = _glyphs(text)
    primary = tuple(_primary(g) for g in glyphs)
    secondary = tuple(_TONE_ORDER.get(g.tone, 0) for g in glyphs)
    tertiary = tuple(int(g.base.isupper()) for g in glyphs)
    return (primary, secondary, tertiary, text)


def given_name(full_name: str) -> str:
    """The given name (tên): the last whitespace-separated token of the name, or ""."""
    tokens = nfc(full_name).split(" ")
    return tokens[-1]


def name_sort_key(full_name: str) -> tuple[CollationKey, CollationKey]:
    """Sort key for people: by given name, then by the full name (Vietnamese list order)."""
    return (collation_key(given_name(full_name)), collation_key(full_name))


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------


def format_number(n: int | float, decimals: int = 0) -> str:
    """Format ``n`` the Vietnamese way: "." between thousands, "," before decimals.

    ``format_number(1500000) == "1.500.000"``, ``format_number(4.025, 2) == "4,03"``,
    ``format_number(-1500) == "-1.500"``. Rounds half away from zero on the decimal value
    as written (``repr(n)``, so 4.025 gives "4,03" although the binary float is below it);
    never shows "-0". Raises ``ValueError`` for NaN, infinities and negative ``decimals``.
    """
    if decimals < 0:
        raise ValueError(f"Số chữ số thập phân không hợp lệ: {decimals}")
    if decimals == 0 and isinstance(n, int):  # the common case (money): exact without Decimal
        return f"{n:,}".replace(",", ".")
    value = Decimal(n) if isinstance(n, int) else Decimal(repr(n))
    if not value.is_finite():
        raise ValueError(f"Không định dạng được số: {n!r}")
    exponent = Decimal(1).scaleb(-decimals)
    context = Context(prec=max(28, value.adjusted() + decimals + 3))
    rounded = value.quantize(exponent, rounding=ROUND_HALF_UP, context=context)
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    sign = "-" if rounded < 0 else ""
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


_UNIT_RE = re.compile(r"\s*(?:đồng|đ|vnđ|vnd|m2|m²)$", re.IGNORECASE)
_SIGN_RE = re.compile(r"^([+-]?)\s*(.*)$")
_PLAIN_INT = re.compile(r"\d+")
_DOT_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_SPACE_GROUPED = re.compile(r"[1-9]\d{0,2}(?: \d{3})+")
_DECIMAL_COMMA = re.compile(r"(.+),(\d+)")
_DECIMAL_DOT = re.compile(r"(\d+)\.(\d+)")


def _number_error(s: str) -> ValueError:
    """The Vietnamese error for text that is not an unambiguous number."""
    return ValueError(
        f"Số không hợp lệ hoặc không rõ ràng: '{s}' (viết dấu chấm phân cách hàng nghìn, "
        "dấu phẩy trước phần thập phân, ví dụ 1.500.000 hoặc 2,25)"
    )


def _parse_whole(text: str) -> int | None:
    """Digits written plainly, grouped by dots or grouped by spaces; None if none of these."""
    for pattern in (_PLAIN_INT, _DOT_GROUPED, _SPACE_GROUPED):
        if pattern.fullmatch(text):
            return int(text.replace(".", "").replace(" ", ""))
    return None


def _parse_unsigned(body: str) -> int | float | None:
    """Parse an unsigned number by the rules of :func:`parse_number`; None if it is not one."""
    whole = _parse_whole(body)
    if whole is not None:
        return whole
    comma = _DECIMAL_COMMA.fullmatch(body)
    if comma:
        whole = _parse_whole(comma.group(1))
        return None if whole is None else float(f"{whole}.{comma.group(2)}")
    dot = _DECIMAL_DOT.fullmatch(body)
    if dot and len(dot.group(2)) != 3:
        return float(body)
    return None


def parse_number(s: str) -> int | float:
    """Parse a number written in Vietnamese (or plain) form; ``ValueError`` if not unambiguous.

    Accepts "1500000", "1.500.000", "1 500 000" (→ int), "2,25" and "1.500.000,5" (→ float),
    a leading sign, and a trailing unit "đ", "đồng", "VNĐ"/"VND", "m2" or "m²".
    Dots only, each group after the first exactly 3 digits and the first 1–3 digits not
    starting with 0: thousands ("1.500" → 1500). One dot followed by other than 3 digits: a
    decimal point ("2.5" → 2.5). One comma: the decimal separator. Everything else ("1,500,000",
    "1234.500", "0.500", "1.50.000", "2,5.1") is refused. Returns ``int`` when no decimal
    part is written, else ``float``.
    """
    text = _UNIT_RE.sub("", nfc(s))
    if not text:
        raise ValueError("Thiếu số")
    sign_match = _SIGN_RE.match(text)
    assert sign_match is not None  # the pattern matches every string
    sign, body = sign_match.groups()
    value = _parse_unsigned(body)
    if value is None:
        raise _number_error(s.strip())
    return -value if sign == "-" else value


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

_DMY_RE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MY_RE = re.compile(r"(\d{1,2})[/.-](\d{4})")
_YEAR_RE = re.compile(r"\d{4}")

BIRTH_YEAR_MIN = 1880
BIRTH_YEAR_MAX = 2100


def format_date(d: dt.date) -> str:
    """Table form ``dd/mm/yyyy``, e.g. "05/01/2026"."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_date_long(d: dt.date) -> str:
    """Formal form "ngày 05 tháng 01 năm 2026": day padded below 10, month padded for 1–2 only.

    "ngày 15 tháng 3 năm 2026", "ngày 05 tháng 02 năm 2026", "ngày 20 tháng 11 năm 2026".
    """
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def _date_error(s: str) -> ValueError:
    """The Vietnamese error for text that is not a valid date."""
    return ValueError(f"Ngày không hợp lệ: '{s}' (cần dạng dd/mm/yyyy)")


def parse_date(s: str) -> dt.date:
    """Parse "dd/mm/yyyy" or "d/m/yyyy" (also with "-" or "." throughout) or ISO "yyyy-mm-dd".

    Raises ``ValueError`` ("Ngày không hợp lệ: '31/02/2026' (cần dạng dd/mm/yyyy)") for any
    other shape or an impossible date.
    """
    text = nfc(s)
    dmy = _DMY_RE.fullmatch(text)
    iso = _ISO_RE.fullmatch(text)
    try:
        if dmy:
            return dt.date(int(dmy.group(4)), int(dmy.group(3)), int(dmy.group(1)))
        if iso:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    except ValueError:
        pass
    raise _date_error(text)


@dataclass(frozen=True)
class PartialDate:
    """A date of which only the year, or the year and month, may be known (birth dates).

    Invariants (checked on construction, ``ValueError`` otherwise): a day needs a month;
    month is 1–12; year, month and day form a real date.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        """Reject a day without a month and impossible months or days."""
        if self.day is not None and self.month is None:
            raise ValueError(f"Thiếu tháng trong ngày: {self.day}/?/{self.year}")
        if self.month is not None:
            try:
                dt.date(self.year, self.month, self.day or 1)
            except ValueError:
                raise ValueError(f"Ngày không hợp lệ: '{self}'") from None

    @property
    def is_full(self) -> bool:
        """True when day, month and year are all known."""
        return self.month is not None and self.day is not None

    def to_date(self) -> dt.date | None:
        """The full date, or None when the day or month is unknown."""
        if self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)

    def __str__(self) -> str:
        """Day/month/year as known: 05/01/1987, 01/1987 or 1987."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.month:02d}/{self.year:04d}"
        return f"{self.day:02d}/{self.month:02d}/{self.year:04d}"

    @classmethod
    def from_date(cls, d: dt.date) -> PartialDate:
        """A full partial date from a ``datetime.date``."""
        return cls(d.year, d.month, d.day)


def _birth_error(s: str) -> ValueError:
    """The Vietnamese error for text that is not a birth date or year."""
    return ValueError(f"Ngày sinh không hợp lệ: '{s}' (cần dạng dd/mm/yyyy, mm/yyyy hoặc yyyy)")


def _parse_birth_shape(text: str) -> PartialDate:
    """Parse "yyyy", "mm/yyyy" or a full date without checking the year range."""
    if _YEAR_RE.fullmatch(text):
        return PartialDate(int(text))
    month_year = _MY_RE.fullmatch(text)
    if month_year:
        month, year = int(month_year.group(1)), int(month_year.group(2))
        if not 1 <= month <= 12:
            raise _birth_error(text)
        return PartialDate(year, month)
    try:
        return PartialDate.from_date(parse_date(text))
    except ValueError:
        raise _birth_error(text) from None


def parse_birth(s: str) -> PartialDate:
    """Parse a birth date: "1987", "01/1987" (month/year) or a full date as :func:`parse_date`.

    Raises ``ValueError`` with a Vietnamese message for other shapes and for years outside
    1880–2100.
    """
    text = nfc(s)
    birth = _parse_birth_shape(text)
    if not BIRTH_YEAR_MIN <= birth.year <= BIRTH_YEAR_MAX:
        raise ValueError(f"Năm sinh không hợp lệ: '{text}' (cần từ {BIRTH_YEAR_MIN} đến {BIRTH_YEAR_MAX})")
    return birth


# ---------------------------------------------------------------------------------------------
# Personal ID numbers (số định danh cá nhân / CCCD)
# ---------------------------------------------------------------------------------------------

# Codes of the old 63 provinces where a birth was registered (first 3 digits of the ID).
BIRTH_PROVINCE_CODES = frozenset(
    f"{n:03d}"
    for n in (
        *(1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34),
        *(35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67),
        *(68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96),
    )
)


@dataclass(frozen=True)
class IdCheck:
    """Result of :func:`validate_person_id`: the cleaned value, and Vietnamese messages.

    ``ok`` is False exactly when ``errors`` is non-empty; warnings never block.
    """

    value: str
    ok: bool
    errors: tuple[str, ...]
    warnings: tuple[str, ...]


def _sex_of(sex: str | None) -> str | None:
    """The recorded sex as "nam" or "nữ" (any case or diacritics); None if absent or unknown."""
    if sex == "nam" or sex == "nữ":  # the stored values: skip the (slow) search key
        return sex
    key = search_key(sex or "")
    return {"nam": "nam", "nu": "nữ"}.get(key)


def _id_warnings(value: str, birth_year: int | None, sex: str | None) -> list[str]:
    """Warnings for a 12-digit ID: unknown province prefix, birth year or sex mismatch."""
    warnings: list[str] = []
    if value[:3] not in BIRTH_PROVINCE_CODES:
        warnings.append(f"Mã nơi đăng ký khai sinh '{value[:3]}' (3 số đầu) không có trong danh mục 63 tỉnh")
    gender_digit = int(value[3])
    id_year = 1900 + (gender_digit // 2) * 100 + int(value[4:6])
    id_sex = "nam" if gender_digit % 2 == 0 else "nữ"
    if birth_year is not None and birth_year != id_year:
        warnings.append(
            f"Năm sinh theo số định danh là {id_year} (số thứ 4–6: {value[3:6]}), "
            f"khác năm sinh đã ghi {birth_year}"
        )
    recorded_sex = _sex_of(sex)
    if recorded_sex is not None and recorded_sex != id_sex:
        warnings.append(
            f"Giới tính theo số định danh là {id_sex} (số thứ 4: {value[3]}), "
            f"khác giới tính đã ghi {recorded_sex}"
        )
    return warnings


def validate_person_id(s: str, *, birth_year: int | None = None, sex: str | None = None) -> IdCheck:
    """Check a personal ID number (spec §6.2); the value is kept as text with leading zeros.

    Spaces are removed. 12 digits: OK, with warnings when the first 3 digits are not an old
    province code, or when digit 4 (century and sex) / digits 5–6 (year) disagree with the
    given ``birth_year`` or ``sex`` ("nam"/"nữ"; an unrecognised sex is ignored). 9 digits: OK
    with a warning (legacy CMND). Anything else: an error naming the problem.
    """
    value = s if s.isdigit() and s.isascii() else "".join(nfc(s).split())  # digits: nothing to tidy
    if not value:
        return IdCheck(value, False, ("Số định danh trống",), ())
    if not value.isascii() or not value.isdigit():
        return IdCheck(value, False, (f"Số định danh chỉ được gồm chữ số: '{value}'",), ())
    if len(value) == 9:
        warning = "Số CMND 9 số cũ, nên thay bằng số định danh cá nhân 12 số"
        return IdCheck(value, True, (), (warning,))
    if len(value) != 12:
        error = f"Số định danh phải có 12 chữ số (CMND cũ: 9), số này có {len(value)} chữ số"
        return IdCheck(value, False, (error,), ())
    return IdCheck(value, True, (), tuple(_id_warnings(value, birth_year, sex)))


# ---------------------------------------------------------------------------------------------
# Ethnic groups (54 dân tộc)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ethnicities:
    """The loaded ethnicity table: code → official name, and folded alias → code."""

    names: dict[str, str]
    by_key: dict[str, str]


def _ethnicity_key(s: str) -> str:
    """Alias matching key: :func:`search_key` with spaces (hence hyphens, apostrophes) removed."""
    return search_key(s).replace(" ", "")


def _add_alias(by_key: dict[str, str], alias: str, code: str) -> None:
    """Register ``alias`` for ``code``; a key already taken by another code is a data error."""
    key = _ethnicity_key(alias)
    if by_key.setdefault(key, code) != code:
        raise ValueError(f"ethnicities.toml: alias {alias!r} of {code} clashes with {by_key[key]}")


@functools.cache
def _ethnicities() -> _Ethnicities:
    """Load ``resources/ethnicities.toml`` once; checks that no alias maps to two codes."""
    with resource_path("ethnicities.toml").open("rb") as f:
        data = tomllib.load(f)
    names: dict[str, str] = {}
    by_key: dict[str, str] = {}
    for entry in data["ethnicity"]:
        code, name = str(entry["code"]), str(entry["name"])
        names[code] = name
        for alias in [name, *entry.get("aliases", [])]:
            _add_alias(by_key, str(alias), code)
    return _Ethnicities(names, by_key)


def _code_error(s: str) -> ValueError:
    """The Vietnamese error for an unknown ethnicity code."""
    return ValueError(f"Mã dân tộc không hợp lệ: '{s}' (cần từ 01 đến 54; 55: người nước ngoài)")


def _code_from_digits(s: str) -> str | None:
    """Code "01" for text "1" or "01"; None if not 1–2 digits; ValueError if no such code."""
    if not (1 <= len(s) <= 2 and s.isascii() and s.isdigit()):
        return None
    code = s.zfill(2)
    if code not in _ethnicities().names:
        raise _code_error(s)
    return code


_PREFIX_RE = re.compile(r"^dan toc\s+")


def ethnicity_code(s: str) -> str:
    """2-digit code of an ethnic group given by code ("1", "01") or by any known name/alias.

    Names match regardless of case, diacritics, spaces, hyphens and apostrophes ("Ê Đê",
    "ede", "H'Mông", "hmong"); a leading "dân tộc" is ignored. ``ValueError`` (Vietnamese)
    for an unknown name or code.
    """
    text = nfc(s)
    code = _code_from_digits(text)
    if code is not None:
        return code
    key = _ethnicity_key(_PREFIX_RE.sub("", search_key(text)))
    found = _ethnicities().by_key.get(key) if key else None
    if found is None:
        raise ValueError(
            f"Không nhận ra dân tộc: '{text}' (ghi tên dân tộc, ví dụ Kinh, Tày, Mông, "
            "hoặc mã 2 chữ số 01–54)"
        )
    return found


def ethnicity_name(code: str) -> str:
    """Official name for a code ("01" or "1" → "Kinh"); ``ValueError`` for an unknown code."""
    text = nfc(code)
    found = _code_from_digits(text)
    if found is None:
        raise _code_error(text)
    return _ethnicities().names[found]


__all__ = [
    "BIRTH_PROVINCE_CODES",
    "CollationKey",
    "IdCheck",
    "PartialDate",
    "canonical_tones",
    "collation_key",
    "ethnicity_code",
    "ethnicity_name",
    "fold_choice",
    "format_date",
    "format_date_long",
    "format_number",
    "given_name",
    "name_sort_key",
    "nfc",
    "parse_birth",
    "parse_date",
    "parse_number",
    "search_key",
    "validate_person_id",
]
