"""QR code PNG of a virtual MFA device's otpauth:// URI."""

from __future__ import annotations

import io


def png(text: str) -> bytes:
    import segno  # lazy: only CreateVirtualMFADevice pays for it

    buf = io.BytesIO()
    segno.make(text, error="m").save(buf, kind="png", scale=4, border=4)
    return buf.getvalue()
