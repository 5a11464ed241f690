"""The policy language: grammar and validation (document.py); evaluation comes later."""
