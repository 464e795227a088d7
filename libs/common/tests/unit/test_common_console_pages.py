"""The console's redirects stay on this host and carry their flash; navigation links."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from leveling_common.console.pages import local_path, nav_links, redirect_with
from notifier.config import Settings


def test_only_console_paths_of_this_host_are_followed_after_an_action():
    assert local_path("/console?status=dead") == "/console?status=dead"
    assert local_path("https://elsewhere.example/console") == "/console"
    assert local_path("//elsewhere.example/console") == "/console"
    assert local_path("/docs") == "/console"


def test_a_redirect_keeps_the_pages_query_and_replaces_an_earlier_flash():
    response = redirect_with("/console?status=dead&flash=old&error=1", "Done & dusted")
    location = response.headers["location"]
    parts = urlsplit(location)
    assert response.status_code == 303
    assert parts.path == "/console"
    assert parse_qsl(parts.query) == [("status", "dead"), ("flash", "Done & dusted")]
    failed = redirect_with("/console", "Nope", error=True).headers["location"]
    assert parse_qsl(urlsplit(failed).query) == [("flash", "Nope"), ("error", "1")]


def test_navigation_links_this_console_by_path_and_the_others_by_their_defaults():
    settings = Settings(LEVELING_ADMIN_TOKEN="unit-admin-token-0123456789")
    assert nav_links(settings, here="Notifier") == [
        ("Catalogue", "http://127.0.0.1:8001/console"),
        ("Leveler", "http://127.0.0.1:8002/console"),
        ("Notifier", "/console"),
    ]
