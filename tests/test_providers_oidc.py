"""OpenID Connect providers."""

from __future__ import annotations

from tests.helpers import raises_aws

URL = "https://token.example.com/id/ABC"
ARN = "arn:aws:iam::123456789012:oidc-provider/token.example.com/id/ABC"
THUMB = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280"
NOT_FOUND = f"OpenIDConnect Provider not found for arn {ARN}"


def _create(iam, **kw):
    params = {"Url": URL, "ClientIDList": ["sts.amazonaws.com"], "ThumbprintList": [THUMB]}
    params.update(kw)
    return iam.create_open_id_connect_provider(**params)


def test_create_and_get(iam):
    out = _create(iam, Tags=[{"Key": "z", "Value": "1"}, {"Key": "a", "Value": "2"}])
    assert out["OpenIDConnectProviderArn"] == ARN
    assert out["Tags"] == [{"Key": "a", "Value": "2"}, {"Key": "z", "Value": "1"}]
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    assert got["Url"] == "token.example.com/id/ABC"
    assert got["ClientIDList"] == ["sts.amazonaws.com"]
    assert got["ThumbprintList"] == [THUMB]
    assert got["CreateDate"].tzinfo is not None
    assert got["Tags"] == [{"Key": "a", "Value": "2"}, {"Key": "z", "Value": "1"}]


def test_create_without_thumbprints_or_client_ids(iam):
    iam.create_open_id_connect_provider(Url="https://bare.example.com")
    got = iam.get_open_id_connect_provider(
        OpenIDConnectProviderArn="arn:aws:iam::123456789012:oidc-provider/bare.example.com")
    assert got["ClientIDList"] == [] and got["ThumbprintList"] == []
    assert got["Tags"] == []  # always there (recorded 2026)


def test_duplicate_url(iam):
    _create(iam)
    with raises_aws("EntityAlreadyExists", f"Provider with url {URL} already exists.", 409):
        _create(iam, ClientIDList=["other"])
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    assert got["ClientIDList"] == ["sts.amazonaws.com"]


def test_url_must_be_https(iam):
    with raises_aws("InvalidInput", status=400):
        iam.create_open_id_connect_provider(Url="http://insecure.example.com")
    assert iam.list_open_id_connect_providers()["OpenIDConnectProviderList"] == []


def test_thumbprint_length_validated(iam):
    with raises_aws("ValidationError"):
        _create(iam, ThumbprintList=["abc" * 14])


def test_too_many_thumbprints(iam):
    with raises_aws("InvalidInput", "Thumbprint list must contain fewer than 5 entries.",
                    status=400):
        _create(iam, ThumbprintList=[f"{i:040x}" for i in range(6)])
    _create(iam, ThumbprintList=[f"{i:040x}" for i in range(5)])
    with raises_aws("InvalidInput", "Thumbprint list must contain fewer than 5 entries."):
        iam.update_open_id_connect_provider_thumbprint(
            OpenIDConnectProviderArn=ARN, ThumbprintList=[f"{i:040x}" for i in range(6)])
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    assert len(got["ThumbprintList"]) == 5


def test_client_id_limit(iam):
    _create(iam, ClientIDList=[f"c{i}" for i in range(100)])
    with raises_aws("LimitExceeded"):
        iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=ARN,
                                                      ClientID="one-more")
    # Adding an existing one stays idempotent at the limit.
    iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=ARN, ClientID="c0")
    with raises_aws("LimitExceeded"):
        iam.create_open_id_connect_provider(Url="https://x.example.com",
                                            ClientIDList=[f"c{i}" for i in range(101)])


def test_provider_quota(iam_mock):
    import boto3

    iam = boto3.client("iam", region_name="us-east-1")
    for i in range(100):
        iam.create_open_id_connect_provider(Url=f"https://p{i}.example.com")
    with raises_aws("LimitExceeded", status=409):
        iam.create_open_id_connect_provider(Url="https://one-too-many.example.com")
    assert len(iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]) == 100


def test_list_sorted_by_arn(iam):
    iam.create_open_id_connect_provider(Url="https://b.example.com")
    iam.create_open_id_connect_provider(Url="https://a.example.com")
    arns = [p["Arn"] for p in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]]
    assert arns == sorted(arns) and len(arns) == 2


def test_add_and_remove_client_ids(iam):
    _create(iam)
    iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=ARN, ClientID="app")
    iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=ARN, ClientID="app")
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    assert got["ClientIDList"] == ["sts.amazonaws.com", "app"]
    iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=ARN,
                                                       ClientID="sts.amazonaws.com")
    iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=ARN,
                                                       ClientID="never-there")
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    assert got["ClientIDList"] == ["app"]


def test_update_thumbprints(iam):
    _create(iam)
    new = ["a" * 40, "b" * 40]
    iam.update_open_id_connect_provider_thumbprint(OpenIDConnectProviderArn=ARN,
                                                   ThumbprintList=new)
    assert iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)[
        "ThumbprintList"] == new


