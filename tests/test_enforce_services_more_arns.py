"""Enforcement of calls moto answers for CloudWatch Logs, Step Functions, EventBridge, Kinesis,
ECR and EC2: the action and resource each request needs, and, end to end, a policy on one
resource allowing it and not another, with each service's own error."""

from __future__ import annotations

import json

import pytest

from iamsim.authz.external import UnmappedOperationWarning
from iamsim.authz.services import Where, checks_for

from .enforce_services_helpers import (
    SCOPE_IDS,
    SCOPES,
    allow,
    client,
    deny,
    explicit,
    not_allowed,
    root,
    scope,
    user,
    user_arn,
)
from .helpers import raises_aws

ACCT = "123456789012"
OTHER = "111122223333"
W = Where("aws", "us-east-1", ACCT)
LOGS = f"arn:aws:logs:us-east-1:{ACCT}"
STATES = f"arn:aws:states:us-east-1:{ACCT}"
EVENTS = f"arn:aws:events:us-east-1:{ACCT}"
KINESIS = f"arn:aws:kinesis:us-east-1:{ACCT}"
ECR = f"arn:aws:ecr:us-east-1:{ACCT}"
EC2 = f"arn:aws:ec2:us-east-1:{ACCT}"
APIGW = "arn:aws:apigateway:us-east-1::"


