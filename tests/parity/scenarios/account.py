"""Parity scenarios for account-level operations: alias, password policy, summary, providers,
reports, Organizations features, outbound federation and delegation requests."""

OIDC_ARN = "arn:aws:iam::123456789012:oidc-provider/idp.example.com/id/1"
IC_INSTANCE = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
CONTEXT_PROVIDER = {"SubjectSourceKey": "sub", "SubjectTypeValue": "user",
                    "KeyDefinitionList": [{"SourceKey": "email", "TargetKey": "mail"}]}
SAML_ARN = "arn:aws:iam::123456789012:saml-provider/corp"
SAML_DOC = (
    '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
    'entityID="https://idp.example.com" validUntil="2036-02-03T04:05:06Z">'
    '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
    + "<md:Extensions>" + "<!-- padding -->" * 70 + "</md:Extensions>"
    + '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" '
    'Location="https://idp.example.com/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>'
)
TAGS = [{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "dev"}]
DELEGATION = {
    "Description": "Set up monitoring",
    "Permissions": {"PolicyTemplateArn": "arn:aws:iam::aws:delegation-template/p/Setup"},
    "RequestorWorkflowId": "workflow-1",
    "NotificationChannel": "arn:aws:sns:us-east-1:123456789012:partner",
    "SessionDuration": 3600,
}


def _rid(r: list) -> dict:
    return {"DelegationRequestId": r[0]["body"]["DelegationRequestId"]}


