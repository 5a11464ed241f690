"""cognito-identity handlers; each module registers its operations with dispatch."""
