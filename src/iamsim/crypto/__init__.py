"""Credential cryptography: TOTP codes, SSH public keys, X.509 certificates, QR codes.

Modules import `cryptography` and `segno` inside their functions, so importing iamsim (and
loading the handlers) stays cheap; the cost is paid by the first call that needs them.
"""
