"""Tag<X>, Untag<X> and List<X>Tags: one implementation for every taggable IAM resource."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..dispatch import Call, handler
from ..model.base import Tagged
from ..pagination import paginate, sorted_source
from ._common import merged_tags, sorted_tags, tags_in, untag

Lookup = Callable[[Call, str], Tagged]


def tag_operations(noun: str, param: str, lookup: Lookup, list_lookup: Lookup | None = None,
                   case_sensitive: bool = False, limit_message: str | None = None) -> None:
    """Register the three tag operations of a resource found by `lookup(call, p[param])`.

    `list_lookup` may be laxer than `lookup` (AWS managed policies can be listed, not tagged);
    `case_sensitive` for resources whose tag keys AWS does not fold (managed policies);
    `limit_message` where AWS words the tag quota differently.
    """
    read = list_lookup or lookup

    @handler("iam", f"Tag{noun}")
    def tag(call: Call, p: dict[str, Any]) -> dict[str, Any]:
        entity = lookup(call, p[param])
        entity.tags = merged_tags(call, entity, tags_in(p, case_sensitive=case_sensitive),
                                  case_sensitive, limit_message)
        return {}

    @handler("iam", f"Untag{noun}")
    def untag_op(call: Call, p: dict[str, Any]) -> dict[str, Any]:
        untag(lookup(call, p[param]), p["TagKeys"], case_sensitive)
        return {}

    @handler("iam", f"List{noun}Tags")
    def list_tags(call: Call, p: dict[str, Any]) -> dict[str, Any]:
        page, more = paginate(p, sorted_source(sorted_tags(read(call, p[param]))))
        return {"Tags": page, **more}