def test_unknown_provider(iam):
    with raises_aws("NoSuchEntity", NOT_FOUND, 404):
        iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    with raises_aws("NoSuchEntity", NOT_FOUND):
        iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=ARN,
                                                      ClientID="x")
    with raises_aws("NoSuchEntity", NOT_FOUND):
        iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=ARN,
                                                           ClientID="x")
    with raises_aws("NoSuchEntity", NOT_FOUND):
        iam.update_open_id_connect_provider_thumbprint(OpenIDConnectProviderArn=ARN,
                                                       ThumbprintList=[THUMB])
    with raises_aws("NoSuchEntity", NOT_FOUND):
        iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=ARN,
                                         Tags=[{"Key": "k", "Value": "v"}])
    with raises_aws("NoSuchEntity", NOT_FOUND):
        iam.untag_open_id_connect_provider(OpenIDConnectProviderArn=ARN, TagKeys=["k"])
    with raises_aws("NoSuchEntity", NOT_FOUND):
        iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=ARN)


def test_invalid_arn(iam):
    with raises_aws("InvalidInput"):
        iam.get_open_id_connect_provider(OpenIDConnectProviderArn="not-an-arn-at-all-xyz")


def test_second_delete_is_no_such_entity(iam):
    # The API reference says idempotent; AWS answers NoSuchEntity (recorded 2026).
    _create(iam)
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    with raises_aws("NoSuchEntity", f"OpenId connect Provider {ARN} cannot be found.",
                    status=404):
        iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    assert iam.list_open_id_connect_providers()["OpenIDConnectProviderList"] == []
    with raises_aws("NoSuchEntity"):
        iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    _create(iam)  # the URL is free again


def test_tags(iam):
    _create(iam)
    iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=ARN,
                                     Tags=[{"Key": "b", "Value": "1"}, {"Key": "a", "Value": "2"}])
    iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=ARN,
                                     Tags=[{"Key": "B", "Value": "3"}])
    tags = iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=ARN)
    assert tags["Tags"] == [{"Key": "B", "Value": "3"}, {"Key": "a", "Value": "2"}]
    page = iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=ARN, MaxItems=1)
    assert page["IsTruncated"] is True and len(page["Tags"]) == 1
    rest = iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=ARN,
                                                  Marker=page["Marker"])
    assert rest["Tags"] == [{"Key": "a", "Value": "2"}] and rest["IsTruncated"] is False
    iam.untag_open_id_connect_provider(OpenIDConnectProviderArn=ARN, TagKeys=["b", "nope"])
    assert iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=ARN)["Tags"] == [
        {"Key": "a", "Value": "2"}]


def test_tag_errors_change_nothing(iam):
    _create(iam, Tags=[{"Key": "k", "Value": "v"}])
    with raises_aws("InvalidInput"):
        iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=ARN,
                                         Tags=[{"Key": "aws:x", "Value": "1"}])
    with raises_aws("LimitExceeded"):
        iam.tag_open_id_connect_provider(
            OpenIDConnectProviderArn=ARN,
            Tags=[{"Key": f"t{i}", "Value": "v"} for i in range(50)])
    assert iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=ARN)["Tags"] == [
        {"Key": "k", "Value": "v"}]


def test_counts_in_account_summary(iam):
    _create(iam)
    assert iam.get_account_summary()["SummaryMap"]["Providers"] == 1


def test_validation_errors_are_listed_by_member_name(iam):
    # Recorded from AWS (2026), in this order, each list reported at list level.
    with raises_aws(
        "ValidationError",
        "3 validation errors detected: Value at 'clientIDList' failed to satisfy constraint: "
        "Member must satisfy constraint: [Member must have length less than or equal to 255, "
        "Member must have length greater than or equal to 1]; Value at 'thumbprintList' failed "
        "to satisfy constraint: Member must satisfy constraint: [Member must have length less "
        "than or equal to 40, Member must have length greater than or equal to 40]; Value at "
        "'url' failed to satisfy constraint: Member must have length less than or equal to 255",
        status=400,
    ):
        iam.create_open_id_connect_provider(Url="b" * 256, ThumbprintList=["b" * 41],
                                            ClientIDList=["b" * 256])


def test_url_without_a_scheme_is_a_validation_error(iam):
    with raises_aws("ValidationError", "Invalid Open ID Connect Provider URL", status=400):
        iam.create_open_id_connect_provider(Url="example.org", ThumbprintList=["a" * 40])
    assert iam.list_open_id_connect_providers()["OpenIDConnectProviderList"] == []


def test_tag_limit_is_worded_for_providers(iam):
    _create(iam, Tags=[{"Key": f"k{i:02d}", "Value": "v"} for i in range(50)])
    with raises_aws("LimitExceeded", "The number of tags has reached the maximum limit.",
                    status=409):
        iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=ARN,
                                         Tags=[{"Key": "string", "Value": "string"}])
    assert len(iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)["Tags"]) == 50
