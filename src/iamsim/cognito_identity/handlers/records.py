"""What the pool keeps about identities and itself: DescribeIdentity, ListIdentities,
DeleteIdentities, and the pool's tags (TagResource, UntagResource, ListTagsForResource)."""

from __future__ import annotations

from typing import Any

from ...dispatch import Call, handler
from .. import common as C
from .. import errors as E
from ..model import Identity, IdentityPool

S = C.S


def _view(identity: Identity) -> dict[str, Any]:
    out: dict[str, Any] = {"IdentityId": identity.id}
    if identity.logins:
        out["Logins"] = list(identity.logins)
    out.update({"CreationDate": identity.created, "LastModifiedDate": identity.modified})
    return out


@handler(S, "DescribeIdentity")
def describe_identity(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _view(C.identity_of(call, p["IdentityId"])[0])


@handler(S, "ListIdentities")
def list_identities(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    from ...cognito.common import page

    pool = C.pool_of(call, p["IdentityPoolId"])
    rows = [(f"{x.order:012d}", x) for x in C.state(call).identities.values()
            if x.pool_id == pool.id]
    items, token = page(p, rows, "NextToken", "MaxResults")
    out: dict[str, Any] = {"IdentityPoolId": pool.id, "Identities": [_view(x) for x in items]}
    if token:
        out["NextToken"] = token
    return out


@handler(S, "DeleteIdentities")
def delete_identities(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    """Deletes the identities and their links; IDs that name no identity are ignored (our
    choice: the API reports only identities it failed to delete)."""
    st = C.state(call)
    for iid in p["IdentityIdsToDelete"]:
        identity = st.identities.pop(iid, None)
        if identity is not None:
            for provider, subject in identity.logins.items():
                st.linked.pop((identity.pool_id, provider, subject), None)
    return {"UnprocessedIdentityIds": []}


def _pool_by_arn(call: Call, arn: str) -> IdentityPool:
    pool_id = arn.split(":identitypool/", 1)[-1]
    pool = C.state(call).pool(pool_id, call.region)
    if pool is None or pool.arn != arn:
        # Our wording, after the identity pool's own message.
        raise E.ResourceNotFound(f"Resource '{arn}' not found.")
    return pool


@handler(S, "TagResource")
def tag_resource(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = _pool_by_arn(call, p["ResourceArn"])
    tags = {**pool.tags, **p["Tags"]}
    if len(tags) > 50:  # "You can assign up to 50 tags to an identity pool" (API reference)
        raise E.InvalidParameter("An identity pool can have at most 50 tags.")
    pool.tags = tags
    return {}


@handler(S, "UntagResource")
def untag_resource(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = _pool_by_arn(call, p["ResourceArn"])
    for k in p["TagKeys"]:
        pool.tags.pop(k, None)
    return {}


@handler(S, "ListTagsForResource")
def list_tags_for_resource(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return {"Tags": dict(_pool_by_arn(call, p["ResourceArn"]).tags)}
