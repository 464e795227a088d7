"""The leveler: ATS intake, the leveling engine, decisions, overrides and re-leveling."""

__version__ = "0.1.0"
