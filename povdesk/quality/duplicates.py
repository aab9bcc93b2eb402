"""Duplicate detection: the same person, ID number or household entered twice in one year.

Never all pairs. People are put in *blocks* and only people sharing a block are compared:

* the same personal ID number in the same review year;
* within a cell (review year, birth year, sex): the same name key (:func:`names.name_key` —
  accents, NFD text and old/new tone placement all fold together); the same sorted tokens
  (given and middle names swapped); or one edit apart (a one-letter typo or two letters
  swapped), found through the deletion neighbourhood of each distinct name in the cell.

Records that prove two different people are never paired by name: both full birth dates known
and different, or both ID numbers known and more than one digit apart.

Each candidate pair of people in two different households is then *scored* (0–100) with the
reasons in Vietnamese: from how the names match (85 the same, 78 accents stripped, 72 given and
middle names swapped, 68 one typo, 60 other diacritics), minus points when the name is common
(the namesakes expected by chance: people of that sex with that name in the year × the share of
them born that year), when a variant spelling matches a whole group, or when the households are
in different communes; plus 15 for the same full birth date. Pairs at or above
:data:`MIN_SCORE` are reported (a shared ID number always is). Pairing stops early where even
the best evidence could not reach the threshold, which keeps the candidates few. Households sharing matched people are then compared as wholes (head, members,
village, address): a household entered twice is reported once, with its member matches inside,
rather than as a heap of person pairs. Nothing is merged here.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from povdesk.progress import Reporter
from povdesk.quality.facts import Facts, HouseholdFacts, Person, gc_paused, person_ref
from povdesk.quality.names import deletions, name_key, sorted_key, within_one_edit
from povdesk.text import fold_choice

MIN_SCORE = 50
"""Person pairs scoring below this are not reported (a shared ID number always is)."""

MAX_GROUP = 200
"""A name shared by more people than this in one cell is not paired by name alone."""

COMMON_WORD = 3
TYPO_SHARE = 0.02
"""Two name words one letter apart are two real names (An/Anh), not a typo, when each occurs
at least :data:`COMMON_WORD` times and the rarer at least this share of the commoner."""

PERSON, HOUSEHOLD = "person", "household"


@dataclass(frozen=True)
class PersonMatch:
    """Two people in different households who may be one person."""

    a: Person
    b: Person
    score: int
    reasons: tuple[str, ...]
    same_id: bool


@dataclass(frozen=True)
class HouseholdMatch:
    """Two households that may be one household entered twice."""

    a: HouseholdFacts
    b: HouseholdFacts
    score: int
    reasons: tuple[str, ...]
    members: tuple[PersonMatch, ...]


@dataclass
class ScanStats:
    people: int = 0
    cells: int = 0  # (year, birth year, sex) blocks
    names: int = 0  # distinct names within cells
    candidates: int = 0  # person pairs scored
    oversized: int = 0  # name groups too large to pair by name alone
    person_pairs: int = 0  # reported (outside household pairs)
    household_pairs: int = 0
    seconds: float = 0.0


@dataclass
class Found:
    persons: list[PersonMatch] = field(default_factory=list)
    households: list[HouseholdMatch] = field(default_factory=list)
    stats: ScanStats = field(default_factory=ScanStats)


def pair_id(kind: str, ref_a: str, ref_b: str) -> str:
    """Stable id of a pair from the two natural references (order does not matter)."""
    a, b = sorted((ref_a, ref_b))
    digest = hashlib.blake2b(f"{kind}\n{a}\n{b}".encode(), digest_size=6).hexdigest()
    return ("p" if kind == PERSON else "h") + digest


def refs(m: PersonMatch | HouseholdMatch, facts: Facts) -> tuple[str, str, str]:
    """(kind, ref_a, ref_b) of a match, refs sorted."""
    if isinstance(m, HouseholdMatch):
        ra, rb = m.a.ref, m.b.ref
        kind = HOUSEHOLD
    else:
        hs = facts.households
        ra, rb = person_ref(hs[m.a.household_id], m.a), person_ref(hs[m.b.household_id], m.b)
        kind = PERSON
    lo, hi = sorted((ra, rb))
    return kind, lo, hi


# --- candidates ---------------------------------------------------------------------------------

# Base scores of the ways two names can match (the best case of each, before evidence).
EXACT, SWAP, TYPO = 85, 72, 68
SAME_DATE = 15  # both full birth dates known and equal
OTHER_COMMUNE = 10  # the two households are in different communes

Cells = dict[tuple[int, int, str], dict[str, list[int]]]


@dataclass
class Population:
    """How common each name is, to tell a likely duplicate from a namesake.

    ``cells`` maps (year, birth year, sex) → name key → people and ``sizes`` counts each cell;
    ``names[(year, sex, key)]`` counts people of that sex with that name key among the review
    year's households (every birth year), ``sexes[(year, sex)]`` people of that sex, and
    ``words`` the people carrying each name word.
    """

    cells: Cells
    sizes: Counter[tuple[int, int, str]]
    names: Counter[tuple[int, str, str]]
    sexes: Counter[tuple[int, str]]
    words: Counter[str]

    def related_penalty(self, cell: tuple[int, int, str], k1: str, k2: str) -> int:
        """Penalty for two different spellings (swap, typo) in one cell: chance namesakes of the
        *rarer* spelling (a rare spelling next to a common name is a typo of it, not a
        namesake), plus the ambiguity of matching a whole group of the other."""
        groups = self.cells[cell]
        expected = min(self.namesakes(cell, k1), self.namesakes(cell, k2))
        return common_name_penalty(expected) + ambiguity_penalty(max(len(groups[k1]), len(groups[k2])))

    def namesakes(self, cell: tuple[int, int, str], key: str, own: int = 1) -> float:
        """Expected number of people in this cell with this name by chance alone, besides the
        ``own`` records of the pair being judged (2 when both sides carry this very name)."""
        year, _, sex = cell
        others = max(0, self.names[(year, sex, key)] - own)
        return others * self.sizes[cell] / max(1, self.sexes[(year, sex)])


def ambiguity_penalty(n: int) -> int:
    """Score taken off when a variant spelling matches ``n`` people of one name: it may be a
    copy of any of them."""
    return min(20, 5 * (n - 1))


def common_name_penalty(expected: float) -> int:
    """Score taken off when ``expected`` namesakes share the name, birth year and sex."""
    for limit, penalty in ((0.05, 0), (0.2, 10), (0.5, 20), (1.0, 30), (2.0, 40)):
        if expected < limit:
            return penalty
    return 50


def conflicting(a: Person, b: Person) -> bool:
    """True when the records prove two different people: both full birth dates known and
    different, or both ID numbers known and more than one edit apart."""
    if a.full_birth and b.full_birth and a.birth != b.birth:
        return True
    return bool(a.id_number and b.id_number) and not within_one_edit(a.id_number, b.id_number)


class _Collector:
    """Collects candidate pairs of people (indices) in different households touching the focus."""

    def __init__(self, facts: Facts, min_score: int) -> None:
        self.people = facts.people
        self.focus = facts.focus
        self.min_score = min_score
        self.pairs: set[tuple[int, int]] = set()

    def cross(
        self, xs: Iterable[int], ys: list[int], *, by_name: bool = True, same_date: bool = False
    ) -> None:
        """Pair every x with every y in another household. By name (not by ID number),
        records that prove two people are skipped; ``same_date`` keeps equal full birth dates only."""
        people, focus, add = self.people, self.focus, self.pairs.add
        for i in xs:
            a = people[i]
            hi = a.household_id
            in_focus = hi in focus
            for j in ys:
                b = people[j]
                hj = b.household_id
                if hj == hi or not (in_focus or hj in focus):
                    continue
                if by_name:
                    if a.full_birth and b.full_birth:
                        if a.birth != b.birth:
                            continue
                    elif same_date:
                        continue
                    if a.id_number and b.id_number and not within_one_edit(a.id_number, b.id_number):
                        continue
                add((i, j) if i < j else (j, i))

    def within(self, xs: list[int], **kw: bool) -> None:
        for n in range(len(xs) - 1):
            self.cross((xs[n],), xs[n + 1 :], **kw)

    def by_name(self, xs: list[int], ys: list[int] | None, base: int, penalty: int) -> None:
        """Pair two name groups (or one within itself) as far as a report is possible: not at
        all when even an equal full birth date could not lift the score to the threshold,
        only equal full birth dates when the name alone would not."""
        floor = base - penalty
        if floor + SAME_DATE < self.min_score:
            return
        same_date = floor < self.min_score
        if ys is None:
            self.within(xs, same_date=same_date)
        else:
            self.cross(xs, ys, same_date=same_date)


def population(facts: Facts) -> tuple[dict[tuple[int, str], list[int]], Population]:
    """ID blocks (year, id) → people, and the name statistics with the name cells."""
    by_id: dict[tuple[int, str], list[int]] = defaultdict(list)
    cells: Cells = defaultdict(dict)
    names: Counter[tuple[int, str, str]] = Counter()
    sexes: Counter[tuple[int, str]] = Counter()
    sizes: Counter[tuple[int, int, str]] = Counter()
    for p in facts.people:
        if p.id_number:
            by_id[(p.year, p.id_number)].append(p.index)
        if p.key:
            cells[(p.year, p.birth_year, p.sex)].setdefault(p.key, []).append(p.index)
    words: Counter[str] = Counter()
    for cell, groups in cells.items():
        year, _, sex = cell
        sizes[cell] = sum(len(g) for g in groups.values())
        sexes[(year, sex)] += sizes[cell]
        for key, members in groups.items():
            names[(year, sex, key)] += len(members)
    for (_, _, key), n in names.items():
        for w in key.split():
            words[w] += n
    return by_id, Population(cells, sizes, names, sexes, words)


def two_real_names(a: str, b: str, words: Mapping[str, int]) -> tuple[str, str] | None:
    """The differing words when two names differ in one word and both words are common
    names (An/Anh: two real names, not a typo); else None. See :data:`TYPO_SHARE`."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return None
    diff = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
    if len(diff) != 1:
        return None
    counts = sorted((words.get(diff[0][0], 0), words.get(diff[0][1], 0)))
    return diff[0] if counts[0] >= COMMON_WORD and counts[0] >= TYPO_SHARE * counts[1] else None


