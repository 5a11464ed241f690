"""STS operation handlers."""