@pytest.mark.parametrize(("service", "op", "params", "expected"), [
    # CloudWatch Logs: `log-group:<name>:log-stream:<stream>`, the stream empty when none.
    ("logs", "CreateLogGroup", {"logGroupName": "g"},
     [("logs:CreateLogGroup", f"{LOGS}:log-group:g:log-stream:")]),
    ("logs", "PutLogEvents", {"logGroupName": "g", "logStreamName": "s", "logEvents": []},
     [("logs:PutLogEvents", f"{LOGS}:log-group:g:log-stream:s")]),
    ("logs", "GetLogEvents", {"logGroupIdentifier": f"{LOGS}:log-group:g", "logStreamName": "s"},
     [("logs:GetLogEvents", f"{LOGS}:log-group:g:log-stream:s")]),
    ("logs", "DescribeLogStreams",
     {"logGroupIdentifier": f"arn:aws:logs:us-east-1:{OTHER}:log-group:g:*"},
     [("logs:DescribeLogStreams", f"arn:aws:logs:us-east-1:{OTHER}:log-group:g:log-stream:")]),
    ("logs", "FilterLogEvents", {"logGroupName": "g", "logStreamNames": ["s"]},
     [("logs:FilterLogEvents", f"{LOGS}:log-group:g:log-stream:")]),
    ("logs", "DescribeLogGroups", {"logGroupNamePrefix": "app"},
     [("logs:DescribeLogGroups", f"{LOGS}:log-group::log-stream:")]),
    ("logs", "StartQuery", {"logGroupNames": ["a", "b"], "queryString": "q", "startTime": 0,
                            "endTime": 1},
     [("logs:StartQuery", f"{LOGS}:log-group:a:log-stream:"),
      ("logs:StartQuery", f"{LOGS}:log-group:b:log-stream:")]),
    ("logs", "TagResource", {"resourceArn": f"{LOGS}:log-group:g", "tags": {"k": "v"}},
     [("logs:TagResource", f"{LOGS}:log-group:g")]),
    ("logs", "DeleteDestination", {"destinationName": "d"},
     [("logs:DeleteDestination", f"{LOGS}:destination:d")]),
    ("logs", "GetQueryResults", {"queryId": "q"}, [("logs:GetQueryResults", "*")]),
    # Step Functions.
    ("stepfunctions", "StartExecution", {"stateMachineArn": f"{STATES}:stateMachine:m"},
     [("states:StartExecution", f"{STATES}:stateMachine:m")]),
    ("stepfunctions", "DescribeExecution", {"executionArn": f"{STATES}:execution:m:e"},
     [("states:DescribeExecution", f"{STATES}:execution:m:e")]),
    ("stepfunctions", "CreateStateMachine", {"name": "m", "definition": "{}", "roleArn": "r"},
     [("states:CreateStateMachine", f"{STATES}:stateMachine:m")]),
    ("stepfunctions", "CreateActivity", {"name": "a"},
     [("states:CreateActivity", f"{STATES}:activity:a")]),
    ("stepfunctions", "GetActivityTask", {"activityArn": f"{STATES}:activity:a"},
     [("states:GetActivityTask", f"{STATES}:activity:a")]),
    ("stepfunctions", "ListExecutions", {"stateMachineArn": f"{STATES}:stateMachine:m:1"},
     [("states:ListExecutions", f"{STATES}:stateMachine:m:1")]),
    ("stepfunctions", "SendTaskSuccess", {"taskToken": "t", "output": "{}"},
     [("states:SendTaskSuccess", "*")]),
    ("stepfunctions", "ListStateMachines", {}, [("states:ListStateMachines", "*")]),
    # EventBridge.
    ("events", "PutRule", {"Name": "r"}, [("events:PutRule", f"{EVENTS}:rule/r")]),
    ("events", "PutRule", {"Name": "r", "EventBusName": "bus"},
     [("events:PutRule", f"{EVENTS}:rule/bus/r")]),
    ("events", "PutTargets", {"Rule": "r", "Targets": [],
                              "EventBusName": f"arn:aws:events:us-east-1:{OTHER}:event-bus/b"},
     [("events:PutTargets", f"arn:aws:events:us-east-1:{OTHER}:rule/b/r")]),
    ("events", "PutEvents", {"Entries": [{"Source": "s"}, {"EventBusName": "b"},
                                         {"EventBusName": "b"}]},
     [("events:PutEvents", f"{EVENTS}:event-bus/default"),
      ("events:PutEvents", f"{EVENTS}:event-bus/b")]),
    ("events", "CreateEventBus", {"Name": "b"},
     [("events:CreateEventBus", f"{EVENTS}:event-bus/b")]),
    ("events", "DescribeEventBus", {}, [("events:DescribeEventBus", f"{EVENTS}:event-bus/default")]),
    ("events", "ListRules", {}, [("events:ListRules", "*")]),
    ("events", "CreateArchive", {"ArchiveName": "a",
                                 "EventSourceArn": f"{EVENTS}:event-bus/default"},
     [("events:CreateArchive", f"{EVENTS}:archive/a"),
      ("events:CreateArchive", f"{EVENTS}:event-bus/default")]),
    ("events", "CreateConnection", {"Name": "c", "AuthorizationType": "API_KEY",
                                    "AuthParameters": {}},
     [("events:CreateConnection", f"{EVENTS}:connection/c")]),
    # Kinesis.
    ("kinesis", "PutRecord", {"StreamName": "s", "Data": b"x", "PartitionKey": "k"},
     [("kinesis:PutRecord", f"{KINESIS}:stream/s")]),
    ("kinesis", "PutRecords", {"StreamARN": f"{KINESIS}:stream/s", "Records": []},
     [("kinesis:PutRecords", f"{KINESIS}:stream/s")]),
    ("kinesis", "GetRecords", {"ShardIterator": "it", "StreamARN": f"{KINESIS}:stream/s"},
     [("kinesis:GetRecords", f"{KINESIS}:stream/s")]),
    ("kinesis", "SubscribeToShard", {"ConsumerARN": f"{KINESIS}:stream/s/consumer/c:1",
                                     "ShardId": "x", "StartingPosition": {}},
     [("kinesis:SubscribeToShard", f"{KINESIS}:stream/s/consumer/c:1")]),
    ("kinesis", "DescribeStreamConsumer", {"StreamARN": f"{KINESIS}:stream/s",
                                           "ConsumerName": "c"},
     [("kinesis:DescribeStreamConsumer", f"{KINESIS}:stream/s/consumer/c:*")]),
    ("kinesis", "RegisterStreamConsumer", {"StreamARN": f"{KINESIS}:stream/s",
                                           "ConsumerName": "c"},
     [("kinesis:RegisterStreamConsumer", f"{KINESIS}:stream/s")]),
    ("kinesis", "ListStreams", {}, [("kinesis:ListStreams", "*")]),
    # ECR.
    ("ecr", "BatchGetImage", {"repositoryName": "r", "imageIds": []},
     [("ecr:BatchGetImage", f"{ECR}:repository/r")]),
    ("ecr", "PutImage", {"repositoryName": "team/r", "registryId": OTHER, "imageManifest": "m"},
     [("ecr:PutImage", f"arn:aws:ecr:us-east-1:{OTHER}:repository/team/r")]),
    ("ecr", "DescribeRepositories", {}, [("ecr:DescribeRepositories", f"{ECR}:repository/*")]),
    ("ecr", "DescribeRepositories", {"repositoryNames": ["a", "b"]},
     [("ecr:DescribeRepositories", f"{ECR}:repository/a"),
      ("ecr:DescribeRepositories", f"{ECR}:repository/b")]),
    ("ecr", "GetAuthorizationToken", {}, [("ecr:GetAuthorizationToken", "*")]),
    ("ecr", "TagResource", {"resourceArn": f"{ECR}:repository/r", "tags": []},
     [("ecr:TagResource", f"{ECR}:repository/r")]),
    # EC2.
    ("ec2", "StopInstances", {"InstanceIds": ["i-1", "i-2"]},
     [("ec2:StopInstances", f"{EC2}:instance/i-1"), ("ec2:StopInstances", f"{EC2}:instance/i-2")]),
    ("ec2", "DescribeInstances", {"InstanceIds": ["i-1"]}, [("ec2:DescribeInstances", "*")]),
    ("ec2", "DescribeVolumes", {}, [("ec2:DescribeVolumes", "*")]),
    ("ec2", "CreateVolume", {"AvailabilityZone": "us-east-1a", "SnapshotId": "snap-1"},
     [("ec2:CreateVolume", f"{EC2}:volume/*"),
      ("ec2:CreateVolume", "arn:aws:ec2:us-east-1::snapshot/snap-1")]),
    ("ec2", "AttachVolume", {"InstanceId": "i-1", "VolumeId": "vol-1", "Device": "/dev/sdf"},
     [("ec2:AttachVolume", f"{EC2}:instance/i-1"), ("ec2:AttachVolume", f"{EC2}:volume/vol-1")]),
    ("ec2", "AuthorizeSecurityGroupIngress", {"GroupId": "sg-1"},
     [("ec2:AuthorizeSecurityGroupIngress", f"{EC2}:security-group/sg-1")]),
    ("ec2", "CreateSecurityGroup", {"GroupName": "g", "Description": "d", "VpcId": "vpc-1"},
     [("ec2:CreateSecurityGroup", f"{EC2}:security-group/*"),
      ("ec2:CreateSecurityGroup", f"{EC2}:vpc/vpc-1")]),
    ("ec2", "CreateSubnet", {"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/24"},
     [("ec2:CreateSubnet", f"{EC2}:subnet/*"), ("ec2:CreateSubnet", f"{EC2}:vpc/vpc-1")]),
    ("ec2", "CreateVpc", {"CidrBlock": "10.0.0.0/16"}, [("ec2:CreateVpc", f"{EC2}:vpc/*")]),
    ("ec2", "DeleteVpc", {"VpcId": "vpc-1"}, [("ec2:DeleteVpc", f"{EC2}:vpc/vpc-1")]),
    ("ec2", "CreateTags", {"Resources": ["i-1", "vol-2"], "Tags": []},
     [("ec2:CreateTags", f"{EC2}:instance/i-1"), ("ec2:CreateTags", f"{EC2}:volume/vol-2")]),
    ("ec2", "RunInstances", {"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1,
                             "SubnetId": "subnet-1", "SecurityGroupIds": ["sg-1"],
                             "KeyName": "k"},
     [("ec2:RunInstances", f"{EC2}:instance/*"),
      ("ec2:RunInstances", "arn:aws:ec2:us-east-1::image/ami-1"),
      ("ec2:RunInstances", f"{EC2}:subnet/subnet-1"),
      ("ec2:RunInstances", f"{EC2}:network-interface/*"),
      ("ec2:RunInstances", f"{EC2}:security-group/sg-1"),
      ("ec2:RunInstances", f"{EC2}:volume/*"),
      ("ec2:RunInstances", f"{EC2}:key-pair/k")]),
    ("ec2", "RunInstances", {"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1},
     [("ec2:RunInstances", f"{EC2}:instance/*"),
      ("ec2:RunInstances", "arn:aws:ec2:us-east-1::image/ami-1"),
      ("ec2:RunInstances", f"{EC2}:subnet/*"),
      ("ec2:RunInstances", f"{EC2}:network-interface/*"),
      ("ec2:RunInstances", f"{EC2}:security-group/*"),
      ("ec2:RunInstances", f"{EC2}:volume/*")]),
    # API Gateway: the HTTP method on the request's path (apigatewayv2's without its /v2).
    ("apigateway", "GetRestApis", {}, [("apigateway:GET", f"{APIGW}/restapis")]),
    ("apigateway", "CreateDeployment", {"restApiId": "abc"},
     [("apigateway:POST", f"{APIGW}/restapis/abc/deployments")]),
    ("apigatewayv2", "CreateDeployment", {"ApiId": "abc"},
     [("apigateway:POST", f"{APIGW}/apis/abc/deployments")]),
    ("apigatewayv2", "GetApis", {}, [("apigateway:GET", f"{APIGW}/apis")]),
    ("apigateway", "TagResource", {"resourceArn": f"{APIGW}/restapis/abc", "tags": {}},
     [("apigateway:PUT",
       f"{APIGW}/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fabc")]),
    # Another service: its reference prefix, `*` when no ARN can be filled.
    ("cloudwatch", "PutMetricData", {"Namespace": "n"}, [("cloudwatch:PutMetricData", "*")]),
    ("resourcegroupstaggingapi", "GetResources", {}, [("tag:GetResources", "*")]),
    ("athena", "ListWorkGroups", {}, [("athena:ListWorkGroups", "*")]),
])
def test_action_and_resource_of_a_request(service, op, params, expected):
    import botocore.session

    sm = botocore.session.get_session().get_service_model(service)
    checks = checks_for(sm.signing_name or sm.endpoint_prefix, op, params, W)
    assert checks is not None
    assert [(c.action, c.resource) for c in checks] == expected


def test_tags_at_creation_are_request_tags_and_need_create_tags():
    params = {"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1,
              "TagSpecifications": [{"ResourceType": "instance",
                                     "Tags": [{"Key": "team", "Value": "a"}]}]}
    checks = checks_for("ec2", "RunInstances", params, W)
    assert checks is not None
    assert checks[0].context == {"aws:RequestTag/team": "a", "aws:TagKeys": ["team"]}
    assert (checks[-1].action, checks[-1].resource) == ("ec2:CreateTags", f"{EC2}:instance/*")
    assert checks[-1].context["ec2:CreateAction"] == "RunInstances"
    sf = checks_for("states", "CreateStateMachine",
                    {"name": "m", "tags": [{"key": "env", "value": "prod"}]}, W)
    assert sf is not None and sf[0].context == {"aws:RequestTag/env": "prod",
                                                "aws:TagKeys": ["env"]}


@pytest.mark.parametrize(("prefix", "op", "params"), [
    ("kinesis", "GetRecords", {"ShardIterator": "opaque"}),  # the stream is in the iterator
    ("abuse", "CreateAbuseReport", {}),  # a signing name that is no IAM prefix
    ("logs", "GetLogObject", {}),  # an operation the reference has no action for
])
def test_what_cannot_be_told_is_none(prefix, op, params):
    assert checks_for(prefix, op, params, W) is None


# -- end to end, moto answering --------------------------------------------------------------
@pytest.fixture(params=SCOPES, ids=SCOPE_IDS)
def sim(request):
    with scope(*request.param) as s:
        yield s


@pytest.mark.usefixtures("sim")
def test_logs_a_policy_on_one_log_group_allows_it_and_not_another():
    logs = root("logs")
    for name in ("good", "other"):
        logs.create_log_group(logGroupName=name)
        logs.create_log_stream(logGroupName=name, logStreamName="s")
    c = client("logs", user("alice", allow(
        ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        f"{LOGS}:log-group:good:*")))
    c.create_log_stream(logGroupName="good", logStreamName="s2")
    c.put_log_events(logGroupName="good", logStreamName="s",
                     logEvents=[{"timestamp": 1, "message": "hi"}])
    assert [s["logStreamName"] for s in c.describe_log_streams(logGroupName="good")[
        "logStreams"]] == ["s", "s2"]
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "logs:PutLogEvents", f"{LOGS}:log-group:other:log-stream:s"), 400):
        c.put_log_events(logGroupName="other", logStreamName="s",
                         logEvents=[{"timestamp": 1, "message": "hi"}])
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "logs:DescribeLogGroups", f"{LOGS}:log-group::log-stream:")):
        c.describe_log_groups()
    assert root("logs").get_log_events(logGroupName="other", logStreamName="s")["events"] == []


