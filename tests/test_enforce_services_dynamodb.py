"""Enforcement of DynamoDB calls moto answers: table and index ARNs, batches and transactions
checked per table, conditions, boundaries, session policies, DynamoDB's error."""

from __future__ import annotations

import pytest

from .enforce_services_helpers import (
    SCOPE_IDS,
    SCOPES,
    allow,
    client,
    deny,
    explicit,
    not_allowed,
    role_session,
    root,
    scope,
    session_arn,
    user,
    user_arn,
)
from .helpers import raises_aws

pytestmark = pytest.mark.usefixtures("sim")
T = "arn:aws:dynamodb:us-east-1:123456789012:table"


@pytest.fixture(params=SCOPES, ids=SCOPE_IDS)
def sim(request):
    with scope(*request.param) as s:
        yield s


def tables(*names: str, region: str = "us-east-1") -> None:
    ddb = root("dynamodb", region)
    for n in names:
        ddb.create_table(
            TableName=n, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "g", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            GlobalSecondaryIndexes=[{"IndexName": "by-g", "Projection": {"ProjectionType": "ALL"},
                                     "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}])


def count(table: str, region: str = "us-east-1") -> int:
    return int(root("dynamodb", region).scan(TableName=table)["Count"])


ITEM = {"pk": {"S": "1"}, "g": {"S": "x"}}


def test_a_policy_on_one_table_allows_it_and_not_another():
    tables("good", "other")
    ddb = client("dynamodb", user("alice", allow("dynamodb:PutItem", f"{T}/good")))
    ddb.put_item(TableName="good", Item=ITEM)
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "dynamodb:PutItem",
                                                         f"{T}/other"), 400):
        ddb.put_item(TableName="other", Item=ITEM)
    assert (count("good"), count("other")) == (1, 0)


def test_a_table_given_by_its_arn_is_that_table():
    tables("good")
    ddb = client("dynamodb", user("alice", allow("dynamodb:GetItem", f"{T}/good")))
    root("dynamodb").put_item(TableName="good", Item=ITEM)
    assert ddb.get_item(TableName=f"{T}/good", Key={"pk": {"S": "1"}})["Item"] == ITEM


def test_a_query_on_an_index_needs_the_index_arn():
    tables("t1")
    root("dynamodb").put_item(TableName="t1", Item=ITEM)
    ddb = client("dynamodb", user("alice", allow("dynamodb:Query", f"{T}/t1")))
    ddb.query(TableName="t1", KeyConditionExpression="pk = :v",
              ExpressionAttributeValues={":v": {"S": "1"}})
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "dynamodb:Query",
                                                         f"{T}/t1/index/by-g")):
        ddb.query(TableName="t1", IndexName="by-g", KeyConditionExpression="g = :v",
                  ExpressionAttributeValues={":v": {"S": "x"}})
    idx = client("dynamodb", user("bob", allow("dynamodb:Query", f"{T}/t1/index/*")))
    assert idx.query(TableName="t1", IndexName="by-g", KeyConditionExpression="g = :v",
                     ExpressionAttributeValues={":v": {"S": "x"}})["Count"] == 1


def test_a_region_condition_allows_one_region_and_denies_another():
    tables("t1")
    tables("t1", region="eu-west-1")
    creds = user("alice", allow("dynamodb:PutItem", "*", Condition={
        "StringEquals": {"aws:RequestedRegion": "us-east-1"}}))
    client("dynamodb", creds).put_item(TableName="t1", Item=ITEM)
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "dynamodb:PutItem",
            "arn:aws:dynamodb:eu-west-1:123456789012:table/t1")):
        client("dynamodb", creds, "eu-west-1").put_item(TableName="t1", Item=ITEM)
    assert (count("t1"), count("t1", "eu-west-1")) == (1, 0)


def test_an_explicit_deny_wins_over_an_allow():
    tables("t1")
    root("dynamodb").put_item(TableName="t1", Item=ITEM)
    ddb = client("dynamodb", user("alice", allow("dynamodb:*"),
                                  deny("dynamodb:DeleteItem", f"{T}/t1")))
    with raises_aws("AccessDeniedException", explicit(user_arn("alice"), "dynamodb:DeleteItem",
                                                      f"{T}/t1")):
        ddb.delete_item(TableName="t1", Key={"pk": {"S": "1"}})
    assert count("t1") == 1


def test_a_permissions_boundary_and_a_session_policy_narrow_the_role():
    tables("t1")
    bounded = client("dynamodb", user("alice", allow("dynamodb:*"),
                                      boundary=[allow("dynamodb:GetItem")]))
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "dynamodb:PutItem", f"{T}/t1", "permissions boundary")):
        bounded.put_item(TableName="t1", Item=ITEM)
    sess = client("dynamodb", role_session("app", allow("dynamodb:*"),
                                           session_policy=[allow("dynamodb:GetItem")]))
    with raises_aws("AccessDeniedException", not_allowed(
            session_arn("app"), "dynamodb:PutItem", f"{T}/t1", "session policy")):
        sess.put_item(TableName="t1", Item=ITEM)
    assert count("t1") == 0


