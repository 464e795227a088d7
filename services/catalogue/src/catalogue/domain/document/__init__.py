"""The plain-text role-profile document format."""

from catalogue.domain.document.merge import merge_imported
from catalogue.domain.document.parser import ProfileDocument, parse_profile_document

__all__ = ["ProfileDocument", "merge_imported", "parse_profile_document"]
