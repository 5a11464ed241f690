"""Enforcement of SQS and SNS calls moto answers: queues from their URLs, topics, request
tags, conditions, boundaries, session policies, each service's own error."""

from __future__ import annotations

import pytest

from .enforce_services_helpers import (
    SCOPE_IDS,
    SCOPES,
    allow,
    client,
    deny,
    doc,
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
Q = "arn:aws:sqs:us-east-1:123456789012"
TOPIC = "arn:aws:sns:us-east-1:123456789012"


@pytest.fixture(params=SCOPES, ids=SCOPE_IDS)
def sim(request):
    with scope(*request.param) as s:
        yield s


def queue(name: str) -> str:
    return str(root("sqs").create_queue(QueueName=name)["QueueUrl"])


def waiting(url: str) -> int:
    attrs = root("sqs").get_queue_attributes(QueueUrl=url,
                                              AttributeNames=["ApproximateNumberOfMessages"])
    return int(attrs["Attributes"]["ApproximateNumberOfMessages"])


# -- SQS -------------------------------------------------------------------------------------
def test_sqs_a_policy_on_one_queue_allows_it_and_not_another():
    good, other = queue("good"), queue("other")
    sqs = client("sqs", user("alice", allow("sqs:SendMessage", f"{Q}:good")))
    sqs.send_message(QueueUrl=good, MessageBody="hi")
    # SQS spells the action in lower case in its message.
    with raises_aws("AccessDenied", not_allowed(user_arn("alice"), "sqs:sendmessage",
                                                f"{Q}:other"), 403):
        sqs.send_message(QueueUrl=other, MessageBody="hi")
    assert (waiting(good), waiting(other)) == (1, 0)


def test_sqs_a_batch_send_needs_send_message():
    url = queue("q1")
    sqs = client("sqs", user("alice", allow("sqs:SendMessage", f"{Q}:q1")))
    sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "1", "MessageBody": "a"}])
    bob = client("sqs", user("bob", allow("sqs:ReceiveMessage", f"{Q}:q1")))
    with raises_aws("AccessDenied", not_allowed(user_arn("bob"), "sqs:sendmessage", f"{Q}:q1")):
        bob.send_message_batch(QueueUrl=url, Entries=[{"Id": "1", "MessageBody": "a"}])
    assert waiting(url) == 1


def test_sqs_request_tag_conditions_allow_and_deny_create_queue():
    sqs = client("sqs", user("alice", allow("sqs:CreateQueue", "*", Condition={
        "StringEquals": {"aws:RequestTag/team": "blue"}})))
    sqs.create_queue(QueueName="blue-q", tags={"team": "blue"})
    with raises_aws("AccessDenied", not_allowed(user_arn("alice"), "sqs:createqueue",
                                                f"{Q}:red-q")):
        sqs.create_queue(QueueName="red-q", tags={"team": "red"})
    urls = root("sqs").list_queues().get("QueueUrls", [])
    assert [u.rsplit("/", 1)[1] for u in urls] == ["blue-q"]


def test_sqs_session_policy_boundary_and_explicit_deny():
    url = queue("q1")
    sess = client("sqs", role_session("app", allow("sqs:*"),
                                      session_policy=[allow("sqs:ReceiveMessage")]))
    with raises_aws("AccessDenied", not_allowed(session_arn("app"), "sqs:sendmessage",
                                                f"{Q}:q1", "session policy")):
        sess.send_message(QueueUrl=url, MessageBody="x")
    bounded = client("sqs", user("alice", allow("sqs:*"), boundary=[allow("sqs:Receive*")]))
    with raises_aws("AccessDenied", not_allowed(user_arn("alice"), "sqs:sendmessage",
                                                f"{Q}:q1", "permissions boundary")):
        bounded.send_message(QueueUrl=url, MessageBody="x")
    denied = client("sqs", user("bob", allow("sqs:*"), deny("sqs:PurgeQueue")))
    denied.send_message(QueueUrl=url, MessageBody="x")
    with raises_aws("AccessDenied", explicit(user_arn("bob"), "sqs:purgequeue", f"{Q}:q1")):
        denied.purge_queue(QueueUrl=url)
    assert waiting(url) == 1