class _Variants(dict[str, tuple[str, str, tuple[str, ...]]]):
    """Per-scan cache: name key → (the key, its sorted tokens, its one-letter deletions).

    A name recurs in many cells (every birth year), so its variants are built once."""

    def __missing__(self, key: str) -> tuple[str, str, tuple[str, ...]]:
        value = (key, sorted_key(key), tuple(deletions(key)))
        self[key] = value
        return value


def related_names(
    keys: Iterable[str], words: Mapping[str, int], variants: _Variants | None = None
) -> dict[tuple[str, str], int]:
    """Pairs of distinct names (of one cell) that are swaps or one typo apart → base score.

    Deletion neighbourhood: every name and each of its one-letter deletions go into one
    index; names sharing an entry are checked with :func:`within_one_edit`.
    """
    cache = _Variants() if variants is None else variants
    related: dict[tuple[str, str], int] = {}
    by_sorted: dict[str, list[str]] = {}
    first: dict[str, str] = {}
    shared: dict[str, list[str]] = {}
    setdefault = first.setdefault
    for key in keys:
        k, sk, dels = cache[key]
        by_sorted.setdefault(sk, []).append(k)
        for v in (k, *dels):
            f = setdefault(v, k)
            if f is not k:
                shared.setdefault(v, [f]).append(k)
    for group in by_sorted.values():
        for pair in itertools.combinations(group, 2):
            related[pair] = SWAP
    for group in shared.values():
        for k1, k2 in itertools.combinations(dict.fromkeys(group), 2):
            if (k1, k2) in related or (k2, k1) in related or not within_one_edit(k1, k2):
                continue
            if two_real_names(k1, k2, words) is None:
                related[(k1, k2)] = TYPO
    return related


