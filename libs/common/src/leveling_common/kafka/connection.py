"""Connection options shared by the producer, the consumer and the admin client."""

from __future__ import annotations

import ssl
from typing import Any

from leveling_common.settings import KafkaSettings

__all__ = ["connection_options"]


def connection_options(settings: KafkaSettings) -> dict[str, Any]:
    """bootstrap servers plus TLS / SASL when the settings ask for them."""
    options: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_servers,
        "security_protocol": settings.security_protocol,
    }
    if settings.security_protocol in ("SSL", "SASL_SSL"):
        options["ssl_context"] = ssl.create_default_context()
    if settings.security_protocol.startswith("SASL"):
        options["sasl_mechanism"] = settings.sasl_mechanism or "PLAIN"
        options["sasl_plain_username"] = settings.sasl_username
        if settings.sasl_password is not None:
            options["sasl_plain_password"] = settings.sasl_password.get_secret_value()
    return options
