"""Identity providers the account trusts: OpenID Connect and SAML 2.0."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from .base import Record, Tagged, Timestamp
from .store import Table

if TYPE_CHECKING:
    from .account import Account


class OIDCProvider(Tagged):
    url: str  # without the https:// scheme, as GetOpenIDConnectProvider returns it
    arn: str
    client_ids: list[str] = Field(default_factory=list)
    thumbprints: list[str] = Field(default_factory=list)
    create_date: Timestamp
    # Trusted identity propagation (botocore 1.44.8): the ContextProvider structure as given,
    # and the IAM Identity Center instance associated with the provider.
    context_provider: dict[str, Any] | None = None
    identity_center_instance_arn: str | None = None


class SAMLPrivateKey(Record):
    key_id: str
    pem: str
    timestamp: Timestamp


class SAMLProvider(Tagged):
    name: str
    arn: str
    id: str  # SAMLProviderUUID
    metadata: str
    create_date: Timestamp
    valid_until: Timestamp | None = None
    assertion_encryption_mode: str | None = None
    private_keys: list[SAMLPrivateKey] = Field(default_factory=list)
    context_provider: dict[str, Any] | None = None  # as for OIDC providers (botocore 1.44.8)
    identity_center_instance_arn: str | None = None


class ProviderState:
    def __init__(self, account: Account) -> None:
        self.oidc: dict[str, OIDCProvider] = {}  # ARN -> provider, in creation order
        self.saml: Table[SAMLProvider] = Table()
