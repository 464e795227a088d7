"""The job architecture: job functions, role profiles, tracks and levels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from catalogue.domain.exceptions import InvalidData, NotFound

__all__ = [
    "DIFFERENTIALS",
    "TRACKS",
    "JobFunction",
    "Level",
    "RoleProfile",
    "Rubric",
    "Skill",
    "SocCode",
    "Source",
    "YearsRange",
    "check_pay_factor",
    "level_rank",
    "level_track",
]

TRACKS: dict[str, str] = {
    "M": "management",
    "P": "professional",
    "S": "support",
    "E": "executive",
}
DIFFERENTIALS = ("pay", "skill")

_LEVEL_CODE = re.compile(r"^([MPSE])([1-9][0-9]?)$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_SOC = re.compile(r"^\d{2}-\d{4}(\.\d{2})?$")


def _check_code(value: str, what: str) -> None:
    if not _CODE.match(value):
        raise InvalidData(
            f"{what} {value!r} must be 1-64 letters, digits, '.', '_' or '-'", field=what
        )


def _check_level_code(code: str) -> re.Match[str]:
    match = _LEVEL_CODE.match(code)
    if match is None:
        raise InvalidData(
            f"level {code!r} must be a track letter (M, P, S, E) and a rank, e.g. M2",
            field="level",
        )
    return match


def level_track(code: str) -> str:
    return _check_level_code(code).group(1)


def level_rank(code: str) -> int:
    return int(_check_level_code(code).group(2))


@dataclass(frozen=True, slots=True)
class YearsRange:
    """Typical years of experience; `high` is None when the range is open-ended."""

    low: float | None = None
    high: float | None = None

    def __post_init__(self) -> None:
        for value in (self.low, self.high):
            if value is not None and not 0 <= value <= 60:
                raise InvalidData("years of experience must be between 0 and 60", field="years")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise InvalidData("typical years: low must not exceed high", field="years")


@dataclass(frozen=True, slots=True)
class Rubric:
    """One row of the level guidelines table."""

    knowledge: str = ""
    complexity: str = ""
    collaboration: str = ""
    degree_years: str = ""


@dataclass(frozen=True, slots=True)
class Level:
    code: str
    name: str = ""
    summary: str = ""
    scope: str = ""
    autonomy: str = ""
    complexity: str = ""
    impact: str = ""
    decision_rights: str = ""
    leadership: str = ""
    typical_experience: str = ""
    years: YearsRange = field(default_factory=YearsRange)
    rubric: Rubric = field(default_factory=Rubric)
    responsibilities: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_level_code(self.code)

    @property
    def track(self) -> str:
        return level_track(self.code)

    @property
    def rank(self) -> int:
        return level_rank(self.code)


@dataclass(frozen=True, slots=True)
class Skill:
    name: str
    description: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidData("a skill needs a name", field="skills")


@dataclass(frozen=True, slots=True)
class Source:
    """Evidence behind a profile: a title and, when it has one, where to read it."""

    title: str
    url: str | None = None

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise InvalidData("a source needs a title", field="sources")


@dataclass(frozen=True, slots=True)
class SocCode:
    """An O*NET / SOC occupation code and the system that mapped it."""

    code: str
    source: str = ""

    def __post_init__(self) -> None:
        if not _SOC.match(self.code):
            raise InvalidData(f"SOC code {self.code!r} must look like 11-9121 or 11-9121.01")


@dataclass(frozen=True, slots=True)
class JobFunction:
    code: str
    name: str
    description: str = ""

    def __post_init__(self) -> None:
        _check_code(self.code, "function_code")
        if not self.name.strip():
            raise InvalidData("a job function needs a name", field="name")


def check_pay_factor(factor: Decimal, *, what: str, field: str) -> None:
    """A profile's pay relative to its function baseline, on a profile or frozen in a band set."""
    if not factor.is_finite() or not Decimal("0.1") <= factor <= Decimal(10):
        raise InvalidData(f"{what} must be between 0.1 and 10", field=field)


@dataclass(frozen=True, slots=True)
class RoleProfile:
    """A role in the job architecture, with the levels of its track(s), lowest first."""

    code: str
    name: str
    function_code: str
    description: str = ""
    distinguishing: str = ""
    aliases: tuple[str, ...] = ()
    skills: tuple[Skill, ...] = ()
    soc_codes: tuple[SocCode, ...] = ()
    sources: tuple[Source, ...] = ()
    differentials: tuple[str, ...] = ()
    pay_factor: Decimal | None = None
    levels: tuple[Level, ...] = ()

    def __post_init__(self) -> None:
        _check_code(self.code, "code")
        _check_code(self.function_code, "function_code")
        if not self.name.strip():
            raise InvalidData("a role profile needs a name", field="name")
        unknown = set(self.differentials) - set(DIFFERENTIALS)
        if unknown:
            raise InvalidData(f"unknown differentials {sorted(unknown)}", field="differentials")
        if self.pay_factor is not None:
            check_pay_factor(self.pay_factor, what="pay_factor", field="pay_factor")
        codes = [level.code for level in self.levels]
        if len(set(codes)) != len(codes):
            raise InvalidData(f"duplicate level codes in {codes}", field="levels")
        ordered = tuple(sorted(self.levels, key=lambda lv: (lv.track, lv.rank)))
        object.__setattr__(self, "levels", ordered)

    @property
    def tracks(self) -> tuple[str, ...]:
        return tuple(sorted({level.track for level in self.levels}))

    def level(self, code: str) -> Level:
        for level in self.levels:
            if level.code == code:
                return level
        raise NotFound("level", f"{self.code}/{code}")

    def has_level(self, code: str) -> bool:
        return any(level.code == code for level in self.levels)

    def with_level(self, level: Level) -> RoleProfile:
        """The profile with `level` added, or replacing the level of the same code."""
        others = tuple(lv for lv in self.levels if lv.code != level.code)
        return replace(self, levels=(*others, level))

    def without_level(self, code: str) -> RoleProfile:
        self.level(code)
        return replace(self, levels=tuple(lv for lv in self.levels if lv.code != code))