SCENARIOS = {
    "alias_and_preferences": [
        ("iam", "ListAccountAliases", {}),
        ("iam", "CreateAccountAlias", {"AccountAlias": "my-corp"}),
        ("iam", "CreateAccountAlias", {"AccountAlias": "my-corp"}),
        ("iam", "CreateAccountAlias", {"AccountAlias": "Bad--Alias"}),
        ("iam", "ListAccountAliases", {"MaxItems": 1}),
        ("iam", "DeleteAccountAlias", {"AccountAlias": "other"}),
        ("iam", "DeleteAccountAlias", {"AccountAlias": "my-corp"}),
        ("iam", "SetSecurityTokenServicePreferences", {"GlobalEndpointTokenVersion": "v2Token"}),
        ("iam", "GetAccountSummary", {}),
    ],
    "password_policy": [
        ("iam", "GetAccountPasswordPolicy", {}),
        ("iam", "DeleteAccountPasswordPolicy", {}),
        ("iam", "UpdateAccountPasswordPolicy",
         {"MinimumPasswordLength": 10, "RequireSymbols": True, "MaxPasswordAge": 90,
          "PasswordReusePrevention": 3, "HardExpiry": False}),
        ("iam", "GetAccountPasswordPolicy", {}),
        ("iam", "UpdateAccountPasswordPolicy", {"MaxPasswordAge": 2000}),
        ("iam", "DeleteAccountPasswordPolicy", {}),
    ],
    "oidc_providers": [
        ("iam", "CreateOpenIDConnectProvider",
         {"Url": "https://idp.example.com/id/1", "ClientIDList": ["sts.amazonaws.com"],
          "ThumbprintList": ["a" * 40], "Tags": TAGS}),
        ("iam", "CreateOpenIDConnectProvider", {"Url": "https://idp.example.com/id/1"}),
        ("iam", "CreateOpenIDConnectProvider", {"Url": "http://idp.example.com"}),
        ("iam", "GetOpenIDConnectProvider", {"OpenIDConnectProviderArn": OIDC_ARN}),
        ("iam", "ListOpenIDConnectProviders", {}),
        ("iam", "AddClientIDToOpenIDConnectProvider",
         {"OpenIDConnectProviderArn": OIDC_ARN, "ClientID": "app"}),
        ("iam", "RemoveClientIDFromOpenIDConnectProvider",
         {"OpenIDConnectProviderArn": OIDC_ARN, "ClientID": "sts.amazonaws.com"}),
        ("iam", "UpdateOpenIDConnectProviderThumbprint",
         {"OpenIDConnectProviderArn": OIDC_ARN, "ThumbprintList": ["b" * 40, "c" * 40]}),
        ("iam", "TagOpenIDConnectProvider",
         {"OpenIDConnectProviderArn": OIDC_ARN, "Tags": [{"Key": "x", "Value": "1"}]}),
        ("iam", "UntagOpenIDConnectProvider",
         {"OpenIDConnectProviderArn": OIDC_ARN, "TagKeys": ["env"]}),
        ("iam", "ListOpenIDConnectProviderTags",
         {"OpenIDConnectProviderArn": OIDC_ARN, "MaxItems": 1}),
        ("iam", "GetOpenIDConnectProvider", {"OpenIDConnectProviderArn": OIDC_ARN}),
        ("iam", "DeleteOpenIDConnectProvider", {"OpenIDConnectProviderArn": OIDC_ARN}),
        ("iam", "DeleteOpenIDConnectProvider", {"OpenIDConnectProviderArn": OIDC_ARN}),
        ("iam", "GetOpenIDConnectProvider", {"OpenIDConnectProviderArn": OIDC_ARN}),
    ],
    "oidc_identity_propagation": [
        ("iam", "CreateOpenIDConnectProvider",
         {"Url": "https://idp.example.com/id/1", "IdentityCenterInstanceArn": IC_INSTANCE}),
        ("iam", "CreateOpenIDConnectProvider",
         {"Url": "https://idp.example.com/id/1", "ContextProvider": CONTEXT_PROVIDER}),
        ("iam", "UpdateOpenIDConnectProvider",
         {"OpenIDConnectProviderArn": OIDC_ARN, "IdentityCenterInstanceArn": IC_INSTANCE}),
        ("iam", "GetOpenIDConnectProvider", {"OpenIDConnectProviderArn": OIDC_ARN}),
        ("iam", "ListOpenIDConnectProviders", {}),
        ("iam", "UpdateOpenIDConnectProvider",
         {"OpenIDConnectProviderArn": OIDC_ARN, "RemoveContextProvider": True}),
        ("iam", "UpdateOpenIDConnectProvider",
         {"OpenIDConnectProviderArn": OIDC_ARN, "RemoveIdentityCenterInstance": True,
          "IdentityCenterInstanceArn": IC_INSTANCE}),
        ("iam", "UpdateOpenIDConnectProvider",
         {"OpenIDConnectProviderArn": OIDC_ARN, "RemoveIdentityCenterInstance": True}),
        ("iam", "UpdateOpenIDConnectProvider",
         {"OpenIDConnectProviderArn": OIDC_ARN, "RemoveContextProvider": True}),
        ("iam", "GetOpenIDConnectProvider", {"OpenIDConnectProviderArn": OIDC_ARN}),
        ("iam", "UpdateOpenIDConnectProvider",
         {"OpenIDConnectProviderArn": OIDC_ARN + "-missing", "RemoveContextProvider": True}),
    ],
    "saml_identity_propagation": [
        ("iam", "CreateSAMLProvider", {"Name": "corp", "SAMLMetadataDocument": SAML_DOC,
                                       "ContextProvider": CONTEXT_PROVIDER,
                                       "IdentityCenterInstanceArn": IC_INSTANCE}),
        ("iam", "GetSAMLProvider", {"SAMLProviderArn": SAML_ARN}),
        ("iam", "ListSAMLProviders", {}),
        ("iam", "UpdateSAMLProvider", {"SAMLProviderArn": SAML_ARN, "RemoveContextProvider": True}),
        ("iam", "UpdateSAMLProvider", {"SAMLProviderArn": SAML_ARN,
                                       "RemoveIdentityCenterInstance": True}),
        ("iam", "UpdateSAMLProvider", {"SAMLProviderArn": SAML_ARN, "RemoveContextProvider": True,
                                       "SAMLMetadataDocument": SAML_DOC}),
        ("iam", "GetSAMLProvider", {"SAMLProviderArn": SAML_ARN}),
    ],
    "saml_providers": [
        ("iam", "CreateSAMLProvider", {"Name": "corp", "SAMLMetadataDocument": SAML_DOC,
                                       "Tags": TAGS}),
        ("iam", "CreateSAMLProvider", {"Name": "corp", "SAMLMetadataDocument": SAML_DOC}),
        ("iam", "CreateSAMLProvider", {"Name": "other", "SAMLMetadataDocument": "<x/>" * 300}),
        ("iam", "GetSAMLProvider", {"SAMLProviderArn": SAML_ARN}),
        ("iam", "ListSAMLProviders", {}),
        ("iam", "UpdateSAMLProvider", {"SAMLProviderArn": SAML_ARN,
                                       "SAMLMetadataDocument": SAML_DOC.replace("2036", "2037")}),
        ("iam", "TagSAMLProvider", {"SAMLProviderArn": SAML_ARN,
                                    "Tags": [{"Key": "x", "Value": "1"}]}),
        ("iam", "UntagSAMLProvider", {"SAMLProviderArn": SAML_ARN, "TagKeys": ["team"]}),
        ("iam", "ListSAMLProviderTags", {"SAMLProviderArn": SAML_ARN}),
        ("iam", "GetAccountSummary", {}),
        ("iam", "DeleteSAMLProvider", {"SAMLProviderArn": SAML_ARN}),
        ("iam", "GetSAMLProvider", {"SAMLProviderArn": SAML_ARN}),
    ],
    "organizations": [
        ("iam", "ListOrganizationsFeatures", {}),
        ("iam", "EnableOrganizationsRootCredentialsManagement", {}),
        ("iam", "DisableOrganizationsRootCredentialsManagement", {}),
        ("iam", "EnableOrganizationsRootSessions", {}),
        ("iam", "DisableOrganizationsRootSessions", {}),
        ("iam", "GenerateOrganizationsAccessReport",
         {"EntityPath": "o-a1b2c3d4e5/r-f6g7h8i9j0example"}),
        ("iam", "GetOrganizationsAccessReport",
         lambda r: {"JobId": r[5]["body"]["JobId"]}),
        ("iam", "GetOrganizationsAccessReport", {"JobId": "0" * 36}),
    ],
    "outbound_federation": [
        ("iam", "GetOutboundWebIdentityFederationInfo", {}),
        ("iam", "DisableOutboundWebIdentityFederation", {}),
        ("iam", "EnableOutboundWebIdentityFederation", {}),
        ("iam", "EnableOutboundWebIdentityFederation", {}),
        ("iam", "GetOutboundWebIdentityFederationInfo", {}),
        ("iam", "DisableOutboundWebIdentityFederation", {}),
        ("iam", "GetOutboundWebIdentityFederationInfo", {}),
    ],
    "delegation": [
        ("iam", "CreateDelegationRequest", DELEGATION),
        ("iam", "CreateDelegationRequest", DELEGATION),
        ("iam", "GetDelegationRequest", _rid),
        ("iam", "AcceptDelegationRequest", _rid),
        ("iam", "AssociateDelegationRequest", _rid),
        ("iam", "UpdateDelegationRequest", lambda r: {**_rid(r), "Notes": "for approval"}),
        ("iam", "ListDelegationRequests", {}),
        ("iam", "AcceptDelegationRequest", _rid),
        ("iam", "SendDelegationToken", _rid),
        ("iam", "RejectDelegationRequest", _rid),
        ("iam", "GetDelegationRequest", lambda r: {**_rid(r), "DelegationPermissionCheck": True}),
        ("iam", "GetHumanReadableSummary",
         lambda r: {"EntityArn": "arn:aws:iam::123456789012:delegation-request/"
                    + r[0]["body"]["DelegationRequestId"]}),
        ("iam", "GetHumanReadableSummary", {"EntityArn": "arn:aws:iam::123456789012:user/x"}),
    ],
    "credential_report": [
        ("iam", "GetCredentialReport", {}),
        ("iam", "CreateUser", {"UserName": "reported"}),
        ("iam", "CreateLoginProfile", {"UserName": "reported", "Password": "Passw0rd!x"}),
        ("iam", "CreateAccessKey", {"UserName": "reported"}),
        ("iam", "GenerateCredentialReport", {}),
        ("iam", "GenerateCredentialReport", {}),
        ("iam", "GetCredentialReport", {}),
    ],
    "authorization_details_and_last_accessed": [
        ("iam", "CreateUser", {"UserName": "ann", "Tags": TAGS}),
        ("iam", "CreateGroup", {"GroupName": "ops"}),
        ("iam", "AddUserToGroup", {"GroupName": "ops", "UserName": "ann"}),
        ("iam", "PutGroupPolicy", {"GroupName": "ops", "PolicyName": "gp", "PolicyDocument":
                                   '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
                                   '"Action":"s3:GetObject","Resource":"*"}]}'}),
        ("iam", "AttachGroupPolicy",
         {"GroupName": "ops", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}),
        ("iam", "CreateRole", {"RoleName": "svc", "AssumeRolePolicyDocument":
                               '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
                               '"Principal":{"Service":"ec2.amazonaws.com"},'
                               '"Action":"sts:AssumeRole"}]}'}),
        ("iam", "GetAccountAuthorizationDetails", {"Filter": ["User", "Group", "Role"]}),
        ("iam", "GetAccountAuthorizationDetails", {"MaxItems": 1}),
        ("iam", "GetAccountAuthorizationDetails", lambda r: {"Marker": r[7]["body"]["Marker"]}),
        ("iam", "GetAccountSummary", {}),
        ("iam", "GenerateServiceLastAccessedDetails",
         {"Arn": "arn:aws:iam::123456789012:group/ops"}),
        ("iam", "GetServiceLastAccessedDetails",
         lambda r: {"JobId": r[10]["body"]["JobId"], "MaxItems": 5}),
        ("iam", "GetServiceLastAccessedDetailsWithEntities",
         lambda r: {"JobId": r[10]["body"]["JobId"], "ServiceNamespace": "s3"}),
        ("iam", "GenerateServiceLastAccessedDetails",
         {"Arn": "arn:aws:iam::123456789012:user/nobody"}),
        ("iam", "ListPoliciesGrantingServiceAccess",
         {"Arn": "arn:aws:iam::123456789012:user/ann", "ServiceNamespaces": ["s3", "ec2"]}),
    ],
}