def test_sqs_a_queue_policy_grants_and_denies():
    url = queue("q1")
    sqs = client("sqs", user("alice", allow("sqs:ReceiveMessage")))
    with raises_aws("AccessDenied"):
        sqs.send_message(QueueUrl=url, MessageBody="x")
    root("sqs").set_queue_attributes(QueueUrl=url, Attributes={"Policy": doc(
        {"Effect": "Allow", "Principal": {"AWS": user_arn("alice")}, "Action": "sqs:SendMessage",
         "Resource": f"{Q}:q1"},
        {"Effect": "Deny", "Principal": "*", "Action": "sqs:ReceiveMessage",
         "Resource": f"{Q}:q1"})})
    sqs.send_message(QueueUrl=url, MessageBody="x")
    with raises_aws("AccessDenied", explicit(user_arn("alice"), "sqs:receivemessage", f"{Q}:q1",
                                             "a resource-based policy")):
        sqs.receive_message(QueueUrl=url)
    assert waiting(url) == 1


# -- SNS -------------------------------------------------------------------------------------
def topic(name: str) -> str:
    return str(root("sns").create_topic(Name=name)["TopicArn"])


def test_sns_a_policy_on_one_topic_allows_it_and_not_another():
    good, other = topic("good"), topic("other")
    sns = client("sns", user("alice", allow("sns:Publish", good)))
    sns.publish(TopicArn=good, Message="hi")
    # SNS spells its prefix in upper case in its message.
    with raises_aws("AuthorizationError", not_allowed(user_arn("alice"), "SNS:Publish", other),
                    403):
        sns.publish(TopicArn=other, Message="hi")


def test_sns_a_denied_subscribe_leaves_no_subscription():
    t = topic("t1")
    sns = client("sns", user("alice", allow("sns:*"), deny("sns:Subscribe", t)))
    with raises_aws("AuthorizationError", explicit(user_arn("alice"), "SNS:Subscribe", t)):
        sns.subscribe(TopicArn=t, Protocol="email", Endpoint="a@example.com")
    assert root("sns").list_subscriptions_by_topic(TopicArn=t)["Subscriptions"] == []


def test_sns_a_topic_policy_grants_publish():
    t = topic("t3")
    sns = client("sns", user("alice"))
    with raises_aws("AuthorizationError"):
        sns.publish(TopicArn=t, Message="x")
    root("sns").set_topic_attributes(TopicArn=t, AttributeName="Policy", AttributeValue=doc(
        {"Effect": "Allow", "Principal": {"AWS": user_arn("alice")}, "Action": "sns:Publish",
         "Resource": t}))
    assert sns.publish(TopicArn=t, Message="x")["MessageId"]


def test_sns_tag_keys_condition_and_session_policy():
    sns = client("sns", user("alice", allow("sns:CreateTopic", "*", Condition={
        "ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}, "Null": {"aws:TagKeys": "false"}})))
    sns.create_topic(Name="ok", Tags=[{"Key": "team", "Value": "x"}])
    with raises_aws("AuthorizationError", not_allowed(user_arn("alice"), "SNS:CreateTopic",
                                                      f"{TOPIC}:bad")):
        sns.create_topic(Name="bad", Tags=[{"Key": "cost", "Value": "x"}])
    names = [t["TopicArn"].rsplit(":", 1)[1] for t in root("sns").list_topics()["Topics"]]
    assert names == ["ok"]
    t = topic("t2")
    sess = client("sns", role_session("app", allow("sns:*"),
                                      session_policy=[allow("sns:GetTopicAttributes")]))
    sess.get_topic_attributes(TopicArn=t)
    with raises_aws("AuthorizationError", not_allowed(session_arn("app"), "SNS:Publish", t,
                                                      "session policy")):
        sess.publish(TopicArn=t, Message="x")


@pytest.mark.usefixtures("sim")
def test_sns_subscribe_protocol_and_endpoint_conditions():
    topic = root("sns").create_topic(Name="alerts")["TopicArn"]
    c = client("sns", user("alice", allow("sns:Subscribe", topic, Condition={
        "StringEquals": {"sns:Protocol": "email"},
        "StringLike": {"sns:Endpoint": "*@example.com"}})))
    c.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
    with raises_aws("AuthorizationError", not_allowed(user_arn("alice"), "SNS:Subscribe",
                                                      topic), 403):
        c.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@elsewhere.org")
    with raises_aws("AuthorizationError"):
        c.subscribe(TopicArn=topic, Protocol="sms", Endpoint="+15555550100")
    subs = root("sns").list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    assert [s["Endpoint"] for s in subs] == ["ops@example.com"]
