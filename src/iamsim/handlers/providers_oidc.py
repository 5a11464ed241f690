"""OpenID Connect identity providers: one per issuer URL, named in the ARN by host and path."""

from __future__ import annotations

from typing import Any

from ..dispatch import Call, handler
from ..errors import EntityAlreadyExists, InvalidInput, LimitExceeded, NoSuchEntity, ValidationError
from ..model.providers import OIDCProvider, ProviderState
from ._common import check_arn, sorted_tags, tags_in
from ._identity_propagation import apply_update, create_settings, propagation_out
from ._tags import tag_operations

MAX_CLIENT_IDS = 100
MAX_THUMBPRINTS = 5


def _state(call: Call) -> ProviderState:
    return call.account.state(ProviderState)


def _get(call: Call, arn: str) -> OIDCProvider:
    check_arn(arn)
    provider = None
    if call.account.has_state(ProviderState):
        provider = _state(call).oidc.get(arn)
    if provider is None:
        raise NoSuchEntity(f"OpenIDConnect Provider not found for arn {arn}")
    return provider


def _unique(values: list[str], fold: bool = False) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for v in values:
        k = v.lower() if fold else v
        if k not in seen:
            seen.add(k)
            out.append(v)
    return out


def _check_thumbprints(thumbprints: list[str]) -> list[str]:
    thumbprints = _unique(thumbprints, fold=True)
    if len(thumbprints) > MAX_THUMBPRINTS:
        # Recorded from AWS (2026): InvalidInput, not a quota error.
        raise InvalidInput("Thumbprint list must contain fewer than 5 entries.")
    return thumbprints


def _client_id_limit() -> LimitExceeded:
    return LimitExceeded(
        f"Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: {MAX_CLIENT_IDS}"
    )


@handler("iam", "CreateOpenIDConnectProvider")
def create_oidc_provider(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    account = call.account
    url = p["Url"]
    if "://" not in url:
        # Recorded from AWS (2026) for "example.org": a ValidationError, not InvalidInput.
        raise ValidationError("Invalid Open ID Connect Provider URL")
    if not url.startswith("https://") or len(url) == len("https://"):
        raise InvalidInput("The URL of an OpenID Connect provider must begin with https://.")
    if "?" in url or "#" in url:
        raise InvalidInput("The URL of an OpenID Connect provider cannot have a query.")
    host_path = url[len("https://"):]
    arn = account.arn("iam", f"oidc-provider/{host_path}")
    state = _state(call)
    if arn in state.oidc:
        raise EntityAlreadyExists(f"Provider with url {url} already exists.")
    client_ids = _unique(p.get("ClientIDList") or [])
    if len(client_ids) > MAX_CLIENT_IDS:
        raise _client_id_limit()
    thumbprints = _check_thumbprints(p.get("ThumbprintList") or [])
    propagation = create_settings(account.partition, p)
    tags = tags_in(p)
    account.quotas.check("TagsPerEntity", len(tags), 0)
    account.quotas.check(
        "Providers", len(state.oidc),
        message=f"Cannot exceed quota for OpenIdConnectProvidersPerAccount: "
        f"{account.quotas['Providers']}",
    )
    provider = OIDCProvider(
        url=host_path, arn=arn, client_ids=client_ids, thumbprints=thumbprints,
        create_date=call.now, tags=tags, **propagation,
    )
    state.oidc[arn] = provider
    out: dict[str, Any] = {"OpenIDConnectProviderArn": arn}
    if tags:
        out["Tags"] = [t for _, t in sorted_tags(provider)]
    return out


@handler("iam", "GetOpenIDConnectProvider")
def get_oidc_provider(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    provider = _get(call, p["OpenIDConnectProviderArn"])
    out: dict[str, Any] = {
        "Url": provider.url,
        "ClientIDList": list(provider.client_ids),
        "ThumbprintList": list(provider.thumbprints),
        "CreateDate": provider.create_date,
    }
    # Tags is there even when empty (recorded GetOpenIDConnectProvider, 2026).
    out["Tags"] = [t for _, t in sorted_tags(provider)]
    out.update(propagation_out(call.account.partition, call.account.id, provider))
    return out


@handler("iam", "ListOpenIDConnectProviders")
def list_oidc_providers(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    """IsTrustedIdentityPropagationEnabled "is true when an IAM Identity Center instance is
    associated with the provider"; iamsim leaves it out otherwise (AWS's answer for other
    providers is not recorded)."""
    if not call.account.has_state(ProviderState):
        return {"OpenIDConnectProviderList": []}
    state = _state(call)
    out = []
    for arn in sorted(state.oidc):
        entry: dict[str, Any] = {"Arn": arn}
        if state.oidc[arn].identity_center_instance_arn is not None:
            entry["IsTrustedIdentityPropagationEnabled"] = True
        out.append(entry)
    return {"OpenIDConnectProviderList": out}


@handler("iam", "DeleteOpenIDConnectProvider")
def delete_oidc_provider(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    # The API reference calls this idempotent, but AWS answers a delete of a provider that
    # does not exist (a second delete) with NoSuchEntity in these words (recorded 2026).
    arn = p["OpenIDConnectProviderArn"]
    check_arn(arn)
    if not call.account.has_state(ProviderState) or arn not in _state(call).oidc:
        raise NoSuchEntity(f"OpenId connect Provider {arn} cannot be found.")
    del _state(call).oidc[arn]
    return {}


@handler("iam", "AddClientIDToOpenIDConnectProvider")
def add_client_id(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    provider = _get(call, p["OpenIDConnectProviderArn"])
    client_id = p["ClientID"]
    if client_id not in provider.client_ids:
        if len(provider.client_ids) >= MAX_CLIENT_IDS:
            raise _client_id_limit()
        provider.client_ids.append(client_id)
    return {}


@handler("iam", "RemoveClientIDFromOpenIDConnectProvider")
def remove_client_id(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    provider = _get(call, p["OpenIDConnectProviderArn"])
    client_id = p["ClientID"]
    if client_id in provider.client_ids:
        provider.client_ids.remove(client_id)
    return {}


@handler("iam", "UpdateOpenIDConnectProvider")
def update_oidc_provider(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    """Context provider and IAM Identity Center association only; thumbprints change through
    UpdateOpenIDConnectProviderThumbprint (operation documentation). A request that names
    nothing to change succeeds and changes nothing (iamsim's choice)."""
    provider = _get(call, p["OpenIDConnectProviderArn"])
    apply_update(call.account.partition, provider, p)
    return {}


@handler("iam", "UpdateOpenIDConnectProviderThumbprint")
def update_thumbprint(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    provider = _get(call, p["OpenIDConnectProviderArn"])
    provider.thumbprints = _check_thumbprints(p["ThumbprintList"])
    return {}


# Recorded (2026): a 51st tag on an OIDC provider is refused in these words.
tag_operations("OpenIDConnectProvider", "OpenIDConnectProviderArn", _get,
               limit_message="The number of tags has reached the maximum limit.")
