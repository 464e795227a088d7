"""The ATS sandbox: a Greenhouse-compatible job API with an inspection console."""

from leveling_devstack.ats_sandbox.app import create_app
from leveling_devstack.ats_sandbox.oauth import SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET
from leveling_devstack.ats_sandbox.state import (
    SANDBOX_API_KEY,
    CallRecord,
    SandboxState,
    WebhookDelivery,
    WebhookSettings,
    WriteBack,
)

__all__ = [
    "SANDBOX_API_KEY",
    "SANDBOX_CLIENT_ID",
    "SANDBOX_CLIENT_SECRET",
    "CallRecord",
    "SandboxState",
    "WebhookDelivery",
    "WebhookSettings",
    "WriteBack",
    "create_app",
]
