"""IAM operation handlers, one module per resource family; each registers itself on import."""
