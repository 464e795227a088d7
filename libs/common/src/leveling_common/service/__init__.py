"""The skeleton every service runs on: its command line (`cli`) and process lifecycle
(`lifecycle`).

A service brings its settings, a composition root and the apps and worker built from it;
`run_cli` and `run_process` do the rest the same way for all of them. The lifecycle is not
imported here: it loads the web framework, which `migrate` never needs.
"""

from leveling_common.service.cli import ExtraCommand, ServiceCli, run_cli

__all__ = ["ExtraCommand", "ServiceCli", "run_cli"]
