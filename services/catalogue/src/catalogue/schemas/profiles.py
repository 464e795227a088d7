"""Profiles, levels and job functions as JSON."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field

from catalogue.domain.model import (
    JobFunction,
    Level,
    RoleProfile,
    Rubric,
    Skill,
    SocCode,
    Source,
    YearsRange,
)
from catalogue.schemas._base import Factor, Model

__all__ = [
    "FunctionModel",
    "LevelIn",
    "LevelOut",
    "ProfileIn",
    "ProfileOut",
    "ProfilePage",
    "ProfileSummary",
    "RubricModel",
    "level_in",
    "profile_in",
]

Text = Annotated[str, Field(max_length=20_000)]
Short = Annotated[str, Field(max_length=300)]


class FunctionModel(Model):
    code: Annotated[str, Field(min_length=1, max_length=64, examples=["CLINIC"])]
    name: Annotated[str, Field(min_length=1, max_length=200, examples=["Clinical Development"])]
    description: Text = ""

    def to_domain(self) -> JobFunction:
        return JobFunction(self.code, self.name, self.description)

    @classmethod
    def of(cls, function: JobFunction) -> FunctionModel:
        return cls(code=function.code, name=function.name, description=function.description)


class RubricModel(Model):
    knowledge: Text = Field(default="", description="Knowledge & Application")
    complexity: Text = Field(default="", description="Complexity & Problem Solving")
    collaboration: Text = Field(default="", description="Collaboration & Interaction")
    degree_years: Text = Field(default="", description="Typical Degree & Years")


class SkillModel(Model):
    name: Short
    description: Text = ""


class SourceModel(Model):
    title: Annotated[str, Field(max_length=500)]
    url: Annotated[str | None, Field(max_length=2000)] = None


class SocCodeModel(Model):
    code: Annotated[str, Field(examples=["11-9121"], max_length=16)]
    source: Short = ""


class LevelIn(Model):
    code: Annotated[str, Field(pattern=r"^[MPSE][1-9][0-9]?$", examples=["M2"])]
    name: Short = Field(default="", examples=["Manager II"])
    summary: Text = ""
    scope: Text = ""
    autonomy: Text = ""
    complexity: Text = ""
    impact: Text = ""
    decision_rights: Text = ""
    leadership: Text = ""
    typical_experience: Short = Field(default="", examples=["5-8 yrs"])
    years_min: Annotated[float | None, Field(ge=0, le=60)] = None
    years_max: Annotated[float | None, Field(ge=0, le=60)] = None
    rubric: RubricModel = Field(default_factory=RubricModel)
    responsibilities: Annotated[list[Text], Field(max_length=200)] = Field(default_factory=list)

    def to_domain(self) -> Level:
        fields = self.model_dump(exclude={"years_min", "years_max", "rubric", "responsibilities"})
        return Level(
            **fields,
            years=YearsRange(self.years_min, self.years_max),
            rubric=Rubric(**self.rubric.model_dump()),
            responsibilities=tuple(self.responsibilities),
        )


class LevelOut(LevelIn):
    track: str = Field(description="M management, P professional, S support, E executive")
    rank: int = Field(description="Order on the track, 1 = lowest")

    @classmethod
    def of(cls, level: Level) -> LevelOut:
        return cls(**level_in(level).model_dump(), track=level.track, rank=level.rank)


def level_in(level: Level) -> LevelIn:
    return LevelIn(
        code=level.code,
        name=level.name,
        summary=level.summary,
        scope=level.scope,
        autonomy=level.autonomy,
        complexity=level.complexity,
        impact=level.impact,
        decision_rights=level.decision_rights,
        leadership=level.leadership,
        typical_experience=level.typical_experience,
        years_min=level.years.low,
        years_max=level.years.high,
        rubric=RubricModel(
            knowledge=level.rubric.knowledge,
            complexity=level.rubric.complexity,
            collaboration=level.rubric.collaboration,
            degree_years=level.rubric.degree_years,
        ),
        responsibilities=list(level.responsibilities),
    )


_PROFILE_EXAMPLE: dict[str, Any] = {
    "code": "CLINIC.CLINICALDC3A",
    "name": "Clinical Project Management",
    "function_code": "CLINIC",
    "description": "Manages the people, budgets, timelines ... of clinical trials.",
    "distinguishing": "Distinct from Clinical Operations/Monitoring (site-facing CRA execution).",
    "aliases": ["Clinical Project Manager"],
    "skills": [{"name": "Risk Management", "description": "Developing risk management plans."}],
    "soc_codes": [{"code": "11-9121", "source": "jfm-factory.resolve"}],
    "sources": [{"title": "O*NET 11-9121.01", "url": "https://www.onetonline.org/"}],
    "differentials": ["pay", "skill"],
    "pay_factor": 1.06,
    "levels": [{"code": "M1", "name": "Manager (Team Lead)", "years_min": 3, "years_max": 6}],
}


class ProfileIn(Model):
    model_config = ConfigDict(json_schema_extra={"examples": [_PROFILE_EXAMPLE]})

    code: Annotated[str, Field(min_length=1, max_length=64)]
    name: Annotated[str, Field(min_length=1, max_length=300)]
    function_code: Annotated[str, Field(min_length=1, max_length=64)]
    description: Text = ""
    distinguishing: Text = ""
    aliases: Annotated[list[Short], Field(max_length=100)] = Field(default_factory=list)
    skills: Annotated[list[SkillModel], Field(max_length=200)] = Field(default_factory=list)
    soc_codes: Annotated[list[SocCodeModel], Field(max_length=20)] = Field(default_factory=list)
    sources: Annotated[list[SourceModel], Field(max_length=100)] = Field(default_factory=list)
    differentials: list[Annotated[str, Field(pattern=r"^(pay|skill)$")]] = Field(
        default_factory=list, max_length=2
    )
    pay_factor: Factor | None = Field(default=None, description="Pay vs the function baseline")
    levels: Annotated[list[LevelIn], Field(max_length=30)] = Field(default_factory=list)

    def to_domain(self) -> RoleProfile:
        return RoleProfile(
            code=self.code,
            name=self.name,
            function_code=self.function_code,
            description=self.description,
            distinguishing=self.distinguishing,
            aliases=tuple(self.aliases),
            skills=tuple(Skill(s.name, s.description) for s in self.skills),
            soc_codes=tuple(SocCode(s.code, s.source) for s in self.soc_codes),
            sources=tuple(Source(s.title, s.url) for s in self.sources),
            differentials=tuple(dict.fromkeys(self.differentials)),
            pay_factor=self.pay_factor,
            levels=tuple(level.to_domain() for level in self.levels),
        )


def profile_in(profile: RoleProfile) -> ProfileIn:
    return ProfileIn(
        code=profile.code,
        name=profile.name,
        function_code=profile.function_code,
        description=profile.description,
        distinguishing=profile.distinguishing,
        aliases=list(profile.aliases),
        skills=[SkillModel(name=s.name, description=s.description) for s in profile.skills],
        soc_codes=[SocCodeModel(code=s.code, source=s.source) for s in profile.soc_codes],
        sources=[SourceModel(title=s.title, url=s.url) for s in profile.sources],
        differentials=list(profile.differentials),
        pay_factor=profile.pay_factor,
        levels=[level_in(level) for level in profile.levels],
    )


class ProfileOut(ProfileIn):
    levels: list[LevelOut] = Field(default_factory=list)  # type: ignore[assignment]
    tracks: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, profile: RoleProfile) -> ProfileOut:
        fields = profile_in(profile).model_dump(exclude={"levels"})
        levels = [LevelOut.of(level) for level in profile.levels]
        return cls(**fields, levels=levels, tracks=list(profile.tracks))


class ProfileSummary(Model):
    code: str
    name: str
    function_code: str
    tracks: list[str]
    levels: list[str] = Field(examples=[["M1", "M2", "M3"]])
    aliases: list[str]

    @classmethod
    def of(cls, profile: RoleProfile) -> ProfileSummary:
        return cls(
            code=profile.code,
            name=profile.name,
            function_code=profile.function_code,
            tracks=list(profile.tracks),
            levels=[level.code for level in profile.levels],
            aliases=list(profile.aliases),
        )


class ProfilePage(Model):
    items: list[ProfileSummary]
    total: int
    limit: int
    offset: int
