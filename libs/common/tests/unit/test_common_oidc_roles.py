"""Who a provider's claims describe, and what their roles let them do."""

from __future__ import annotations

from leveling_common.http.oidc import ROLE_SCOPES, person_from_claims


def _person(claims, **kwargs):
    return person_from_claims({"sub": "u-1", **claims}, roles_claim="roles", role_names={},
                              **kwargs)  # fmt: skip


def test_roles_come_as_a_list_or_a_space_separated_string_and_unknown_ones_are_dropped():
    assert _person({"roles": ["recruiter", "admin"]}).roles == {"recruiter"}
    assert _person({"roles": "comp ops"}).roles == {"comp", "ops"}
    assert _person({"roles": 7}).roles == frozenset()
    assert _person({}).roles == frozenset()


def test_a_company_can_name_the_roles_its_own_way():
    person = person_from_claims(
        {"sub": "u-1", "groups": ["Total Rewards"]},
        roles_claim="groups",
        role_names={"comp": "Total Rewards"},
    )
    assert person.roles == {"comp"}
    # The product's own name no longer counts once the company renamed the role.
    renamed = {"comp": "Total Rewards"}
    assert not person_from_claims(
        {"sub": "u", "groups": ["comp"]}, roles_claim="groups", role_names=renamed
    ).roles


def test_the_name_falls_back_to_the_email_then_the_subject():
    assert _person({"name": "Noor Haddad", "email": "n@x.example"}).name == "Noor Haddad"
    assert _person({"email": "n@x.example"}).name == "n@x.example"
    assert _person({}).name == "u-1"


def test_each_role_gives_its_scopes_and_nothing_of_the_others_work():
    recruiter = _person({"roles": ["recruiter"], "email": "r@x.example"}).principal()
    assert recruiter.subject == "oidc:r@x.example"
    assert recruiter.allows("leveler:write")
    assert not recruiter.allows("catalogue:write")
    assert not recruiter.allows("notifier:write")
    comp = _person({"roles": ["comp"]}).principal()
    assert comp.allows("catalogue:write")
    assert not comp.allows("leveler:write")
    ops = _person({"roles": ["ops"]}).principal()
    assert ops.allows("notifier:write")
    assert not ops.allows("catalogue:write")
    assert set(ROLE_SCOPES) == {"recruiter", "comp", "ops"}
