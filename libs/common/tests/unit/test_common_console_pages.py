"""The console's redirects stay on this host and carry their flash; navigation links."""

from __future__ import annotations

import importlib
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from leveling_common.console import Console
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


@pytest.mark.parametrize(
    ("service", "home", "subnav"),
    [("catalogue", "the catalogue", True), ("leveler", "the review queue", False),
     ("notifier", "the deliveries", True)],
)  # fmt: skip
def test_each_consoles_error_page_is_the_shared_one_with_its_own_way_home(service, home, subnav):
    package = importlib.import_module(service)
    templates = Path(package.__file__).parent / "entrypoints" / "console" / "templates"
    console = Console(service=service, templates_dir=templates, nav=[])
    environment = console.templates.env
    forbidden = environment.get_template("error.html").render(
        page_title="Not allowed", status=403, scope="catalogue:write", nav=[], sub_active=""
    )
    assert "<code>catalogue:write</code> scope" in forbidden
    assert f'<a href="/console">Back to {home}</a>' in forbidden
    assert ('class="subnav"' in forbidden) is subnav
    missing = environment.get_template("error.html").render(
        page_title="Not found", status=404, detail="profile <X> is not in the catalogue", nav=[]
    )
    assert "profile &lt;X&gt; is not in the catalogue" in missing
