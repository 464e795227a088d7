"""The notifier: writes leveling decisions back to the ATS and emails the hiring team."""

__version__ = "0.1.0"
