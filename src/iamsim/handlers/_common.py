"""Checks and lookups several resource families share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ..errors import DeleteConflict, InvalidInput, LimitExceeded, NoSuchEntity, ValidationError

if TYPE_CHECKING:
    from ..caller import Caller
    from ..dispatch import Call
    from ..model.base import Tagged
    from ..model.policies import ManagedPolicy
    from ..model.users import User


def get_user(call: Call, name: str) -> User:
    user = call.account.users.get(name)
    if user is None:
        raise NoSuchEntity(f"The user with name {name} cannot be found.")
    return user


def user_or_caller(call: Call, name: str | None) -> User | None:
    """The named user, or the calling user when the name is omitted (None for root)."""
    if name:
        return get_user(call, name)
    caller: Caller = call.caller
    if caller.user is not None:
        return caller.user
    if caller.is_root:
        return None
    raise ValidationError("Must specify userName when calling with non-User credentials")


def _fold(key: str, case_sensitive: bool) -> str:
    return key if case_sensitive else key.lower()


def tags_in(params: dict[str, Any], key: str = "Tags",
            case_sensitive: bool = False) -> dict[str, str]:
    """Tags of a request as an ordered dict; keys may repeat in no case (IAM folds case),
    except for managed policies, whose tag keys are case-sensitive (recorded 2026: `a` and
    `A` coexist on a policy, and an exact repeat is "Duplicate tag keys found.")."""
    raw = params.get(key)
    if not raw:
        return {}
    seen: set[str] = set()
    out: dict[str, str] = {}
    for t in raw:
        k, v = t["Key"], t.get("Value", "")
        if _fold(k, case_sensitive) in seen:
            raise InvalidInput(
                "Duplicate tag keys found." if case_sensitive else
                "Duplicate tag keys found. Please note that Tag keys are case insensitive."
            )
        seen.add(_fold(k, case_sensitive))
        if k.lower().startswith("aws:"):
            raise InvalidInput("User-defined tag keys can't start with 'aws:'.")
        out[k] = v
    return out


def merged_tags(call: Call, entity: Tagged, new: dict[str, str], case_sensitive: bool = False,
                limit_message: str | None = None) -> dict[str, str]:
    """The entity's tags after adding `new` (keys match regardless of case unless
    `case_sensitive`); quota-checked."""
    result = dict(entity.tags)
    folded = {_fold(k, case_sensitive): k for k in result}
    for k, v in new.items():
        old = folded.get(_fold(k, case_sensitive))
        if old is not None and old != k:
            del result[old]
        result[k] = v
    limit = call.account.quotas["TagsPerEntity"]
    if len(result) > limit:
        raise LimitExceeded(limit_message or f"Cannot exceed quota for TagsPerEntity: {limit}")
    return result


def untag(entity: Tagged, keys: Iterable[str], case_sensitive: bool = False) -> None:
    drop = {_fold(k, case_sensitive) for k in keys}
    entity.tags = {k: v for k, v in entity.tags.items()
                   if _fold(k, case_sensitive) not in drop}


def sorted_tags(entity: Tagged) -> list[tuple[str, dict[str, str]]]:
    """(key, tag) pairs in tag-key order, as the List*Tags operations return them."""
    return [(k, {"Key": k, "Value": v}) for k, v in sorted(entity.tags.items())]


def refuse_if_in_use(entity: Any, dependents: tuple[tuple[str, str], ...]) -> None:
    """DeleteConflict with AWS's message for the first dependent (attribute, message) that is
    still present on the entity, checked in the order given."""
    for attr, message in dependents:
        if getattr(entity, attr):
            raise DeleteConflict(message)


def path_filter(params: dict[str, Any]) -> Callable[[Any], bool] | None:
    """The PathPrefix filter of a List* request (None when every path qualifies)."""
    prefix = params.get("PathPrefix")
    if not prefix or prefix == "/":
        return None
    return lambda entity: bool(entity.path.startswith(prefix))


def attachable_policy(call: Call, arn: str, boundary: bool = False) -> ManagedPolicy:
    """The managed policy an attachment or (`boundary`) a permissions boundary names.

    AWS words the two differently (recorded 2024-2026): Attach* refuses a value that is not an
    ARN with ValidationError, a boundary with InvalidInput; a missing boundary policy is
    "Scope ARN: X does not exist or is not attachable."."""
    from ..errors import PolicyNotAttachable
    from ..model.policies import PolicyState
    from ..partitions import check_arn_partition

    if boundary:
        check_arn(arn)
    elif not _is_arn(arn):
        raise ValidationError(f"ARN {arn} is not valid.")
    check_arn_partition(call.account.partition, arn)
    policy = call.account.state(PolicyState).get(arn)
    if policy is None:
        if boundary:
            raise NoSuchEntity(f"Scope ARN: {arn} does not exist or is not attachable.")
        raise NoSuchEntity(f"Policy {arn} does not exist or is not attachable.")
    if not policy.is_attachable:
        raise PolicyNotAttachable(f"Policy {arn} is not attachable.")
    return policy


def _is_arn(arn: str) -> bool:
    parts = arn.split(":", 5)
    return len(parts) == 6 and parts[0] == "arn" and bool(parts[2])


def check_arn(arn: str) -> None:
    if not _is_arn(arn):
        raise InvalidInput(f"ARN {arn} is not valid.")


def signin_duration_update(p: dict[str, Any], current: int | None) -> int | None:
    """MaxSigninSessionDuration after an Update{Role,LoginProfile}: a new value, unset with
    ResetMaxSigninSessionDuration, never both (InvalidInput, added to both operations' errors
    with the parameters in botocore 1.44.8; the wording is iamsim's)."""
    value, reset = p.get("MaxSigninSessionDuration"), bool(p.get("ResetMaxSigninSessionDuration"))
    if value is not None and reset:
        raise InvalidInput("MaxSigninSessionDuration and ResetMaxSigninSessionDuration cannot "
                           "both be specified.")
    if reset:
        return None
    return value if value is not None else current
