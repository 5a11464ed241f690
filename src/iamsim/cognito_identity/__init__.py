"""Amazon Cognito identity pools (cognito-identity): pools, their roles and role mappings,
identities, OpenID tokens, and AWS credentials for an identity.

Logins are user pool ID tokens, verified with the user pool's own keys (cognito/tokens.py);
credentials come from STS's web identity path (sts/federation.py), so the role's trust policy
decides exactly as it does for AssumeRoleWithWebIdentity.
"""
