"""The notifier's web console: deliveries and retries, dead letters and replay, the pipeline.

Operators see every delivery of a decision (ATS write-back, emails), retry the ones that
failed, replay dead-lettered events and watch consumer lag and throughput.
"""

from notifier.entrypoints.console.pages import NotifierPages, Wiring, install_console

__all__ = ["NotifierPages", "Wiring", "install_console"]
