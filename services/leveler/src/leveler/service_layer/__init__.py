"""Use cases: intake, deciding, re-leveling, overrides and the read side."""
