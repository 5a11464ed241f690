"""The server side of SRP-6a as Cognito runs it (USER_SRP_AUTH, then PASSWORD_VERIFIER).

Group: the 3072-bit MODP prime of RFC 3526 (section 4, also RFC 5054 appendix A), g = 2,
H = SHA-256. Cognito's conventions, which every client library follows:
- integers are hashed as big-endian bytes padded like Java's BigInteger.toByteArray: even
  number of hex digits, and a leading 00 byte when the top bit is set (`_pad`);
- k = H(pad(N) | pad(g)); u = H(pad(A) | pad(B));
- x = H(pad(salt) | H(poolSuffix | userIdForSrp | ":" | password)), where poolSuffix is the
  part of the pool ID after "_"; v = g^x;
- B = k*v + g^b; S = (A * v^u)^b;
- the key is HKDF-SHA256 with salt pad(u), input pad(S), info "Caldera Derived Key" || 0x01,
  first 16 bytes;
- the client proves it with HMAC-SHA256(key, poolSuffix | userIdForSrp | secretBlock |
  timestamp), base64, the timestamp in the form "Tue Dec 1 22:30:00 UTC 2026".
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import hmac

N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879"
    "8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B"
    "0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA4836"
    "1C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804"
    "F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6"
    "955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64"
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D226"
    "1AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2"
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
N = int(N_HEX, 16)
G = 2
INFO = b"Caldera Derived Key\x01"


def _pad(n: int) -> bytes:
    h = format(n, "x")
    if len(h) % 2:
        h = "0" + h
    elif h[0] in "89abcdef":
        h = "00" + h
    return bytes.fromhex(h)


def _h(*parts: bytes) -> int:
    return int(hashlib.sha256(b"".join(parts)).hexdigest(), 16)


K = _h(_pad(N), _pad(G))


def pool_suffix(pool_id: str) -> str:
    return pool_id.split("_", 1)[1]


def verifier(pool_id: str, user_id: str, password: str, salt: int) -> int:
    inner = hashlib.sha256(f"{pool_suffix(pool_id)}{user_id}:{password}".encode()).digest()
    return pow(G, _h(_pad(salt), inner), N)


def server_public(v: int, b: int) -> int:
    return (K * v + pow(G, b, N)) % N


def session_key(a_pub: int, b_pub: int, b: int, v: int) -> bytes | None:
    """The 16-byte key both sides derive, or None for an A the protocol must refuse."""
    if a_pub % N == 0:
        return None
    u = _h(_pad(a_pub), _pad(b_pub))
    if u == 0:
        return None
    s = pow(a_pub * pow(v, u, N), b, N)
    prk = hmac.new(_pad(u), _pad(s), hashlib.sha256).digest()
    return hmac.new(prk, INFO, hashlib.sha256).digest()[:16]


def signature(key: bytes, pool_id: str, user_id: str, secret_block: str,
              timestamp: str) -> str:
    msg = (pool_suffix(pool_id).encode() + user_id.encode() + base64.b64decode(secret_block)
           + timestamp.encode())
    return base64.b64encode(hmac.new(key, msg, hashlib.sha256).digest()).decode()


def timestamp_ok(value: str) -> bool:
    """Cognito's TIMESTAMP: 'Tue Dec 1 22:30:00 UTC 2026' (day of month unpadded)."""
    try:
        _dt.datetime.strptime(value, "%a %b %d %H:%M:%S UTC %Y")
    except ValueError:
        return False
    return True