@pytest.mark.usefixtures("sim")
def test_logs_a_group_arn_without_its_star_covers_only_the_tagging_actions():
    root("logs").create_log_group(logGroupName="g")
    group = f"{LOGS}:log-group:g"
    c = client("logs", user("alice", allow(["logs:TagResource", "logs:PutRetentionPolicy"],
                                           group)))
    c.tag_resource(resourceArn=group, tags={"team": "a"})
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "logs:PutRetentionPolicy", f"{group}:log-stream:")):
        c.put_retention_policy(logGroupName="g", retentionInDays=7)


@pytest.mark.usefixtures("sim")
def test_step_functions_a_policy_on_one_state_machine():
    sf = root("stepfunctions")
    definition = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    role = f"arn:aws:iam::{ACCT}:role/sfn"
    good = sf.create_state_machine(name="good", definition=definition, roleArn=role)
    other = sf.create_state_machine(name="other", definition=definition, roleArn=role)
    c = client("stepfunctions", user("bob", allow("states:StartExecution",
                                                  good["stateMachineArn"]),
                                     allow("states:DescribeExecution",
                                           f"{STATES}:execution:good:*")))
    run = c.start_execution(stateMachineArn=good["stateMachineArn"])["executionArn"]
    assert c.describe_execution(executionArn=run)["stateMachineArn"] == good["stateMachineArn"]
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("bob"), "states:StartExecution", other["stateMachineArn"]), 400):
        c.start_execution(stateMachineArn=other["stateMachineArn"])
    assert sf.list_executions(stateMachineArn=other["stateMachineArn"])["executions"] == []


