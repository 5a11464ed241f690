"""Inline policies of users, groups and roles: Put/Get/Delete/List *Policy and size quotas."""

from __future__ import annotations

import json

import pytest

from .helpers import raises_aws

DOC = {"Version": "2012-10-17",
       "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
TEXT = json.dumps(DOC)
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
]})


def sized(n: int) -> str:
    """A valid document of exactly n non-whitespace characters (pretty-printed)."""
    base = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::x"}]}
    compact = json.dumps(base, separators=(",", ":"))
    pad = n - len(compact)
    assert pad >= 0
    base["Statement"][0]["Resource"] = "arn:aws:s3:::x" + "y" * pad
    return json.dumps(base, indent=4)


class Kind:
    def __init__(self, kind: str, param: str, limit: int, create, op: str) -> None:
        self.kind, self.param, self.limit, self.create, self.op = kind, param, limit, create, op

    def put(self, iam, name, policy, doc=TEXT):
        return getattr(iam, f"put_{self.op}_policy")(
            **{self.param: name}, PolicyName=policy, PolicyDocument=doc)

    def get(self, iam, name, policy):
        return getattr(iam, f"get_{self.op}_policy")(**{self.param: name}, PolicyName=policy)

    def delete(self, iam, name, policy):
        return getattr(iam, f"delete_{self.op}_policy")(**{self.param: name}, PolicyName=policy)

    def list(self, iam, name, **kw):
        return getattr(iam, f"list_{self.op}_policies")(**{self.param: name}, **kw)


KINDS = [
    Kind("user", "UserName", 2048, lambda iam, n: iam.create_user(UserName=n), "user"),
    Kind("group", "GroupName", 5120, lambda iam, n: iam.create_group(GroupName=n), "group"),
    Kind("role", "RoleName", 10240,
         lambda iam, n: iam.create_role(RoleName=n, AssumeRolePolicyDocument=TRUST), "role"),
]


@pytest.fixture(params=KINDS, ids=lambda k: k.kind)
def k(request):
    return request.param


def test_put_and_get(iam, k):
    k.create(iam, "e")
    k.put(iam, "e", "read")
    got = k.get(iam, "e", "read")
    assert got[k.param] == "e" and got["PolicyName"] == "read" and got["PolicyDocument"] == DOC


def test_put_replaces_the_document(iam, k):
    k.create(iam, "e")
    k.put(iam, "e", "p")
    other = {**DOC, "Statement": [{**DOC["Statement"][0], "Effect": "Deny"}]}
    k.put(iam, "e", "p", json.dumps(other))
    assert k.get(iam, "e", "p")["PolicyDocument"] == other
    assert k.list(iam, "e")["PolicyNames"] == ["p"]


def test_entity_name_in_responses_is_the_stored_one(iam, k):
    k.create(iam, "Entity")
    k.put(iam, "entity", "p")
    assert k.get(iam, "ENTITY", "p")[k.param] == "Entity"


def test_missing_entity(iam, k):
    with raises_aws("NoSuchEntity", f"The {k.kind} with name nobody cannot be found.",
                    status=404):
        k.put(iam, "nobody", "p")
    for call in (k.get, k.delete):
        with raises_aws("NoSuchEntity", f"The {k.kind} with name nobody cannot be found."):
            call(iam, "nobody", "p")
    with raises_aws("NoSuchEntity"):
        k.list(iam, "nobody")


def test_missing_policy(iam, k):
    k.create(iam, "e")
    msg = f"The {k.kind} policy with name p cannot be found."
    with raises_aws("NoSuchEntity", msg, status=404):
        k.get(iam, "e", "p")
    with raises_aws("NoSuchEntity", msg):
        k.delete(iam, "e", "p")


def test_delete(iam, k):
    k.create(iam, "e")
    k.put(iam, "e", "a")
    k.put(iam, "e", "b")
    k.delete(iam, "e", "a")
    assert k.list(iam, "e")["PolicyNames"] == ["b"]
    with raises_aws("NoSuchEntity"):
        k.get(iam, "e", "a")


