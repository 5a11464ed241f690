"""GetContextKeysForCustomPolicy and GetContextKeysForPrincipalPolicy: the condition keys the
policies reference, so that a caller knows which ContextEntries a simulation needs.

AWS's API reference: the keys referenced in the input policies (Condition elements; we also
count policy variables, which read keys too); for a principal, in the identity-based policies
of the entity (a user's groups included) and the extra inputs, never in SCPs. Keys come once
each, compared without case, in the order the policies first use them (our choice of order).
"""

from __future__ import annotations

from typing import Any

from ..authz.principal import policy_sources
from ..dispatch import Call, handler
from ..errors import PolicyEvaluation
from ..policy import PolicyEngineError, compile_policy
from ..policy.document import validate_document
from .simulator import source_entity


def keys_of(text: str) -> list[str]:
    try:
        compiled = compile_policy(text)
    except PolicyEngineError as e:
        raise PolicyEvaluation(f"The policy could not be evaluated: {e}") from None
    out: list[str] = []
    for st in compiled.statements:
        for r in st.resources or ():
            out.extend(v.written for v in r.tail.variables)
        for c in st.conditions:
            out.append(c.key_written)
            for t in c.templates:
                out.extend(v.written for v in t.variables)
    return out


def _unique(keys: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for k in keys:
        if k.lower() not in seen:
            seen.add(k.lower())
            out.append(k)
    return out


def _inputs(p: dict[str, Any]) -> list[str]:
    texts = list(p.get("PolicyInputList") or ())
    for text in texts:
        validate_document(text, "identity")
    return texts


@handler("iam", "GetContextKeysForCustomPolicy")
def get_context_keys_for_custom_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return {"ContextKeyNames": _unique([k for t in _inputs(p) for k in keys_of(t)])}


@handler("iam", "GetContextKeysForPrincipalPolicy")
def get_context_keys_for_principal_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    kind, entity = source_entity(call.account, p["PolicySourceArn"])
    texts = [s.policy.text for s in policy_sources(call.account, entity, kind)]
    texts.extend(_inputs(p))
    return {"ContextKeyNames": _unique([k for t in texts if isinstance(t, str)
                                        for k in keys_of(t)])}
