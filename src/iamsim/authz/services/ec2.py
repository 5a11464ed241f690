"""EC2: one check per resource the request names, for each resource type the service
authorization reference lists for the action, in its order (the ID parameters are named as
the reference's ARN placeholders: InstanceId(s), VolumeId, VpcId, SubnetId...; a security
group is GroupId, a key pair KeyName); a required type the request does not name (the
resource it creates, the default subnet) is `<type>/*`. The Describe* actions support no
resource-level permissions: the reference lists no type, and they are on `*`.

RunInstances, as the EC2 User Guide's examples for it list: the new instance
(`instance/*`, first: AWS's recorded denials name it), the image, the subnet, the network
interface(s), the security group(s), the new volume(s), and the key pair and launch template it
names. Tags given at creation (TagSpecifications) are the aws:RequestTag/* of the resource of
their type, and need ec2:CreateTags on it with ec2:CreateAction set to the creating operation
(EC2 User Guide, "Grant permission to tag resources during creation").
"""

from __future__ import annotations

import re
from typing import Any

from ..context import request_tags
from . import Check, Where, action_exists, arn_template, fill, mapper, resource_types

# Request parameters naming a resource whose placeholder in the reference is named otherwise.
_ALIASES = {"SecurityGroupId": ("GroupId", "SecurityGroupIds", "GroupIds"),
            "KeyPairName": ("KeyName",), "NaclId": ("NetworkAclId",),
            "DedicatedHostId": ("HostId", "HostIds"),
            "SpotInstanceRequestId": ("SpotInstanceRequestIds",)}
# The type of a resource ID, by its prefix (CreateTags and DeleteTags name resources so).
_ID_TYPES = {"i": "instance", "vol": "volume", "sg": "security-group", "vpc": "vpc",
             "subnet": "subnet", "eni": "network-interface", "ami": "image",
             "snap": "snapshot", "igw": "internet-gateway", "rtb": "route-table",
             "eipalloc": "elastic-ip", "lt": "launch-template", "nat": "natgateway",
             "acl": "network-acl", "vpce": "vpc-endpoint", "tgw": "transit-gateway",
             "dopt": "dhcp-options", "pcx": "vpc-peering-connection",
             "sir": "spot-instances-request", "cr": "capacity-reservation",
             "h": "dedicated-host", "pl": "prefix-list", "sgr": "security-group-rule"}
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9]+)\}")
_WHERE = ("Partition", "Region", "Account")


def _id_placeholder(template: str) -> str | None:
    names = [n for n in _PLACEHOLDER.findall(template) if n not in _WHERE]
    return names[-1] if len(names) == 1 else None


def resource_arn(where: Where, resource_type: str, resource_id: str) -> str | None:
    template = arn_template("ec2", resource_type)
    name = _id_placeholder(template) if template else None
    if template is None or name is None:
        return None
    return fill(template, {name: resource_id}, where)


def _ids(params: dict[str, Any], placeholder: str) -> list[str]:
    out: list[str] = []
    for key in (placeholder, f"{placeholder}s", *_ALIASES.get(placeholder, ())):
        value = params.get(key)
        values = value if isinstance(value, list) else [value]
        out += [str(v) for v in values if isinstance(v, str) and v and str(v) not in out]
    return out


def _tag_specs(params: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """aws:RequestTag/* and aws:TagKeys per resource type of the TagSpecifications."""
    out: dict[str, dict[str, Any]] = {}
    for spec in params.get("TagSpecifications") or []:
        if not isinstance(spec, dict) or not isinstance(spec.get("ResourceType"), str):
            continue
        tags = [{"Key": str(t["Key"]), "Value": str(t.get("Value", ""))}
                for t in spec.get("Tags") or [] if isinstance(t, dict) and "Key" in t]
        out[spec["ResourceType"]] = request_tags(tags)
    return out


def _with_tags(where: Where, operation: str, checks: list[tuple[str, Check]],
               params: dict[str, Any]) -> list[Check]:
    specs = _tag_specs(params)
    out = []
    for rtype, check in checks:
        if rtype in specs:
            check.context.update(specs[rtype])
        out.append(check)
    for rtype, ctx in specs.items():
        arn = next((c.resource for t, c in checks if t == rtype), None)
        arn = arn or resource_arn(where, rtype, "*") or "*"
        out.append(Check("ec2:CreateTags", arn, {**ctx, "ec2:CreateAction": operation}))
    return out


def _run_instances(where: Where, params: dict[str, Any]) -> list[tuple[str, Check]]:
    action = "ec2:RunInstances"

    def arns(rtype: str, ids: list[str]) -> list[tuple[str, Check]]:
        return [(rtype, Check(action, arn)) for i in ids or ["*"]
                if (arn := resource_arn(where, rtype, i)) is not None]

    nics = [n for n in params.get("NetworkInterfaces") or [] if isinstance(n, dict)]
    subnets = _ids(params, "SubnetId") + [str(n["SubnetId"]) for n in nics
                                          if isinstance(n.get("SubnetId"), str)]
    enis = [str(n["NetworkInterfaceId"]) for n in nics
            if isinstance(n.get("NetworkInterfaceId"), str)]
    groups = _ids(params, "SecurityGroupId") + [str(g) for n in nics for g in n.get("Groups") or []
                                                if isinstance(g, str)]
    checks = arns("instance", [])
    if isinstance(params.get("ImageId"), str):
        checks += arns("image", [params["ImageId"]])
    checks += arns("subnet", subnets) + arns("network-interface", enis)
    checks += arns("security-group", groups) + arns("volume", [])
    if isinstance(params.get("KeyName"), str):
        checks += arns("key-pair", [params["KeyName"]])
    template = params.get("LaunchTemplate")
    if isinstance(template, dict) and isinstance(template.get("LaunchTemplateId"), str):
        checks += arns("launch-template", [template["LaunchTemplateId"]])
    return checks


def _tagging(where: Where, action: str, params: dict[str, Any]) -> list[tuple[str, Check]]:
    """CreateTags and DeleteTags: each resource by the type its ID prefix names."""
    checks = []
    for rid in params.get("Resources") or []:
        rtype = _ID_TYPES.get(str(rid).split("-", 1)[0])
        arn = resource_arn(where, rtype, str(rid)) if rtype else None
        checks.append((rtype or "", Check(action, arn or "*")))
    return checks or [("", Check(action, "*"))]


@mapper("ec2")
def ec2_checks(operation: str, params: dict[str, Any], where: Where) -> list[Check] | None:
    if not action_exists("ec2", operation):
        return None
    action = f"ec2:{operation}"
    if operation == "RunInstances":
        checks = _run_instances(where, params)
    elif operation in ("CreateTags", "DeleteTags"):
        checks = _tagging(where, action, params)
        ctx = request_tags([{"Key": str(t["Key"]), "Value": str(t.get("Value", ""))}
                            for t in params.get("Tags") or []
                            if isinstance(t, dict) and "Key" in t])
        for _, c in checks:
            c.context.update(ctx)
        return [c for _, c in checks]
    else:
        checks = []
        # The types the action requires first (the resource it acts on, or creates).
        types = sorted(resource_types("ec2", operation), key=lambda t: not t[1])
        for rtype, required in types:
            template = arn_template("ec2", rtype)
            name = _id_placeholder(template) if template else None
            if name is None:
                continue
            ids = _ids(params, name) or (["*"] if required else [])
            checks += [(rtype, Check(action, arn)) for i in ids
                       if (arn := resource_arn(where, rtype, i)) is not None]
        if not checks:
            checks = [("", Check(action, "*"))]
    return _with_tags(where, operation, checks, params)
