"""Name keys for matching: the fast key equals povdesk.text.search_key; one-edit tests."""

from __future__ import annotations

import random
import unicodedata

import pytest

from povdesk.quality.names import deletions, id_key, name_key, sorted_key, within_one_edit
from povdesk.text import search_key

NAMES = [
    "Nguyễn Văn Hoà", "Nguyễn Văn Hòa", "NGUYỄN VĂN HOÀ", "Đặng Thị Thuỷ", "Trần Khoẻ", "Lê Thị Hường",
    unicodedata.normalize("NFD", "Nguyễn Thị Hường"), "H'Mông A Páo", "Ksor H\u2019Hen", "Khơ-me", "Y Bhơ Niê",
    "  Phạm\u00a0 Quý\tQuỳnh ", "Lò\u200b Văn Ín", "Ông Ích Khiêm", "Nguyễn Văn 2", "Σοφία", "Đỗ (Mai)", "",
]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_name_key_equals_search_key(name: str) -> None:
    """The fast key is search_key: accents, NFD text, old/new tones, đ, punctuation, spacing."""
    assert name_key(name) == search_key(name)


def test_name_key_equals_search_key_on_random_text() -> None:
    """Random text over Latin, Vietnamese, combining marks, punctuation and other scripts."""
    rng = random.Random(11)
    alphabet = [chr(c) for c in range(0x20, 0x2100)] + list(" ,.-'") * 40
    for _ in range(20_000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert name_key(s) == search_key(s), repr(s)


def test_old_and_new_tones_and_stripped_accents_share_a_key() -> None:
    """hoà, hòa, HOÀ and hoa all give the same key."""
    assert (
        name_key("Nguyễn Văn Hoà")
        == name_key("Nguyen Van Hoa")
        == name_key("nguyễn văn hòa")
        == "nguyen van hoa"
    )


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        ("hung", "hung", True),
        ("hung", "hunh", True),  # substitution
        ("hung", "hug", True),  # deletion
        ("hug", "hung", True),  # insertion
        ("nguyen", "ngyuen", True),  # neighbours swapped
        ("thimy", "thi my", True),  # a space
        ("hung", "hnug", True),
        ("hung", "hugn", True),
        ("hung", "hnu", False),
        ("an", "anh", True),
        ("hung", "huong", True),  # an insertion (Hùng, Hương: two real names — see two_real_names)
        ("hung", "huynh", False),
        ("abcd", "badc", False),
        ("", "a", True),
        ("", "ab", False),
    ],
)
def test_within_one_edit(a: str, b: str, near: bool) -> None:
    """One substitution, insertion, deletion or neighbour swap, in either order."""
    assert within_one_edit(a, b) is near
    assert within_one_edit(b, a) is near


def test_strings_one_edit_apart_share_a_deletion() -> None:
    """The deletion neighbourhood the scan indexes catches every one-edit pair."""
    rng = random.Random(5)
    letters = "abcdeghiklmnoptuvy "
    for _ in range(2000):
        a = "".join(rng.choice(letters) for _ in range(rng.randint(1, 12)))
        i = rng.randrange(len(a))
        for b in (
            a[:i] + a[i + 1 :],
            a[:i] + "x" + a[i + 1 :],
            a[:i] + "x" + a[i:],
            a[:i] + a[i + 1 : i + 2] + a[i] + a[i + 2 :],
        ):
            if within_one_edit(a, b):
                assert ({a} | deletions(a)) & ({b} | deletions(b)), (a, b)


def test_sorted_key_and_id_key() -> None:
    """Swapped names share the sorted key; ID numbers lose their spaces."""
    assert sorted_key("do thi mai lan") == sorted_key("do thi lan mai")
    assert id_key(" 001 090 000111 ") == "001090000111" and id_key(None) == ""