def candidates(
    facts: Facts, stats: ScanStats, rep: Reporter | None = None, *, min_score: int = MIN_SCORE
) -> tuple[set[tuple[int, int]], Population]:
    """Every pair of people sharing a block (ID, exact name, swapped names, one typo) that a
    score could report; also the name statistics, for scoring."""
    col = _Collector(facts, min_score)
    by_id, pop = population(facts)
    for group in by_id.values():
        if len(group) > 1:
            col.within(group, by_name=False)
    stats.cells = len(pop.cells)
    variants = _Variants()
    for cell, groups in pop.cells.items():
        stats.names += len(groups)
        for key, g in groups.items():
            if len(g) > MAX_GROUP:
                stats.oversized += 1
            elif len(g) > 1:
                col.by_name(g, None, EXACT, common_name_penalty(pop.namesakes(cell, key, own=2)))
        if len(groups) > 1:
            for (k1, k2), base in related_names(groups, pop.words, variants).items():
                g1, g2 = groups[k1], groups[k2]
                if len(g1) * len(g2) <= MAX_GROUP * MAX_GROUP:
                    col.by_name(g1, g2, base, pop.related_penalty(cell, k1, k2))
        if rep is not None:
            rep.step()
    return col.pairs, pop


# --- scoring ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 16)
def _folded(name: str) -> str:
    return fold_choice(name)


