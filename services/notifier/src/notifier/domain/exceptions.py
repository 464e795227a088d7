"""Domain errors of the notifier; they carry no transport codes.

NotifierError
├── DeliveryNotFound   no delivery has that id
├── NotRetryable       only failed and dead deliveries can be retried by hand
└── DeliveryFailed     one send attempt did not succeed (transient or permanent)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notifier.domain.delivery import Failure

__all__ = ["DeliveryFailed", "DeliveryNotFound", "NotRetryable", "NotifierError"]


class NotifierError(Exception):
    """Base class of the notifier's own errors."""


class DeliveryNotFound(NotifierError):
    def __init__(self, delivery_id: str) -> None:
        super().__init__(f"no delivery {delivery_id!r}")
        self.delivery_id = delivery_id


class NotRetryable(NotifierError):
    def __init__(self, delivery_id: str, status: str) -> None:
        super().__init__(f"delivery {delivery_id!r} is {status}; only failed or dead can retry")
        self.delivery_id = delivery_id
        self.status = status


class DeliveryFailed(NotifierError):
    """Raised by a channel sender; `failure` says whether trying again can help."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.reason)
        self.failure = failure
