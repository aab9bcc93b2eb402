"""Rule sets as data: load ``resources/rulesets/*.toml`` and pick the one for a review year.

A rule set file holds every number and list the classifier uses (income lines, the average
band, score cut-offs, the working-age schedule and each indicator's test and parameters).
Code never hard-codes them. A file in an override folder (a province's own annex) with the same
``id`` replaces the shipped one.
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from povdesk.domain import RURAL, URBAN
from povdesk.errors import NoRuleSet, PovdeskError
from povdesk.resources import resource_path


class RuleSetError(PovdeskError):
    """A rule-set file is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class Indicator:
    """One deprivation indicator: its code, Vietnamese name, test kind and the test's parameters."""

    code: str
    name: str
    test: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class WorkingAge:
    """Working age is ``min_age <= age < retirement``; retirement in months by year and sex."""

    min_age: int
    base_year: int
    male_months: int
    male_step_months: int
    male_cap_months: int
    female_months: int
    female_step_months: int
    female_cap_months: int

    def retirement_months(self, year: int, sex: str) -> int:
        """Statutory retirement age in months for a reference year and sex (``nam``/``nữ``)."""
        steps = year - self.base_year
        if sex == "nữ":
            return min(self.female_months + steps * self.female_step_months, self.female_cap_months)
        return min(self.male_months + steps * self.male_step_months, self.male_cap_months)


@dataclass(frozen=True)
class RuleSet:
    id: str
    name: str
    first_year: int
    last_year: int
    poor_min_deprivations: int
    income_line: Mapping[str, int]
    average_upper: Mapping[str, int] | None
    score_a_cutoff: Mapping[str, int] | None
    working_age: WorkingAge
    indicators: tuple[Indicator, ...]
    source: Path

    def governs(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    @property
    def indicator_codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.indicators)

    def line(self, area: str) -> int:
        return self.income_line[_area_key(area)]

    def upper(self, area: str) -> int | None:
        return None if self.average_upper is None else self.average_upper[_area_key(area)]

    def cutoff(self, area: str) -> int | None:
        return None if self.score_a_cutoff is None else self.score_a_cutoff[_area_key(area)]


def _area_key(area: str) -> str:
    if area == RURAL:
        return "rural"
    if area == URBAN:
        return "urban"
    raise ValueError(f"khu vực không hợp lệ: {area!r}")


def _by_area(raw: Any, path: Path, key: str) -> dict[str, int] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"rural", "urban"}:
        raise RuleSetError(f"{path.name}: [{key}] cần đúng hai khóa rural và urban")
    return {k: int(v) for k, v in raw.items()}


def _indicator(raw: dict[str, Any], path: Path) -> Indicator:
    from povdesk.rules.classifier import TESTS, check_params  # the indicator test kinds

    try:
        code, name, test = str(raw["code"]), str(raw["name"]), str(raw["test"])
    except KeyError as e:
        raise RuleSetError(f"{path.name}: chỉ số thiếu khóa {e}") from None
    if test not in TESTS:
        raise RuleSetError(f"{path.name}: chỉ số {code}: phép thử không biết '{test}'")
    params = {k: v for k, v in raw.items() if k not in ("code", "name", "test")}
    problems = check_params(test, params)
    if problems:
        raise RuleSetError(f"{path.name}: chỉ số {code} ({test}): {'; '.join(problems)}")
    return Indicator(code=code, name=name, test=test, params=params)


def load_rule_set(path: Path) -> RuleSet:
    """Parse one rule-set file; raise :class:`RuleSetError` naming the file on any defect."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        indicators = tuple(_indicator(i, path) for i in raw["indicators"])
        rs = RuleSet(
            id=str(raw["id"]),
            name=str(raw["name"]),
            first_year=int(raw["first_year"]),
            last_year=int(raw["last_year"]),
            poor_min_deprivations=int(raw["poor_min_deprivations"]),
            income_line=_by_area(raw["income_line"], path, "income_line") or {},
            average_upper=_by_area(raw.get("average_upper"), path, "average_upper"),
            score_a_cutoff=_by_area(raw.get("score_a_cutoff"), path, "score_a_cutoff"),
            working_age=WorkingAge(**raw["working_age"]),
            indicators=indicators,
            source=path,
        )
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as e:
        raise RuleSetError(f"Tệp bộ quy tắc {path.name} không hợp lệ: {e}") from e
    codes = rs.indicator_codes
    if len(set(codes)) != len(codes):
        raise RuleSetError(f"{path.name}: mã chỉ số bị trùng")
    return rs


class RuleBook:
    """All known rule sets; picks the one governing a review year."""

    def __init__(self, rule_sets: Iterable[RuleSet]):
        self._by_id: dict[str, RuleSet] = {}
        for rs in rule_sets:
            self._by_id[rs.id] = rs  # later ones (overrides) replace earlier ones
        ordered = sorted(self._by_id.values(), key=lambda r: r.first_year)
        for a, b in itertools.pairwise(ordered):
            if b.first_year <= a.last_year:
                raise RuleSetError(f"Hai bộ quy tắc {a.id} và {b.id} cùng áp dụng cho một năm")
        self._ordered = tuple(ordered)

    @classmethod
    def load(cls, *folders: Path) -> RuleBook:
        """Load the shipped rule sets, then each override folder in order (same id replaces)."""
        dirs = [resource_path("rulesets"), *folders]
        files = [p for d in dirs if d.is_dir() for p in sorted(d.glob("*.toml"))]
        return cls(load_rule_set(p) for p in files)

    def __iter__(self) -> Any:
        return iter(self._ordered)

    def get(self, rule_set_id: str) -> RuleSet:
        try:
            return self._by_id[rule_set_id]
        except KeyError:
            raise NoRuleSet(f"Không có bộ quy tắc '{rule_set_id}'") from None

    def for_year(self, year: int) -> RuleSet:
        """The rule set governing ``year``; :class:`NoRuleSet` (never a wrong standard) if none."""
        for rs in self._ordered:
            if rs.governs(year):
                return rs
        known = ", ".join(f"{r.id} ({r.first_year}–{r.last_year})" for r in self._ordered)
        raise NoRuleSet(
            f"Năm rà soát {year} không có chuẩn nghèo nào trong povdesk (có: {known}); "
            "hộ không được phân loại theo chuẩn khác."
        )
