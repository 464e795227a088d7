"""HTTP pieces shared by the services: app shell, problem+json, bearer-token scopes."""

from leveling_common.http.app import NotReady, ReadinessCheck, create_service_app
from leveling_common.http.auth import SCOPES, Principal, TokenAuthority, require_scope
from leveling_common.http.problem import (
    PROBLEM_JSON,
    Problem,
    ProblemError,
    ProblemFor,
    install_problem_handlers,
    install_problem_table,
    problem_response,
    problem_responses,
)
from leveling_common.http.serving import create_ops_app, serve_until

__all__ = [
    "PROBLEM_JSON",
    "SCOPES",
    "NotReady",
    "Principal",
    "Problem",
    "ProblemError",
    "ProblemFor",
    "ReadinessCheck",
    "TokenAuthority",
    "create_ops_app",
    "create_service_app",
    "install_problem_handlers",
    "install_problem_table",
    "problem_response",
    "problem_responses",
    "require_scope",
    "serve_until",
]
