"""AWS errors as exceptions that handlers raise; the protocol layer turns them into responses."""

from __future__ import annotations

import re

# Characters XML 1.0 cannot carry, not even as character references.
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(message: str) -> str:
    """An error message as both paths return it: characters XML cannot carry (echoed from a
    hostile input) become U+FFFD, so the wire path's XML stays readable."""
    return NOT_XML.sub("\ufffd", message) if NOT_XML.search(message) else message


class IAMError(Exception):
    """An error AWS returns to the caller: code, HTTP status and message."""

    code = "InternalFailure"
    status = 500
    sender_fault = True

    def __init__(self, message: str, code: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status


class NoSuchEntity(IAMError):
    code, status = "NoSuchEntity", 404


class EntityAlreadyExists(IAMError):
    code, status = "EntityAlreadyExists", 409


class LimitExceeded(IAMError):
    code, status = "LimitExceeded", 409


class DeleteConflict(IAMError):
    code, status = "DeleteConflict", 409


class MalformedPolicyDocument(IAMError):
    code, status = "MalformedPolicyDocument", 400


class InvalidInput(IAMError):
    code, status = "InvalidInput", 400


class ValidationError(IAMError):
    code, status = "ValidationError", 400


class ConcurrentModification(IAMError):
    code, status = "ConcurrentModification", 409


class PasswordPolicyViolation(IAMError):
    code, status = "PasswordPolicyViolation", 400


class EntityTemporarilyUnmodifiable(IAMError):
    code, status = "EntityTemporarilyUnmodifiable", 409


class UnmodifiableEntity(IAMError):
    code, status = "UnmodifiableEntity", 400


class InvalidAuthenticationCode(IAMError):
    code, status = "InvalidAuthenticationCode", 403


class ServiceFailure(IAMError):
    code, status, sender_fault = "ServiceFailure", 500, False


class AccessDenied(IAMError):
    code, status = "AccessDenied", 403


class InvalidClientTokenId(IAMError):
    code, status = "InvalidClientTokenId", 403


class MissingAuthenticationToken(IAMError):
    """An unsigned request to an operation that needs a signature."""

    code, status = "MissingAuthenticationToken", 403

    def __init__(self) -> None:
        super().__init__("Request is missing Authentication Token")


class NotImplementedOperation(IAMError):
    code, status, sender_fault = "NotImplemented", 501, False

    def __init__(self, service: str, operation: str) -> None:
        super().__init__(f"iamsim does not implement {service}:{operation} yet")


class UnmockedServiceError(RuntimeError):
    """Raised instead of sending a request that no active mock answered."""

    def __init__(self, service: str, operation: str, url: str) -> None:
        super().__init__(
            f"iamsim: refused to send {service}:{operation} to {url}; iamsim emulates only IAM, "
            "STS and Cognito (user pools and identity pools). Activate another mock (for "
            "example moto's mock_aws) "
            f"for '{service}'."
        )
        self.service = service


class InvalidUserType(IAMError):
    code, status = "InvalidUserType", 400


class PolicyNotAttachable(IAMError):
    code, status = "PolicyNotAttachable", 400


class ReportNotPresent(IAMError):
    code, status = "ReportNotPresent", 410


class PolicyEvaluation(IAMError):
    """A policy the simulator accepted but could not evaluate (botocore's model: HTTP 500)."""

    code, status, sender_fault = "PolicyEvaluation", 500, False
