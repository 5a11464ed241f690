"""STS errors beyond the IAM hierarchy: codes and statuses from the botocore STS model's
error shapes (ExpiredToken is the common authentication error, not a modelled shape)."""

from __future__ import annotations

from ..errors import IAMError


class ExpiredToken(IAMError):
    """A request signed with temporary credentials past their expiration. AWS answers it on
    every query API with HTTP 403 (observed IAM/STS error responses: `403 Forbidden`)."""

    code, status = "ExpiredToken", 403

    def __init__(self, message: str = "The security token included in the request is expired"):
        super().__init__(message)


class ExpiredTokenException(IAMError):
    """An identity token (web identity JWT, SAML assertion) past its expiry."""

    code, status = "ExpiredTokenException", 400


class PackedPolicyTooLarge(IAMError):
    code, status = "PackedPolicyTooLarge", 400


class RegionDisabledException(IAMError):
    code, status = "RegionDisabledException", 403


class IDPRejectedClaim(IAMError):
    code, status = "IDPRejectedClaim", 403


class IDPCommunicationError(IAMError):
    code, status = "IDPCommunicationError", 400


class InvalidIdentityToken(IAMError):
    code, status = "InvalidIdentityToken", 400


class InvalidAuthorizationMessage(IAMError):
    code, status = "InvalidAuthorizationMessageException", 400


class ExpiredTradeInToken(IAMError):
    code, status = "ExpiredTradeInTokenException", 400


class SessionDurationEscalation(IAMError):
    code, status = "SessionDurationEscalationException", 403


class OutboundWebIdentityFederationDisabled(IAMError):
    code, status = "OutboundWebIdentityFederationDisabledException", 403


class JWTPayloadSizeExceeded(IAMError):
    code, status = "JWTPayloadSizeExceededException", 400


class InvalidContextAssertion(IAMError):
    code, status = "InvalidContextAssertion", 400


class InsufficientSessionLifetime(IAMError):
    code, status = "InsufficientSessionLifetime", 400


class InvalidSubjectCredentials(IAMError):
    code, status = "InvalidSubjectCredentials", 400


class InvalidParameterValue(IAMError):
    """The query protocol's generic bad-parameter error (not a modelled STS shape)."""

    code, status = "InvalidParameterValue", 400