@pytest.mark.usefixtures("sim")
def test_eventbridge_put_events_needs_every_bus_its_entries_name():
    ev = root("events")
    ev.create_event_bus(Name="good")
    ev.create_event_bus(Name="other")
    c = client("events", user("carol", allow("events:PutEvents", f"{EVENTS}:event-bus/good")))
    entry = {"Source": "app", "DetailType": "t", "Detail": "{}"}
    assert c.put_events(Entries=[{**entry, "EventBusName": "good"}])["FailedEntryCount"] == 0
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("carol"), "events:PutEvents", f"{EVENTS}:event-bus/other"), 400):
        c.put_events(Entries=[{**entry, "EventBusName": "good"},
                              {**entry, "EventBusName": "other"}])
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("carol"), "events:PutEvents", f"{EVENTS}:event-bus/default")):
        c.put_events(Entries=[entry])


@pytest.mark.usefixtures("sim")
def test_eventbridge_rules_on_a_custom_bus():
    root("events").create_event_bus(Name="bus")
    c = client("events", user("carol", allow("events:PutRule", f"{EVENTS}:rule/bus/*"),
                              deny("events:PutRule", f"{EVENTS}:rule/bus/blocked")))
    c.put_rule(Name="mine", EventBusName="bus", EventPattern='{"source": ["app"]}')
    with raises_aws("AccessDeniedException", explicit(user_arn("carol"), "events:PutRule",
                                                      f"{EVENTS}:rule/bus/blocked")):
        c.put_rule(Name="blocked", EventBusName="bus", EventPattern='{"source": ["app"]}')
    with raises_aws("AccessDeniedException", not_allowed(user_arn("carol"), "events:PutRule",
                                                         f"{EVENTS}:rule/mine")):
        c.put_rule(Name="mine", EventPattern='{"source": ["app"]}')  # the default bus
    names = [r["Name"] for r in root("events").list_rules(EventBusName="bus")["Rules"]]
    assert names == ["mine"]


