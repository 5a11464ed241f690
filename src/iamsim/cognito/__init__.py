"""Amazon Cognito user pools (cognito-idp): model, handlers, tokens and the scope's Python API.

Identity pools (cognito-identity) are meant to live beside this package, sharing its token
verification (`tokens.verify`) and the account's CognitoState.
"""