def _name_relation(a: Person, b: Person) -> tuple[int, str] | None:
    """Base score and reason for how the two names match, or None if they do not."""
    if a.key == b.key:
        if _folded(a.name) == _folded(b.name):
            return EXACT, "Trùng họ tên"
        if sorted(_folded(a.name).split()) == sorted(_folded(b.name).split()):
            return SWAP, "Họ tên giống nhau nhưng đảo tên đệm và tên"
        if not a.name.isascii() and not b.name.isascii():
            return 60, "Họ tên giống nhau nhưng khác dấu"
        return 78, "Họ tên giống nhau khi bỏ dấu"
    if sorted_key(a.key) == sorted_key(b.key):
        return SWAP, "Họ tên giống nhau nhưng đảo tên đệm và tên"
    if within_one_edit(a.key, b.key):
        return TYPO, "Họ tên chỉ khác một chữ cái"
    return None


def score_people(
    a: Person, b: Person, pop: Population, communes: tuple[str, str]
) -> tuple[int, list[str]] | None:
    """Score (0–100) and reasons for two people being one; None when unrelated.

    ``communes`` are the commune codes of the two households.
    """
    same_id = bool(a.id_number) and a.id_number == b.id_number
    rel = _name_relation(a, b)
    same_cell = a.birth_year == b.birth_year and a.sex == b.sex
    reasons: list[str] = []
    if same_id:
        reasons.append("Trùng số định danh")
        score = 95 if rel and same_cell else 70
        reasons.append(rel[1] if rel else "Họ tên khác nhau: có thể ghi nhầm số định danh")
        if rel and not same_cell:
            reasons.append("Năm sinh hoặc giới tính khác nhau")
    elif rel is None or not same_cell or conflicting(a, b):
        return None
    else:
        score = rel[0]
        reasons += [rel[1], f"Cùng năm sinh {a.birth_year}, cùng giới tính {a.sex}"]
        if a.id_number and b.id_number:
            score -= 10
            reasons.append("Số định danh chỉ khác một chữ số")
        score -= _name_penalty(a, b, pop, reasons)
        if communes[0] != communes[1]:
            score -= OTHER_COMMUNE
            reasons.append("Hai hộ ở hai xã khác nhau")
    if a.full_birth and a.birth == b.birth:
        score += SAME_DATE
        reasons.append("Cùng ngày sinh")
    if a.ethnicity and b.ethnicity and a.ethnicity != b.ethnicity:
        score -= 10
        reasons.append("Dân tộc khác nhau")
    return max(0, min(100, score)), reasons


def _name_penalty(a: Person, b: Person, pop: Population, reasons: list[str]) -> int:
    """Score off for a name so common that namesakes born the same year are expected."""
    cell = (a.year, a.birth_year, a.sex)
    if a.key == b.key:
        penalty = common_name_penalty(pop.namesakes(cell, a.key, own=2))
        if penalty:
            n = pop.names[(a.year, a.sex, a.key)]
            reasons.append(f"Tên phổ biến: {n} người {a.sex} cùng họ tên trong năm rà soát")
        return penalty
    penalty = pop.related_penalty(cell, a.key, b.key)
    if penalty:
        n = max(len(pop.cells[cell][a.key]), len(pop.cells[cell][b.key]))
        reasons.append(f"Tên gần giống của {n} người cùng năm sinh, giới tính: có thể nhầm người")
    return penalty


