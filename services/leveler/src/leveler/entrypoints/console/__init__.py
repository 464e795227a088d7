"""The leveler's web console: the review queue, requisition histories and level overrides.

Recruiters review decisions the engine was unsure of, read why each level was chosen,
and set the level by hand with a reason; the override is audited and flows to the ATS.
"""

from leveler.entrypoints.console.pages import LevelerPages, install_console

__all__ = ["LevelerPages", "install_console"]