@pytest.mark.usefixtures("sim")
def test_kinesis_a_policy_on_one_stream():
    k = root("kinesis")
    k.create_stream(StreamName="good", ShardCount=1)
    k.create_stream(StreamName="other", ShardCount=1)
    c = client("kinesis", user("dan", allow(["kinesis:PutRecord", "kinesis:DescribeStream"],
                                            f"{KINESIS}:stream/good")))
    c.put_record(StreamName="good", Data=b"x", PartitionKey="k")
    arn = c.describe_stream(StreamName="good")["StreamDescription"]["StreamARN"]
    c.put_record(StreamARN=arn, Data=b"y", PartitionKey="k")
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("dan"), "kinesis:PutRecord", f"{KINESIS}:stream/other"), 400):
        c.put_record(StreamName="other", Data=b"x", PartitionKey="k")


@pytest.mark.usefixtures("sim")
def test_kinesis_get_records_by_iterator_alone_is_allowed_with_a_warning():
    k = root("kinesis")
    k.create_stream(StreamName="s", ShardCount=1)
    shard = k.list_shards(StreamName="s")["Shards"][0]["ShardId"]
    it = k.get_shard_iterator(StreamName="s", ShardId=shard,
                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    c = client("kinesis", user("dan"))
    with pytest.warns(UnmappedOperationWarning, match="kinesis:GetRecords"):
        assert c.get_records(ShardIterator=it)["Records"] == []


@pytest.mark.usefixtures("sim")
def test_ecr_a_policy_on_one_repository():
    ecr = root("ecr")
    ecr.create_repository(repositoryName="team/good")
    ecr.create_repository(repositoryName="team/other")
    c = client("ecr", user("erin", allow(["ecr:DescribeImages", "ecr:ListImages"],
                                         f"{ECR}:repository/team/good")))
    assert c.describe_images(repositoryName="team/good")["imageDetails"] == []
    assert c.list_images(repositoryName="team/good", registryId=ACCT)["imageIds"] == []
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("erin"), "ecr:DescribeImages", f"{ECR}:repository/team/other"), 400):
        c.describe_images(repositoryName="team/other")
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("erin"), "ecr:GetAuthorizationToken", "*"), 400):
        c.get_authorization_token()