def test_malformed_document_changes_nothing(iam, k):
    k.create(iam, "e")
    k.put(iam, "e", "p")
    with raises_aws("MalformedPolicyDocument", "Policy statement must contain resources.",
                    status=400):
        k.put(iam, "e", "p", json.dumps({"Version": "2012-10-17",
                                         "Statement": {"Effect": "Allow", "Action": "s3:*"}}))
    with raises_aws("MalformedPolicyDocument", "Policy document should not specify a principal."):
        k.put(iam, "e", "q", json.dumps({"Version": "2012-10-17", "Statement": {
            "Effect": "Allow", "Action": "s3:*", "Resource": "*", "Principal": "*"}}))
    assert k.get(iam, "e", "p")["PolicyDocument"] == DOC
    assert k.list(iam, "e")["PolicyNames"] == ["p"]


def test_inline_policies_accept_the_older_language_version(iam, k):
    k.create(iam, "e")
    k.put(iam, "e", "p", json.dumps({"Statement": DOC["Statement"]}))


def test_aggregate_size_quota(iam, k):
    k.create(iam, "e")
    half = k.limit // 2
    k.put(iam, "e", "a", sized(half))
    k.put(iam, "e", "b", sized(k.limit - half))  # exactly at the limit
    with raises_aws("LimitExceeded",
                    f"Maximum policy size of {k.limit} bytes exceeded for {k.kind} e",
                    status=409):
        k.put(iam, "e", "c", sized(200))
    assert k.list(iam, "e")["PolicyNames"] == ["a", "b"]
    # replacing a policy counts its new size instead of its old one
    k.put(iam, "e", "b", sized(k.limit - half - 200))
    k.put(iam, "e", "c", sized(200))
    with raises_aws("LimitExceeded"):
        k.put(iam, "e", "a", sized(half + 1))
    assert k.list(iam, "e")["PolicyNames"] == ["a", "b", "c"]


def test_a_single_oversized_policy_is_refused(iam, k):
    k.create(iam, "e")
    with raises_aws("LimitExceeded",
                    f"Maximum policy size of {k.limit} bytes exceeded for {k.kind} e"):
        k.put(iam, "e", "p", sized(k.limit + 1))
    assert k.list(iam, "e")["PolicyNames"] == []


def test_list_is_ordered_and_paginated(iam, k):
    k.create(iam, "e")
    for n in ["c", "a", "d", "b"]:
        k.put(iam, "e", n)
    assert k.list(iam, "e")["PolicyNames"] == ["a", "b", "c", "d"]
    first = k.list(iam, "e", MaxItems=3)
    assert first["PolicyNames"] == ["a", "b", "c"] and first["IsTruncated"]
    rest = k.list(iam, "e", Marker=first["Marker"])
    assert rest["PolicyNames"] == ["d"] and rest["IsTruncated"] is False
    paginator = iam.get_paginator(f"list_{k.op}_policies")
    pages = paginator.paginate(**{k.param: "e"}, PaginationConfig={"PageSize": 1})
    assert [n for page in pages for n in page["PolicyNames"]] == ["a", "b", "c", "d"]


def test_entity_with_inline_policy_cannot_be_deleted(iam, k):
    k.create(iam, "e")
    k.put(iam, "e", "p")
    delete = getattr(iam, f"delete_{k.op}")
    with raises_aws("DeleteConflict", "Cannot delete entity, must delete policies first."):
        delete(**{k.param: "e"})
    k.delete(iam, "e", "p")
    delete(**{k.param: "e"})


def test_service_linked_role_policies_cannot_be_changed(iam):
    role = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")["Role"]
    name = role["RoleName"]
    with raises_aws("UnmodifiableEntity", match=name):
        iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=TEXT)
    with raises_aws("UnmodifiableEntity", match=name):
        iam.delete_role_policy(RoleName=name, PolicyName="p")
    assert iam.list_role_policies(RoleName=name)["PolicyNames"] == []
