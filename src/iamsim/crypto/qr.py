"""QR code PNG of a virtual MFA device's otpauth:// URI."""

from __future__ import annotations

import io


def png(text: str) -> bytes:
    import segno  # lazy: only CreateVirtualMFADevice pays for it

    buf = io.BytesIO()
    # A fixed mask pattern: any mask decodes, and choosing the "best" of eight costs ~20 ms.
    segno.make(text, error="m", mask=0, micro=False).save(buf, kind="png", scale=4, border=4)
    return buf.getvalue()
