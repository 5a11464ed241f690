"""Managed policies (customer managed and AWS managed) as entities other families reference."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from ..partitions import aws_policy_prefix, localize_document, to_catalog
from .base import Record, Tagged, Timestamp
from .store import Table

if TYPE_CHECKING:
    from .account import Account


class PolicyVersion(Record):
    version_id: str
    document: str  # the JSON text as submitted
    create_date: Timestamp


class ManagedPolicy(Tagged):
    name: str
    path: str = "/"
    id: str
    arn: str
    create_date: Timestamp
    update_date: Timestamp
    description: str | None = None
    default_version_id: str = "v1"
    versions: dict[str, PolicyVersion] = Field(default_factory=dict)
    next_version: int = 2
    aws_managed: bool = False
    is_attachable: bool = True
    # IDs of the users, groups and roles it is attached to / bounds, in attachment order.
    attached_users: dict[str, None] = Field(default_factory=dict)
    attached_groups: dict[str, None] = Field(default_factory=dict)
    attached_roles: dict[str, None] = Field(default_factory=dict)
    boundary_of: dict[str, None] = Field(default_factory=dict)

    @property
    def attachment_count(self) -> int:
        return len(self.attached_users) + len(self.attached_groups) + len(self.attached_roles)

    @property
    def in_use(self) -> bool:
        return self.attachment_count > 0 or bool(self.boundary_of)

    def out(self, *, description: bool = True, tags: bool = False,
            empty_tags: bool = False) -> dict[str, Any]:
        """The Policy structure: ListPolicies omits Description and Tags, as AWS documents;
        GetPolicy has Tags even when empty (recorded 2026: `"Tags": []`)."""
        d: dict[str, Any] = {
            "PolicyName": self.name,
            "PolicyId": self.id,
            "Arn": self.arn,
            "Path": self.path,
            "DefaultVersionId": self.default_version_id,
            "AttachmentCount": self.attachment_count,
            "PermissionsBoundaryUsageCount": len(self.boundary_of),
            "IsAttachable": self.is_attachable,
        }
        if description and self.description is not None:
            d["Description"] = self.description
        d["CreateDate"] = self.create_date
        d["UpdateDate"] = self.update_date
        if tags and (self.tags or empty_tags):
            d["Tags"] = self.tag_list()
        return d

    def version_out(self, v: PolicyVersion, *, document: bool) -> dict[str, Any]:
        """A PolicyVersion: the document only where AWS returns it (GetPolicyVersion)."""
        d: dict[str, Any] = {}
        if document:
            from ..policy.document import encode_for_response

            d["Document"] = encode_for_response(v.document)
        d["VersionId"] = v.version_id
        d["IsDefaultVersion"] = v.version_id == self.default_version_id
        d["CreateDate"] = v.create_date
        return d


class PolicyState:
    """Customer managed policies of the account, and the AWS managed ones it has touched."""

    def __init__(self, account: Account) -> None:
        self.account = account
        self.customer: Table[ManagedPolicy] = Table()
        self.aws: dict[str, ManagedPolicy] = {}  # by the ARN in the account's partition
        self.aws_prefix = aws_policy_prefix(account.partition) + "/"

    def get(self, arn: str) -> ManagedPolicy | None:
        p = self.customer.by_arn(arn)
        if p is not None:
            return p
        if arn.startswith(self.aws_prefix):
            return self.aws_policy(arn)
        return None

    def aws_policy(self, arn: str) -> ManagedPolicy | None:
        """An AWS managed policy as this account sees it (its own attachment counts), under
        its ARN in the account's partition (arn:aws-cn:iam::aws:policy/... in aws-cn)."""
        p = self.aws.get(arn)
        if p is None:
            from ..data.managed_policies import build_aws_policy

            partition = self.account.partition
            catalog_arn = to_catalog(arn, partition)
            p = build_aws_policy(catalog_arn) if catalog_arn is not None else None
            if p is not None:
                if partition != "aws":
                    p.arn = arn
                    for v in p.versions.values():
                        v.document = localize_document(v.document, partition)
                self.aws[arn] = p
        return p

    def cached_aws(self, arn: str) -> ManagedPolicy | None:
        """The account's entity for an AWS managed policy, if it has touched it."""
        return self.aws.get(arn)


def customer_policy_arn(account: Account, path: str, name: str) -> str:
    return account.arn("iam", f"policy{path}{name}")
