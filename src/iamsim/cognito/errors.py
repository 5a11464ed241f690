"""Cognito's modelled errors: JSON-protocol exceptions, HTTP 400 unless AWS says otherwise."""

from __future__ import annotations

from ..errors import IAMError


class CognitoError(IAMError):
    status = 400


def _kind(code: str, status: int = 400) -> type[CognitoError]:
    return type(code, (CognitoError,), {"code": code, "status": status})


NotAuthorized = _kind("NotAuthorizedException")
UserNotFound = _kind("UserNotFoundException")
UsernameExists = _kind("UsernameExistsException")
AliasExists = _kind("AliasExistsException")
InvalidPassword = _kind("InvalidPasswordException")
InvalidParameter = _kind("InvalidParameterException")
ResourceNotFound = _kind("ResourceNotFoundException")
CodeMismatch = _kind("CodeMismatchException")
ExpiredCode = _kind("ExpiredCodeException")
UserNotConfirmed = _kind("UserNotConfirmedException")
PasswordResetRequired = _kind("PasswordResetRequiredException")
UnsupportedUserState = _kind("UnsupportedUserStateException")
UnsupportedOperation = _kind("UnsupportedOperationException")
UnsupportedTokenType = _kind("UnsupportedTokenTypeException")
LimitExceeded = _kind("LimitExceededException")
GroupExists = _kind("GroupExistsException")
EnableSoftwareTokenMFA = _kind("EnableSoftwareTokenMFAException")

INCORRECT = "Incorrect username or password."
USER_MISSING = "User does not exist."


def pool_missing(pool_id: str) -> CognitoError:
    return ResourceNotFound(f"User pool {pool_id} does not exist.")


def client_missing(client_id: str) -> CognitoError:
    return ResourceNotFound(f"User pool client {client_id} does not exist.")
