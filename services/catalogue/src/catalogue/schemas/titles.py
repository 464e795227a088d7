"""Title conventions as JSON."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from catalogue.domain.titles import MAX_PHRASE, MAX_RANK, TitleConvention
from catalogue.schemas._base import Model

__all__ = ["TitleConventionList", "TitleConventionModel"]


class TitleConventionModel(Model):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"track": "P", "phrase": "Member of Technical Staff", "rank": 4}]
        }
    )

    track: Literal["M", "P", "S", "E"] = Field(description="M management, P professional, ...")
    phrase: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_PHRASE,
            description="Words as job titles use them, matched whole and in any case",
        ),
    ]
    rank: Annotated[int | None, Field(ge=1, le=MAX_RANK)] = Field(
        description="The level rank on the track the words name (P4 → 4); null: none"
    )

    def to_domain(self) -> TitleConvention:
        return TitleConvention(self.track, " ".join(self.phrase.split()), self.rank)

    @classmethod
    def of(cls, convention: TitleConvention) -> TitleConventionModel:
        return cls.model_validate(
            {"track": convention.track, "phrase": convention.phrase, "rank": convention.rank}
        )


class TitleConventionList(Model):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {"track": "P", "phrase": "Member of Technical Staff", "rank": 4},
                        {"track": "P", "phrase": "Lead", "rank": 5},
                        {"track": "M", "phrase": "Group Manager", "rank": 4},
                    ]
                }
            ]
        }
    )

    items: list[TitleConventionModel] = Field(
        max_length=2000,
        description="Read before the engine's generic seniority words; the longest phrase a "
        "title contains wins",
    )
