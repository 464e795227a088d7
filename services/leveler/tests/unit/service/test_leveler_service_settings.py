import pytest

from leveler.config import Settings
from leveling_common.settings import load_settings

TOKEN = "settings-test-admin-token-0123456789"


@pytest.fixture(autouse=True)
def _admin_token(monkeypatch):
    monkeypatch.setenv("LEVELING_ADMIN_TOKEN", TOKEN)


def test_the_catalogue_timeout_is_read_from_its_seconds_name(monkeypatch):
    monkeypatch.setenv("LEVELER_CATALOGUE_TIMEOUT_SECONDS", "2.5")

    assert load_settings(Settings).catalogue_timeout_seconds == 2.5


def test_the_older_catalogue_timeout_name_still_works(monkeypatch):
    monkeypatch.setenv("LEVELER_CATALOGUE_TIMEOUT_S", "7")

    assert load_settings(Settings).catalogue_timeout_seconds == 7.0


def test_an_invalid_catalogue_timeout_is_named_in_one_line(monkeypatch, capsys):
    monkeypatch.setenv("LEVELER_CATALOGUE_TIMEOUT_SECONDS", "0")

    with pytest.raises(SystemExit) as stopped:
        load_settings(Settings)

    assert stopped.value.code == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "LEVELER_CATALOGUE_TIMEOUT_SECONDS" in line
