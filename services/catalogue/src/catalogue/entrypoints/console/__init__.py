"""The catalogue's web console: role profiles and their levels, zones, band sets.

Comp and HR-ops staff browse the job architecture and publish draft band sets after
reviewing what each draft changes compared with the set in force.
"""

from catalogue.entrypoints.console.pages import CataloguePages, install_console

__all__ = ["CataloguePages", "install_console"]
