"""Derive a least-privilege policy from a test run (report mode), then prove it is enough.

Needs moto for S3 and DynamoDB: python -m pip install -e ".[test]" -c constraints.txt
"""

from __future__ import annotations

import json

import boto3
from moto import mock_aws

from iamsim import mock_iam

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
    "Action": "sts:AssumeRole"}]})


def archive_report(creds: dict[str, str]) -> None:
    """The code under test: what a Lambda function's role would run."""
    s3 = boto3.client("s3", region_name="us-east-1", **creds)
    ddb = boto3.client("dynamodb", region_name="us-east-1", **creds)
    s3.put_object(Bucket="reports", Key="2026/q4.csv", Body=b"total,42\n")
    ddb.put_item(TableName="runs", Item={"id": {"S": "q4"}, "status": {"S": "done"}})


def main() -> None:
    with mock_aws(), mock_iam(enforce="report") as sim:
        with sim.unenforced():  # set-up: a role with no permissions yet, a bucket, a table
            iam = boto3.client("iam", region_name="us-east-1")
            role = iam.create_role(RoleName="archiver", AssumeRolePolicyDocument=TRUST)["Role"]
            iam.create_user(UserName="ci")
            iam.put_user_policy(UserName="ci", PolicyName="assume", PolicyDocument=json.dumps({
                "Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role["Arn"]}]}))
            key = iam.create_access_key(UserName="ci")["AccessKey"]
            boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="reports")
            boto3.client("dynamodb", region_name="us-east-1").create_table(
                TableName="runs", BillingMode="PAY_PER_REQUEST",
                KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
            c = boto3.client("sts", region_name="us-east-1", aws_access_key_id=key["AccessKeyId"],
                             aws_secret_access_key=key["SecretAccessKey"]).assume_role(
                RoleArn=role["Arn"], RoleSessionName="run")["Credentials"]
            creds = {"aws_access_key_id": c["AccessKeyId"],
                     "aws_secret_access_key": c["SecretAccessKey"],
                     "aws_session_token": c["SessionToken"]}

        sim.decisions.clear()
        archive_report(creds)  # nothing is refused in report mode; every decision is kept
        for d in sim.decisions.denied(role["Arn"]):
            print(f"would be refused: {d.action} on {d.resource}")
        policy = sim.decisions.policy(role["Arn"])
        print("least-privilege policy for archiver:")
        print(json.dumps(policy, indent=2))

        with sim.unenforced():
            iam.put_role_policy(RoleName="archiver", PolicyName="derived",
                                PolicyDocument=json.dumps(policy))
        sim.enforce = True  # now refuse what AWS would refuse
        archive_report(creds)
        print("with the derived policy, enforcement allows every call")


if __name__ == "__main__":
    main()