def test_a_batch_write_is_checked_for_every_table_it_names():
    tables("good", "other")
    ddb = client("dynamodb", user("alice", allow("dynamodb:BatchWriteItem", f"{T}/good")))
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "dynamodb:BatchWriteItem", f"{T}/other")):
        ddb.batch_write_item(RequestItems={
            "good": [{"PutRequest": {"Item": ITEM}}], "other": [{"PutRequest": {"Item": ITEM}}]})
    assert (count("good"), count("other")) == (0, 0)


def test_a_transaction_needs_each_item_action():
    tables("t1")
    ddb = client("dynamodb", user("alice", allow("dynamodb:UpdateItem", f"{T}/t1")))
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "dynamodb:PutItem",
                                                         f"{T}/t1")):
        ddb.transact_write_items(TransactItems=[{"Put": {"TableName": "t1", "Item": ITEM}}])
    assert count("t1") == 0


def test_list_tables_is_on_star():
    tables("t1")
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"),
                                                         "dynamodb:ListTables", "*")):
        client("dynamodb", user("alice", allow("dynamodb:GetItem"))).list_tables()
    assert client("dynamodb", user("bob", allow("dynamodb:List*"))).list_tables()[
        "TableNames"] == ["t1"]


def test_leading_keys_limit_a_user_to_their_own_partition():
    tables("t1")
    ddb = client("dynamodb", user("alice", allow(
        ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query"], f"{T}/t1", Condition={
            "ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:username}"]}})))
    ddb.put_item(TableName="t1", Item={"pk": {"S": "alice"}, "g": {"S": "x"}})
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "dynamodb:PutItem",
                                                         f"{T}/t1")):
        ddb.put_item(TableName="t1", Item={"pk": {"S": "bob"}, "g": {"S": "x"}})
    assert ddb.get_item(TableName="t1", Key={"pk": {"S": "alice"}})["Item"]["pk"] == {"S": "alice"}
    with raises_aws("AccessDeniedException"):
        ddb.get_item(TableName="t1", Key={"pk": {"S": "bob"}})
    assert ddb.query(TableName="t1", KeyConditionExpression="#k = :v",
                     ExpressionAttributeNames={"#k": "pk"},
                     ExpressionAttributeValues={":v": {"S": "alice"}})["Count"] == 1
    with raises_aws("AccessDeniedException"):
        ddb.query(TableName="t1", KeyConditionExpression="pk = :v",
                  ExpressionAttributeValues={":v": {"S": "bob"}})
    assert count("t1") == 1


def _own_partition(*actions: str, resource: str = f"{T}/t1*") -> dict:
    return allow(list(actions), resource, Condition={
        "ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:username}"]}})


def test_leading_keys_of_a_batch_are_every_partition_it_touches():
    tables("t1")
    ddb = client("dynamodb", user("alice", _own_partition("dynamodb:BatchWriteItem",
                                                          "dynamodb:BatchGetItem")))
    mine = {"PutRequest": {"Item": {"pk": {"S": "alice"}, "g": {"S": "x"}}}}
    theirs = {"PutRequest": {"Item": {"pk": {"S": "bob"}, "g": {"S": "x"}}}}
    ddb.batch_write_item(RequestItems={"t1": [mine]})
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "dynamodb:BatchWriteItem", f"{T}/t1")):
        ddb.batch_write_item(RequestItems={"t1": [mine, theirs]})
    assert count("t1") == 1
    got = ddb.batch_get_item(RequestItems={"t1": {"Keys": [{"pk": {"S": "alice"}}]}})
    assert len(got["Responses"]["t1"]) == 1
    with raises_aws("AccessDeniedException"):
        ddb.batch_get_item(RequestItems={"t1": {"Keys": [{"pk": {"S": "bob"}}]}})


def test_leading_keys_of_each_transaction_item():
    tables("t1")
    ddb = client("dynamodb", user("alice", _own_partition("dynamodb:PutItem")))
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": "t1", "Item": {"pk": {"S": "alice"}, "g": {"S": "x"}}}}])
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "dynamodb:PutItem",
                                                         f"{T}/t1")):
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": "t1", "Item": {"pk": {"S": "alice"}, "g": {"S": "y"}}}},
            {"Put": {"TableName": "t1", "Item": {"pk": {"S": "bob"}, "g": {"S": "y"}}}}])
    assert count("t1") == 1


def test_leading_keys_of_an_index_query_are_the_index_partition_key():
    tables("t1")
    root("dynamodb").put_item(TableName="t1", Item={"pk": {"S": "1"}, "g": {"S": "alice"}})
    ddb = client("dynamodb", user("alice", _own_partition("dynamodb:Query")))
    got = ddb.query(TableName="t1", IndexName="by-g", KeyConditionExpression="g = :v",
                    ExpressionAttributeValues={":v": {"S": "alice"}})
    assert got["Count"] == 1
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "dynamodb:Query",
                                                         f"{T}/t1/index/by-g")):
        ddb.query(TableName="t1", IndexName="by-g", KeyConditionExpression="g = :v",
                  ExpressionAttributeValues={":v": {"S": "bob"}})
