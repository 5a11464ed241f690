"""cognito-identity's modelled errors (JSON protocol, HTTP 400)."""

from __future__ import annotations

from ..cognito.errors import CognitoError, InvalidParameter, NotAuthorized, ResourceNotFound


def _kind(code: str) -> type[CognitoError]:
    return type(code, (CognitoError,), {"code": code, "status": 400})


ResourceConflict = _kind("ResourceConflictException")
InvalidIdentityPoolConfiguration = _kind("InvalidIdentityPoolConfigurationException")

# AWS's words, as its answers are quoted in public reports.
ROLES_INVALID = "Invalid identity pool configuration. Check assigned IAM roles for this pool."
UNSUPPORTED_PROVIDER = "Token is not from a supported provider of this identity pool."
NO_UNAUTH = "Unauthenticated access is not supported for this identity pool."
LOGINS_MISMATCH = ("Logins don't match. Please include at least one valid login for this "
                   "identity or identity pool.")
AMBIGUOUS_DENIED = "The ambiguous role mapping rules denied this request."


def pool_missing(pool_id: str) -> CognitoError:
    return ResourceNotFound(f"IdentityPool '{pool_id}' not found.")


def identity_missing(identity_id: str) -> CognitoError:
    # Worded like the identity pool's message (our choice: no public record found).
    return ResourceNotFound(f"Identity '{identity_id}' not found.")


def invalid_login(why: str) -> CognitoError:
    return NotAuthorized(f"Invalid login token. {why}")


__all__ = ["CognitoError", "InvalidIdentityPoolConfiguration", "InvalidParameter",
           "NotAuthorized", "ResourceConflict", "ResourceNotFound"]
