"""Validation: the model's constraints that botocore leaves to the server (maximum lengths,
patterns, enums, ranges, required members of structures the query protocol cannot send),
reported in AWS's ValidationError wording, before any handler runs."""

from .constraints import compile_pattern, validator

__all__ = ["compile_pattern", "validator"]