def _ec2_prefix(who: str, action: str, resource: str) -> str:
    # EC2 puts "You are not authorized to perform this operation." before the usual text (and
    # AWS then an encoded authorization failure message, not matched here).
    import re

    return "^" + re.escape("You are not authorized to perform this operation. "
                           + not_allowed(who, action, resource))


@pytest.mark.usefixtures("sim")
def test_ec2_a_policy_on_one_instance():
    ec2 = root("ec2")
    ami = ec2.describe_images()["Images"][0]["ImageId"]
    good, other = (i["InstanceId"] for i in ec2.run_instances(ImageId=ami, MinCount=2,
                                                              MaxCount=2)["Instances"])
    c = client("ec2", user("fay", allow(["ec2:StopInstances", "ec2:StartInstances"],
                                        f"{EC2}:instance/{good}")))
    assert c.stop_instances(InstanceIds=[good])["StoppingInstances"][0]["InstanceId"] == good
    with raises_aws("UnauthorizedOperation", status=403, match=_ec2_prefix(
            user_arn("fay"), "ec2:StopInstances", f"{EC2}:instance/{other}")):
        c.stop_instances(InstanceIds=[other])
    with raises_aws("UnauthorizedOperation"):  # one instance denied denies the call
        c.stop_instances(InstanceIds=[good, other])
    state = ec2.describe_instances(InstanceIds=[other])["Reservations"][0]["Instances"][0]
    assert state["State"]["Name"] == "running"


