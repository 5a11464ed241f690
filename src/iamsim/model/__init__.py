"""The in-memory account: entities, indexes, quotas."""
