"""Service-linked roles: created for an AWS service with its trust policy and managed policy.

Deletion is asynchronous in AWS; here it completes at once and the task reports SUCCEEDED.
"""

from __future__ import annotations

import json
from typing import Any

from ..data.service_linked_roles import spec_for
from ..dispatch import Call, handler
from ..errors import InvalidInput, NoSuchEntity
from ..model.policies import PolicyState
from ..model.roles import Role
from ..partitions import from_catalog
from .roles import get_role, new_role, remove_role, roles_of

_TASK_PREFIX = "task/aws-service-role/"


def trust_policy_for(service: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": service},
                    "Action": "sts:AssumeRole",
                }
            ],
        },
        separators=(",", ":"),
    )


@handler("iam", "CreateServiceLinkedRole")
def create_service_linked_role(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    service = p["AWSServiceName"]
    spec = spec_for(service)
    if spec is None:
        raise InvalidInput(f"Invalid ServiceName: {service}")
    suffix = p.get("CustomSuffix")
    if suffix and not spec.custom_suffix:
        raise InvalidInput(f"Custom suffix is not allowed for {service}")
    name = f"{spec.role_name}_{suffix}" if suffix else spec.role_name
    if name in roles_of(call).roles:
        raise InvalidInput(
            f"Service role name {name} has been taken in this account, "
            "please try a different suffix."
        )
    role = new_role(
        call,
        name,
        spec.path,
        trust_policy_for(service),
        description=p.get("Description") or None,
        service_linked=True,
        service_name=service,
    )
    # The service's policy; the attachment is recorded even where the catalog lacks it (and
    # left out where the catalog's source does not tell which policy the service attaches).
    if spec.policy_arn is not None:
        policy_arn = from_catalog(spec.policy_arn, call.account.partition)
        role.attached_policies[policy_arn] = None
        policy = call.account.state(PolicyState).get(policy_arn)
        if policy is not None:
            policy.attached_roles[role.id] = None
    return {"Role": role.out("described")}


def _detach_all(call: Call, role: Role) -> None:
    policies = call.account.state(PolicyState)
    for arn in role.attached_policies:
        policy = policies.get(arn)
        if policy is not None:
            policy.attached_roles.pop(role.id, None)
    role.attached_policies.clear()


@handler("iam", "DeleteServiceLinkedRole")
def delete_service_linked_role(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    role = get_role(call, p["RoleName"])
    if not role.service_linked:
        raise NoSuchEntity(f"Role {role.name} is not a service-linked role.")
    task_id = f"{_TASK_PREFIX}{role.service_name}/{role.name}/{call.account.ids.request_id()}"
    # The service's own policy goes with the role; any other dependent still blocks it
    # (checked first, so a refused call changes nothing).
    if role.inline_policies or role.instance_profiles:
        remove_role(call, role)  # raises the DeleteConflict that applies
    _detach_all(call, role)
    remove_role(call, role)
    roles_of(call).deletion_tasks[task_id] = "SUCCEEDED"
    return {"DeletionTaskId": task_id}


@handler("iam", "GetServiceLinkedRoleDeletionStatus")
def get_service_linked_role_deletion_status(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    task_id = p["DeletionTaskId"]
    parts = task_id.removeprefix(_TASK_PREFIX).split("/")
    if not task_id.startswith(_TASK_PREFIX) or len(parts) != 3 or not all(parts):
        raise InvalidInput(f"Invalid deletion task id: {task_id}")
    status = roles_of(call).deletion_tasks.get(task_id)
    if status is None:
        raise NoSuchEntity(f"Deletion task {task_id} cannot be found.")
    return {"Status": status}
