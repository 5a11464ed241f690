"""Credential isolation: inside a scope, no credential provider of the world outside runs.

A session or a refreshable credential object made before the scope might fetch from instance
metadata, a container endpoint, SSO, or run a credential_process, and its real key would then
sign. While a scope is active:
- a session made before it that has not resolved its credentials yet gets the scope's fake
  credentials instead of running its providers;
- refreshable credentials made before it are never refreshed: they keep their current values
  (or the scope's fake key when they were never fetched);
- credentials made inside the scope behave exactly as botocore makes them behave: an
  AssumeRole profile fetches (answered by iamsim), expired role credentials are refreshed.

The mark is a generation number set on the object when it is made, so nothing keeps a list
of sessions or credentials alive.
"""

from __future__ import annotations

from typing import Any

import botocore.credentials as bc
import botocore.session

from ..ids import FAKE_ACCESS_KEY, FAKE_SECRET_KEY

_FAKE = bc.ReadOnlyCredentials(FAKE_ACCESS_KEY, FAKE_SECRET_KEY, None)

_generation = 0  # the current installation's number; 0 while not installed
_installs = 0  # how many installations there have been, so numbers are never reused
_originals: dict[str, Any] = {}


def _made_in_scope(obj: Any) -> bool:
    return getattr(obj, "_iamsim_gen", None) == _generation


def _mark(original: Any) -> Any:
    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self._iamsim_gen = _generation

    return init


def _session_get_credentials(self: Any) -> Any:
    if self._credentials is None and _generation and not _made_in_scope(self):
        # Not cached on the session: after the scope it resolves as it always would.
        return bc.Credentials(FAKE_ACCESS_KEY, FAKE_SECRET_KEY, method="iamsim")
    return _originals["get_credentials"](self)


def _refresh(self: Any) -> None:
    if _generation and not _made_in_scope(self):
        return
    _originals["refresh"](self)


def _get_frozen_credentials(self: Any) -> Any:
    frozen = _originals["get_frozen"](self)
    if frozen is None and _generation and not _made_in_scope(self):
        return _FAKE
    return frozen


def install() -> None:
    global _generation, _installs
    if _originals:
        return
    _installs += 1
    _generation = _installs
    s = botocore.session.Session
    _originals["session_init"] = s.__init__
    _originals["get_credentials"] = s.get_credentials
    _originals["refreshable_init"] = bc.RefreshableCredentials.__init__
    _originals["deferred_init"] = bc.DeferredRefreshableCredentials.__init__
    _originals["refresh"] = bc.RefreshableCredentials._refresh
    _originals["get_frozen"] = bc.RefreshableCredentials.get_frozen_credentials
    s.__init__ = _mark(_originals["session_init"])
    s.get_credentials = _session_get_credentials
    bc.RefreshableCredentials.__init__ = _mark(_originals["refreshable_init"])
    bc.DeferredRefreshableCredentials.__init__ = _mark(_originals["deferred_init"])
    bc.RefreshableCredentials._refresh = _refresh
    bc.RefreshableCredentials.get_frozen_credentials = _get_frozen_credentials


def uninstall() -> None:
    global _generation
    if not _originals:
        return
    s = botocore.session.Session
    s.__init__ = _originals.pop("session_init")
    s.get_credentials = _originals.pop("get_credentials")
    bc.RefreshableCredentials.__init__ = _originals.pop("refreshable_init")
    bc.DeferredRefreshableCredentials.__init__ = _originals.pop("deferred_init")
    bc.RefreshableCredentials._refresh = _originals.pop("refresh")
    bc.RefreshableCredentials.get_frozen_credentials = _originals.pop("get_frozen")
    _generation = 0


def frozen(credentials: Any) -> Any:
    """The (access key, secret, token) botocore's signer would use now, resolved as it would."""
    if credentials is None:
        return None
    return credentials.get_frozen_credentials()
