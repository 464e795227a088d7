"""The leveler console links the catalogue console where CATALOGUE_URL says it is."""

from __future__ import annotations

from leveler.config import Settings
from leveling_common.console.pages import nav_links


def test_the_catalogue_link_follows_the_configured_catalogue_url():
    settings = Settings(
        LEVELING_ADMIN_TOKEN="unit-admin-token-0123456789",
        CATALOGUE_URL="https://catalogue.example.com/",
    )
    assert nav_links(settings, here="Leveler") == [
        ("Catalogue", "https://catalogue.example.com/console"),
        ("Leveler", "/console"),
        ("Notifier", "http://127.0.0.1:8003/console"),
    ]