@pytest.mark.usefixtures("sim")
def test_ec2_run_instances_needs_the_image_too():
    ec2 = root("ec2")
    good, other = (i["ImageId"] for i in ec2.describe_images()["Images"][:2])
    c = client("ec2", user("fay", allow("ec2:RunInstances", [
        f"{EC2}:instance/*", f"{EC2}:subnet/*", f"{EC2}:network-interface/*",
        f"{EC2}:security-group/*", f"{EC2}:volume/*", f"arn:aws:ec2:us-east-1::image/{good}"])))
    assert len(c.run_instances(ImageId=good, MinCount=1, MaxCount=1)["Instances"]) == 1
    with raises_aws("UnauthorizedOperation", match=_ec2_prefix(
            user_arn("fay"), "ec2:RunInstances", f"arn:aws:ec2:us-east-1::image/{other}")):
        c.run_instances(ImageId=other, MinCount=1, MaxCount=1)
    running = [i["ImageId"] for r in ec2.describe_instances()["Reservations"]
               for i in r["Instances"]]
    assert running == [good]


@pytest.mark.usefixtures("sim")
def test_ec2_security_group_rules_on_one_group():
    ec2 = root("ec2")
    vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    good = ec2.create_security_group(GroupName="good", Description="d", VpcId=vpc)["GroupId"]
    other = ec2.create_security_group(GroupName="other", Description="d", VpcId=vpc)["GroupId"]
    c = client("ec2", user("fay", allow("ec2:AuthorizeSecurityGroupIngress",
                                        f"{EC2}:security-group/{good}")))
    rule = [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
             "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]
    c.authorize_security_group_ingress(GroupId=good, IpPermissions=rule)
    with raises_aws("UnauthorizedOperation", match=_ec2_prefix(
            user_arn("fay"), "ec2:AuthorizeSecurityGroupIngress",
            f"{EC2}:security-group/{other}")):
        c.authorize_security_group_ingress(GroupId=other, IpPermissions=rule)
    perms = ec2.describe_security_groups(GroupIds=[other])["SecurityGroups"][0]["IpPermissions"]
    assert perms == []


@pytest.mark.usefixtures("sim")
def test_api_gateway_a_denied_call_never_reaches_moto():
    # Denied before moto is asked: runs without moto's API Gateway (whose backend needs
    # openapi-spec-validator, not a dependency of ours).
    c = client("apigateway", user("gus", allow("apigateway:GET", f"{APIGW}/restapis/good")))
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("gus"), "apigateway:GET", f"{APIGW}/restapis/other"), 403):
        c.get_rest_api(restApiId="other")
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("gus"), "apigateway:POST", f"{APIGW}/restapis")):
        c.create_rest_api(name="new")


@pytest.mark.usefixtures("sim")
def test_api_gateway_a_policy_on_one_rest_api():
    pytest.importorskip("openapi_spec_validator")  # moto's API Gateway needs it
    apigw = root("apigateway")
    good = apigw.create_rest_api(name="good")["id"]
    other = apigw.create_rest_api(name="other")["id"]
    c = client("apigateway", user("gus", allow("apigateway:GET", f"{APIGW}/restapis/{good}")))
    assert c.get_rest_api(restApiId=good)["name"] == "good"
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("gus"), "apigateway:DELETE", f"{APIGW}/restapis/{other}"), 403):
        c.delete_rest_api(restApiId=other)
    assert {a["name"] for a in apigw.get_rest_apis()["items"]} == {"good", "other"}


@pytest.mark.parametrize("service", ["logs", "ec2", "stepfunctions", "events", "kinesis", "ecr",
                                     "apigateway", "apigatewayv2", "cloudwatch"])
