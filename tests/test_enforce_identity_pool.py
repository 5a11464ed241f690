"""Cognito identity pool credentials calling a service moto answers, with enforcement: the
role's policy can scope each identity to its own objects with
`${cognito-identity.amazonaws.com:sub}`, the IAM User Guide's Cognito example."""

from __future__ import annotations

import json

import boto3
import pytest

from iamsim import mock_iam
from tests.helpers import raises_aws
from tests.test_cognito_identity import REGION, Env, client_as

moto = pytest.importorskip("moto")


@pytest.mark.parametrize("path", ["fast", "wire"])
def test_each_identity_reaches_only_its_own_prefix(path):
    with moto.mock_aws(), mock_iam(path=path, enforce=True) as sim:
        with sim.unenforced():
            env = Env(sim)
            boto3.client("iam").put_role_policy(
                RoleName="auth", PolicyName="own-prefix", PolicyDocument=json.dumps({
                    "Version": "2012-10-17", "Statement": [{
                        "Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"],
                        "Resource": "arn:aws:s3:::user-data/"
                                    "${cognito-identity.amazonaws.com:sub}/*"}]}))
            boto3.client("s3", region_name=REGION).create_bucket(
                Bucket="user-data",
                CreateBucketConfiguration={"LocationConstraint": REGION})
            identity = env.identity("alice")
            creds = env.credentials("alice")
        s3 = client_as("s3", creds)
        s3.put_object(Bucket="user-data", Key=f"{identity}/photo.jpg", Body=b"me")
        assert s3.get_object(Bucket="user-data",
                             Key=f"{identity}/photo.jpg")["Body"].read() == b"me"
        with raises_aws("AccessDenied", match=r"assumed-role/auth/CognitoIdentityCredentials "
                                              r"is not authorized to perform: s3:PutObject"):
            s3.put_object(Bucket="user-data", Key="someone-else/photo.jpg", Body=b"x")
