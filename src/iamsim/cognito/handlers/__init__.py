"""cognito-idp handlers, one module per resource family; dispatch imports them all."""
