"""The local stack's OpenID Connect provider and the people who sign in to the consoles.

`oidc-provider-mock` (from PyPI) plays the company's identity provider: any client id and
secret are accepted, and each person below is one click on its sign-in page. Their roles
travel in the `roles` claim, as a company's provider would send its groups.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

from leveling_devstack.people import EMAIL_DOMAIN, RECRUITERS

__all__ = ["CONSOLE_CLIENT_ID", "CONSOLE_PEOPLE", "ConsolePerson", "provider_argv"]

CONSOLE_CLIENT_ID = "leveling-consoles"


@dataclass(frozen=True)
class ConsolePerson:
    email: str
    name: str
    roles: tuple[str, ...]

    def claims(self) -> dict[str, object]:
        return {"sub": self.email, "email": self.email, "name": self.name, "roles": self.roles}


CONSOLE_PEOPLE: tuple[ConsolePerson, ...] = (
    *(ConsolePerson(r.email, r.name, ("recruiter",)) for r in RECRUITERS),
    ConsolePerson(f"noor.haddad@{EMAIL_DOMAIN}", "Noor Haddad", ("comp",)),
    ConsolePerson(f"sam.ortiz@{EMAIL_DOMAIN}", "Sam Ortiz", ("ops",)),
    # Signed in, but given no role in this product: the consoles refuse them.
    ConsolePerson(f"visitor@{EMAIL_DOMAIN}", "Vic Visitor", ()),
)


def provider_argv(port: int) -> list[str]:
    """The command that serves the provider on 127.0.0.1:`port` with CONSOLE_PEOPLE."""
    argv = [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)]
    for person in CONSOLE_PEOPLE:
        argv += ["--user-claims", json.dumps(person.claims())]
    return argv
