"""Amazon Cognito user pools (cognito-idp): model, handlers, tokens and the scope's Python API.

Identity pools (cognito-identity) live beside this package (iamsim.cognito_identity) and verify
user pool ID tokens with `tokens.verified_claims` against the account's CognitoState.
"""