# --- households ---------------------------------------------------------------------------------


def _assign(matches: list[PersonMatch]) -> list[PersonMatch]:
    """One-to-one member matches, best score first."""
    used_a: set[int] = set()
    used_b: set[int] = set()
    out = []
    for m in sorted(matches, key=lambda m: -m.score):
        if m.a.index in used_a or m.b.index in used_b:
            continue
        used_a.add(m.a.index)
        used_b.add(m.b.index)
        out.append(m)
    return out


def score_households(
    a: HouseholdFacts, b: HouseholdFacts, matches: list[PersonMatch]
) -> HouseholdMatch | None:
    """Compare two households sharing matched people; None when they do not look like one."""
    pairs = _assign(matches)
    smaller = max(1, min(len(a.members), len(b.members)))
    overlap = len(pairs) / smaller
    head = any(m.a.is_head and m.b.is_head for m in pairs)
    same_village = a.ma_xa == b.ma_xa and name_key(a.thon) == name_key(b.thon)
    address = name_key(a.dia_chi)
    same_address = bool(address) and address == name_key(b.dia_chi)
    if not ((len(pairs) >= 2 and overlap >= 0.5) or (head and (same_village or same_address))):
        return None
    reasons = []
    if head:
        reasons.append("Chủ hộ trùng")
    reasons.append(f"{len(pairs)}/{smaller} thành viên trùng")
    if same_village:
        reasons.append("Cùng thôn")
    if same_address:
        reasons.append("Cùng địa chỉ")
    if any(m.same_id for m in pairs):
        reasons.append("Có số định danh trùng")
    score = round(45 * overlap) + 25 * head + 15 * same_village + 15 * same_address
    return HouseholdMatch(a, b, min(100, score), tuple(reasons), tuple(pairs))


# --- the scan -----------------------------------------------------------------------------------


def scan(
    facts: Facts,
    *,
    different: Iterable[tuple[str, str, str]] = (),
    min_score: int = MIN_SCORE,
    rep: Reporter | None = None,
) -> Found:
    """Find duplicate people and households touching the focus of ``facts``.

    ``different`` holds (kind, ref_a, ref_b) of pairs the reviewer has marked "different"
    (refs sorted): they are left out. A household pair marked different no longer hides its
    member matches, which are then reported person by person.
    """
    with gc_paused():
        return _scan(facts, different, min_score, rep)


def _scan(
    facts: Facts, different: Iterable[tuple[str, str, str]], min_score: int, rep: Reporter | None
) -> Found:
    start = time.perf_counter()
    found = Found()
    stats = found.stats
    stats.people = len(facts.people)
    ignored = set(different)
    pairs, pop = candidates(facts, stats, rep, min_score=min_score)
    stats.candidates = len(pairs)
    hs = facts.households
    by_household: dict[tuple[int, int], list[PersonMatch]] = defaultdict(list)
    people = facts.people
    for i, j in pairs:
        a, b = people[i], people[j]
        if a.household_id > b.household_id:
            a, b = b, a
        scored = score_people(a, b, pop, (hs[a.household_id].ma_xa, hs[b.household_id].ma_xa))
        if scored is None:
            continue
        m = PersonMatch(a, b, scored[0], tuple(scored[1]), a.id_number == b.id_number != "")
        if m.score >= min_score or m.same_id:
            by_household[(a.household_id, b.household_id)].append(m)
    for (ha, hb), matches in sorted(by_household.items()):
        hm = score_households(hs[ha], hs[hb], matches)
        if hm is not None and refs(hm, facts) not in ignored:
            found.households.append(hm)
            continue
        found.persons += [m for m in matches if refs(m, facts) not in ignored]
    found.persons.sort(key=lambda m: (-m.score, m.a.household_id, m.a.stt, m.b.household_id, m.b.stt))
    found.households.sort(key=lambda m: (-m.score, m.a.id, m.b.id))
    stats.person_pairs, stats.household_pairs = len(found.persons), len(found.households)
    stats.seconds = time.perf_counter() - start
    return found
