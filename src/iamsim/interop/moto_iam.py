"""moto's own services look IAM roles up in moto's IAM: Lambda's CreateFunction refuses a
role moto's IAM does not have ("The role defined for the function cannot be assumed by
Lambda."), EC2's RunInstances an instance profile, Batch and CodePipeline their service roles.
iamsim answers IAM itself, so moto's IAM is empty; before such a call reaches moto, iamsim
hands it a copy of each role (and instance profile) the call names that iamsim has, through
moto's public IAM API (CreateRole, CreateInstanceProfile, AddRoleToInstanceProfile) in the
role's account. A role iamsim does not have is not copied: moto then refuses it as AWS would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..authz.owners import route
from ..interception.handoff import handing_over

if TYPE_CHECKING:
    from ..mock import IamSim
    from ..model.account import Account
    from ..model.roles import Role

# Operations that name a role (or an instance profile) moto looks up in its IAM.
OPERATIONS = {
    ("lambda", "CreateFunction"), ("lambda", "UpdateFunctionConfiguration"),
    ("ec2", "RunInstances"), ("ec2", "AssociateIamInstanceProfile"),
    ("ec2", "ReplaceIamInstanceProfileAssociation"),
    ("batch", "CreateComputeEnvironment"), ("batch", "CreateJobQueue"),
    ("batch", "RegisterJobDefinition"),
    ("codepipeline", "CreatePipeline"), ("codepipeline", "UpdatePipeline"),
}


def _strings(value: Any, depth: int = 0) -> list[str]:
    if isinstance(value, str):
        return [value]
    if depth > 3:
        return []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v, depth + 1)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v, depth + 1)]
    return []


def _account_of(sim: IamSim, partition: str, arn: str, default: Account) -> Account | None:
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[1] != partition:
        return None
    if parts[4] == default.id:
        return default
    return sim.account_in(partition, parts[4]) if parts[4] in sim._known else None


def _client(account: Account) -> Any:
    key = ("moto-iam-client",)
    hit = account.derived.get(key)
    if hit is None:
        import boto3

        from ..ids import FAKE_ACCESS_KEY, FAKE_SECRET_KEY

        client = boto3.client("iam", region_name="us-east-1", aws_access_key_id=FAKE_ACCESS_KEY,
                              aws_secret_access_key=FAKE_SECRET_KEY)
        aid = account.id

        def name_account(params: Any, **_: Any) -> None:
            route(params, aid)  # IAM calls skip the hook that names the account for others

        client.meta.events.register("before-call.iam", name_account)
        hit = account.derived[key] = (0, client)
    return hit[1]


def _copy_role(client: Any, role: Role) -> None:
    from botocore.exceptions import ClientError

    try:
        client.create_role(RoleName=role.name, Path=role.path,
                           AssumeRolePolicyDocument=role.assume_role_policy)
    except ClientError as e:
        if e.response.get("Error", {}).get("Code") != "EntityAlreadyExists":
            raise


def hand_roles(sim: IamSim, account: Account, service: str, operation: str,
               params: dict[str, Any]) -> None:
    """Copy into moto's IAM the roles and instance profiles this call names."""
    if (service, operation) not in OPERATIONS:
        return
    from botocore.exceptions import BotoCoreError, ClientError

    from ..errors import UnmockedServiceError
    from ..model.roles import InstanceProfileState, RoleState

    partition = account.partition
    roles: list[tuple[Account, Role]] = []
    profiles: list[tuple[Account, Any, list[Role]]] = []
    for s in dict.fromkeys(_strings(params)):
        if ":iam::" not in s:
            continue
        home = _account_of(sim, partition, s, account)
        if home is None:
            continue
        with home.lock:
            if ":role/" in s:
                role = home.state(RoleState).roles.by_arn(s)
                if role is not None:
                    roles.append((home, role))
            elif ":instance-profile/" in s:
                profile = home.state(InstanceProfileState).profiles.by_arn(s)
                if profile is not None:
                    table = home.state(RoleState).roles
                    members = [r for r in (table.by_id(i) for i in profile.roles) if r]
                    profiles.append((home, profile, members))
    ip = params.get("IamInstanceProfile")
    if isinstance(ip, dict) and isinstance(ip.get("Name"), str):
        with account.lock:
            profile = account.state(InstanceProfileState).profiles.get(ip["Name"])
            if profile is not None:
                table = account.state(RoleState).roles
                members = [r for r in (table.by_id(i) for i in profile.roles) if r]
                profiles.append((account, profile, members))
    if not roles and not profiles:
        return
    try:
        with handing_over():
            for home, role in roles:
                _copy_role(_client(home), role)
            for home, profile, members in profiles:
                client = _client(home)
                try:
                    client.create_instance_profile(InstanceProfileName=profile.name,
                                                   Path=profile.path)
                except ClientError as e:
                    if e.response.get("Error", {}).get("Code") != "EntityAlreadyExists":
                        raise
                    continue
                for role in members:
                    _copy_role(client, role)
                    client.add_role_to_instance_profile(InstanceProfileName=profile.name,
                                                        RoleName=role.name)
    except (ClientError, BotoCoreError, UnmockedServiceError):
        pass  # no other mock answers IAM: the call itself goes where it would have gone
