"""Parity scenarios for the policy simulator and the context-key operations."""

import json

ALLOW = json.dumps({
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:username": "u1"}}},
        {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"},
    ],
})
BOUNDARY = json.dumps({"Version": "2012-10-17",
                       "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}})
BUCKET = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:user/u1"},
                   "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}],
})
SCP = json.dumps({"Version": "2012-10-17",
                  "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
USER = "arn:aws:iam::123456789012:user/u1"

SCENARIOS = {
    "simulator": [
        ("iam", "CreateUser", {"UserName": "u1"}),
        ("iam", "PutUserPolicy", {"UserName": "u1", "PolicyName": "p", "PolicyDocument": ALLOW}),
        ("iam", "SimulateCustomPolicy", {
            "PolicyInputList": [ALLOW], "ActionNames": ["s3:GetObject", "s3:DeleteObject"],
            "ResourceArns": ["arn:aws:s3:::b/k", "arn:aws:s3:::c/k"],
            "PermissionsBoundaryPolicyInputList": [BOUNDARY],
            "OrderedOrganizationPolicyInputList": [{"ServiceControlPolicyInputList": [SCP]}],
            "ContextEntries": [{"ContextKeyName": "aws:username", "ContextKeyValues": ["u1"],
                                "ContextKeyType": "string"}],
        }),
        ("iam", "SimulateCustomPolicy", {
            "PolicyInputList": [ALLOW], "ActionNames": ["s3:PutObject"],
            "ResourceArns": ["arn:aws:s3:::b/k"], "ResourcePolicy": BUCKET, "CallerArn": USER,
            "ResourceOwner": "arn:aws:iam::210987654321:root",
        }),
        ("iam", "SimulateCustomPolicy", {"PolicyInputList": ["{"], "ActionNames": ["s3:Get"]}),
        ("iam", "SimulateCustomPolicy", {"PolicyInputList": [ALLOW], "ActionNames": ["s3:Get"],
                                         "ResourceOwner": "210987654321"}),
        ("iam", "SimulatePrincipalPolicy", {
            "PolicySourceArn": USER, "ActionNames": ["s3:GetObject", "s3:PutObject"],
            "MaxItems": 1,
        }),
        ("iam", "SimulatePrincipalPolicy", {
            "PolicySourceArn": USER, "ActionNames": ["s3:GetObject"],
            "PolicyExclusionList": [{"PolicyType": "inline"}],
        }),
        ("iam", "SimulatePrincipalPolicy", {
            "PolicySourceArn": "arn:aws:iam::123456789012:user/nobody", "ActionNames": ["s3:Get"],
        }),
        ("iam", "GetContextKeysForCustomPolicy", {"PolicyInputList": [ALLOW, BOUNDARY]}),
        ("iam", "GetContextKeysForCustomPolicy", {"PolicyInputList": ["not json"]}),
        ("iam", "GetContextKeysForPrincipalPolicy", {"PolicySourceArn": USER}),
        ("iam", "GetContextKeysForPrincipalPolicy", {
            "PolicySourceArn": "arn:aws:iam::123456789012:role/none"}),
    ],
}