def test_the_unmapped_operations_doc_is_current_for_the_mapped_services(service):
    # The whole walk (every botocore service) takes seconds: `python
    # scripts/unmapped_operations.py --check` does it; here the services with a module.
    import importlib.util
    from pathlib import Path

    root_dir = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location(
        "unmapped_operations", root_dir / "scripts" / "unmapped_operations.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    found = script.unmapped([service])
    doc = (root_dir / "docs" / "unmapped-operations.md").read_text()
    listed = [line for line in doc.splitlines() if line.startswith(f"- `{service}`")]
    expected = [f"- {script._name(*k)}: " + ", ".join(sorted(ops)) for k, ops in found.items()]
    assert listed == expected


@pytest.mark.usefixtures("sim")
def test_ec2_tags_at_launch_need_create_tags_for_the_launch():
    ec2 = root("ec2")
    ami = ec2.describe_images()["Images"][0]["ImageId"]
    # As the EC2 User Guide's examples: the tag condition on the tagged resource (the
    # instance) only; the image, subnet... carry no request tags.
    launch = [allow("ec2:RunInstances", f"{EC2}:instance/*", Condition={
        "StringEquals": {"aws:RequestTag/team": "a"}}),
              allow("ec2:RunInstances", [f"{EC2}:subnet/*", f"{EC2}:network-interface/*",
                                         f"{EC2}:security-group/*", f"{EC2}:volume/*",
                                         "arn:aws:ec2:us-east-1::image/*"])]
    c = client("ec2", user("fay", *launch))
    tags = [{"ResourceType": "instance", "Tags": [{"Key": "team", "Value": "a"}]}]
    with raises_aws("UnauthorizedOperation", match=_ec2_prefix(
            user_arn("fay"), "ec2:CreateTags", f"{EC2}:instance/*")):
        c.run_instances(ImageId=ami, MinCount=1, MaxCount=1, TagSpecifications=tags)
    c = client("ec2", user("gil", *launch, allow("ec2:CreateTags", f"{EC2}:instance/*", Condition={
        "StringEquals": {"ec2:CreateAction": "RunInstances"}})))
    made = c.run_instances(ImageId=ami, MinCount=1, MaxCount=1, TagSpecifications=tags)
    assert made["Instances"][0]["Tags"] == [{"Key": "team", "Value": "a"}]
    with raises_aws("UnauthorizedOperation"):  # the RequestTag condition of RunInstances
        c.run_instances(ImageId=ami, MinCount=1, MaxCount=1, TagSpecifications=[
            {"ResourceType": "instance", "Tags": [{"Key": "team", "Value": "b"}]}])
    with raises_aws("UnauthorizedOperation"):  # CreateTags outside a launch
        c.create_tags(Resources=[made["Instances"][0]["InstanceId"]],
                      Tags=[{"Key": "x", "Value": "y"}])


@pytest.mark.usefixtures("sim")
def test_ec2_denial_carries_an_encoded_message_sts_decodes():
    import json

    ec2 = root("ec2")
    ami = ec2.describe_images()["Images"][0]["ImageId"]
    iid = ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    c = client("ec2", user("gus"))
    with raises_aws("UnauthorizedOperation", status=403) as info:
        c.stop_instances(InstanceIds=[iid])
    message = info.value.response["Error"]["Message"]
    head, _, token = message.partition(". Encoded authorization failure message: ")
    assert head == ("You are not authorized to perform this operation. " + not_allowed(
        user_arn("gus"), "ec2:StopInstances", f"{EC2}:instance/{iid}"))
    decoded = json.loads(root("sts").decode_authorization_message(
        EncodedMessage=token)["DecodedMessage"])
    assert decoded["allowed"] is False and decoded["explicitDeny"] is False
    assert decoded["context"]["action"] == "ec2:StopInstances"
    assert decoded["context"]["resource"] == f"{EC2}:instance/{iid}"
    assert decoded["context"]["principal"]["arn"] == user_arn("gus")
    keys = {c["key"] for c in decoded["context"]["conditions"]["items"]}
    assert "aws:RequestedRegion" in keys
    # A Describe* request is on `*`, and AWS names no resource and encodes nothing for it.
    with raises_aws("UnauthorizedOperation", (
            "You are not authorized to perform this operation. User: "
            f"{user_arn('gus')} is not authorized to perform: ec2:DescribeInstances because no "
            "identity-based policy allows the ec2:DescribeInstances action"), 403):
        c.describe_instances()
