"""The policy language: grammar and validation (document.py) and the evaluation engine.

The engine is pure: it imports nothing from handlers, the account model, STS or dispatch.
Callers (STS, the simulator, enforcement) build its inputs from the model and call:

    compile_policy(text) -> CompiledPolicy
        Parse a document once (cached by text). Raises PolicyEngineError for a text the
        engine cannot read; document.validate_document stays the authority on AWS's grammar
        and MalformedPolicyDocument messages.

    evaluate(Request, PolicySet) -> Decision
        Request(principal=Principal(kind, account, arn, parent_arn, unique_id, ...),
                action="iam:CreateUser", resource="arn:aws:iam::123456789012:user/bob",
                context={"aws:username": "alice", "aws:TagKeys": ["a", "b"], ...},
                resource_account=None)   # None: the principal's account
        PolicySet(identity=[Policy(text, id, source)], resource=Policy | None,
                  boundary=Policy | None, session=[Policy], scps=[[Policy], ...] | None,
                  rcps=[[Policy], ...] | None, resource_required=False)
        Decision.decision: "allowed" | "explicitDeny" | "implicitDeny";
        .policy_type: the deciding type ("identity", "resource", "boundary", "session",
        "scp", "rcp"); .policy_type_label: AWS's words ("identity-based policy", ...);
        .matched_statements (policy id, type, statement index, Sid, start/end Position);
        .missing_context_values; .missing_by_type; .type_decisions.

    denial_reason(decision, action) -> the end of AWS's AccessDenied message.

See evaluate.py for the evaluation order, conditions.py for condition operators,
variables.py for policy variables, arns.py for ARN matching, principals.py for
Principal/NotPrincipal and positions.py for statement positions.
"""

from .compiled import CompiledPolicy, compile_policy
from .decision import LABELS, Decision, MatchedStatement, denial_reason
from .errors import PolicyEngineError
from .evaluate import Policy, PolicySet, evaluate
from .positions import Position
from .request import NormalizedContext, Principal, Request, normalize_context

__all__ = [
    "LABELS",
    "CompiledPolicy",
    "Decision",
    "MatchedStatement",
    "NormalizedContext",
    "Policy",
    "PolicyEngineError",
    "PolicySet",
    "Position",
    "Principal",
    "Request",
    "compile_policy",
    "denial_reason",
    "evaluate",
    "normalize_context",
]
