"""The README's first example: a user, an access key, and calls signed with that key."""

import boto3

from iamsim import mock_iam


@mock_iam
def main() -> None:
    iam = boto3.client("iam")
    iam.create_user(UserName="alice", Path="/eng/", Tags=[{"Key": "team", "Value": "core"}])
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    as_alice = boto3.client("iam", aws_access_key_id=key["AccessKeyId"],
                            aws_secret_access_key=key["SecretAccessKey"])
    assert as_alice.get_user()["User"]["UserName"] == "alice"  # caller implied by the key
    sts = boto3.client("sts", aws_access_key_id=key["AccessKeyId"],
                       aws_secret_access_key=key["SecretAccessKey"])
    arn = sts.get_caller_identity()["Arn"]
    assert arn == "arn:aws:iam::123456789012:user/eng/alice"
    try:
        iam.create_user(UserName="ALICE")
    except iam.exceptions.EntityAlreadyExistsException as e:
        print("refused as AWS refuses it:", e)
    print("alice is", arn)


if __name__ == "__main__":
    main()
