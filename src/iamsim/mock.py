"""mock_iam: the decorator / context manager that activates iamsim for a scope."""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from . import clock, interception
from .ids import MOTO_DEFAULT_ACCOUNT
from .interception import scopes
from .interception.credentials import FAKE_ACCESS_KEY, FAKE_SECRET_KEY
from .partitions import check_key_partition, partition_of

if TYPE_CHECKING:
    from botocore.model import OperationModel

    from .authz.report import DecisionLog
    from .caller import Caller
    from .cognito.api import CognitoView
    from .model.account import Account
    from .model.organization import Organization
    from .signing import Proof

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_ACCOUNT_ID = "123456789012"

# While any scope is active, credentials come from here and nowhere else.
_ENV_SET = {
    "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY,
    "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_KEY,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}
_ENV_UNSET = (
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    "AWS_CREDENTIAL_EXPIRATION",
)
_saved_env: dict[str, str | None] = {}
_scope_lock = threading.RLock()


def _apply_env() -> None:
    env = os.environ
    for k in (*_ENV_SET, *_ENV_UNSET, "AWS_DEFAULT_REGION"):
        _saved_env[k] = env.get(k)
    for k, v in _ENV_SET.items():
        env[k] = v
    for k in _ENV_UNSET:
        env.pop(k, None)
    if "AWS_DEFAULT_REGION" not in env and "AWS_REGION" not in env:
        env["AWS_DEFAULT_REGION"] = "us-east-1"


def _restore_env() -> None:
    env = os.environ
    for k, v in _saved_env.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    _saved_env.clear()


_pipeline: Any = None  # dispatch.execute, imported on the first call (not with iamsim)


def _load_pipeline() -> Any:
    global _pipeline
    from .dispatch import execute

    _pipeline = execute
    return execute


class IamSim:
    """One emulated account and the scope that activates it.

    Use it as a decorator (functions, coroutines, unittest and plain test classes), a context
    manager, or with start()/stop(). Each start() begins with an empty account.
    """

    def __init__(
        self,
        *,
        account_id: str = DEFAULT_ACCOUNT_ID,
        seed: int | str | None = None,
        path: str | None = None,
        quotas: dict[str, int] | None = None,
        strict_credentials: bool = False,
        enforce: bool | Literal["report"] = False,
        accounts: list[str] | tuple[str, ...] = (),
        context: dict[str, Any] | None = None,
        config: dict[str, Any] | None = None,
    ) -> None:
        # moto's mock_aws(config=...) options, accepted so that a suite changes only its
        # import. None applies: AWS managed policies are always there
        # (iam.load_aws_managed_policies), credentials are always fake, nothing passes through.
        if config is not None and not isinstance(config, dict):
            raise TypeError(f"config must be a dict, as moto's is, got {type(config).__name__}")
        self.config = dict(config or {})
        if not (len(account_id) == 12 and account_id.isascii() and account_id.isdigit()):
            raise ValueError(f"account_id must be 12 digits, got {account_id!r}")
        path = path or os.environ.get("IAMSIM_PATH", "fast")
        if path not in ("fast", "wire"):
            raise ValueError(f"path must be 'fast' or 'wire', got {path!r}")
        self.account_id = account_id
        # Further accounts of the scope (cross-account roles, resource policies): the access
        # key a client signs with picks its account, as AWS's keys encode it.
        self.accounts = list(dict.fromkeys(str(a) for a in accounts))
        for other in self.accounts:
            if not (len(other) == 12 and other.isascii() and other.isdigit()):
                raise ValueError(f"accounts must be 12-digit IDs, got {other!r}")
        self._known = {account_id, *self.accounts}
        # Calls to other mocks (moto) name the account that answers them unless the scope is
        # moto's own default account alone (authz/owners.py).
        self._routes = self._known != {MOTO_DEFAULT_ACCOUNT}
        self._bucket_owners: dict[str, str] = {}  # S3 buckets the scope made, by name
        self.seed = seed
        self.path = path
        self.quotas = dict(quotas or {})
        # Refuse every access key the scope did not issue (its own fake root key excepted).
        self.strict_credentials = bool(strict_credentials)
        # Decide every call's permissions as AWS does; switch off and on at will inside the
        # scope (set-up first, then the code under test), or use `with sim.unenforced():`.
        # "report": decide and record every call (sim.decisions) but refuse none.
        self._mode: bool | str = False
        self._decisions: DecisionLog | None = None
        self.enforce = enforce
        # Condition keys added to every decision (aws:SourceIp, aws:SourceVpc, a tag...), for
        # what no in-process call carries; edit `sim.context` at will inside the scope.
        self.context: dict[str, Any] = dict(context or {})
        # by (partition, account ID), each created on first use
        self._accounts: dict[tuple[str, str], Account] = {}
        self._organizations: dict[str, Organization] = {}  # by partition
        self._active = False
        self._owner: Any = None
        if self.quotas:  # fail at construction on an unknown or unraisable quota
            from .model.quotas import Quotas

            Quotas(self.quotas)

    # -- state ---------------------------------------------------------------------------
    @property
    def account(self) -> Account:
        """The emulated account's state (the `aws` partition), created on first use so an
        empty scope is cheap."""
        return self.account_in("aws")

    def account_in(self, partition: str, account_id: str | None = None) -> Account:
        """An account of the scope in `partition` (the default account unless `account_id`):
        as in AWS, the same ID in two partitions is two accounts, each created when first
        used."""
        aid = account_id or self.account_id
        key = (partition, aid)
        acct = self._accounts.get(key)
        if acct is None:
            with _scope_lock:
                acct = self._accounts.get(key)
                if acct is None:
                    from .model.account import Account
                    from .partitions import account_seed

                    # The default account keeps the seed stream it always had.
                    stream = partition if aid == self.account_id else f"{partition}/{aid}"
                    acct = Account(aid, account_seed(self.seed, stream), self.quotas, partition)
                    acct.peer = functools.partial(self._peer, partition)  # type: ignore[method-assign]
                    acct.organization = functools.partial(  # type: ignore[method-assign]
                        self._organization_in, partition)
                    self._accounts[key] = acct
        return acct

    def organization(self, management_account: str | None = None,
                     partition: str = "aws") -> Organization:
        """The scope's AWS Organizations organization (made on first call, with
        `management_account`, default the scope's account, as its management account): build
        OUs, place the scope's accounts, attach SCPs and RCPs (README, Organizations)."""
        org = self._organizations.get(partition)
        if org is None:
            from .model.organization import Organization

            mgmt = management_account or self.account_id
            org = Organization.create(mgmt, self.account_for(mgmt, partition).ids)
            self._organizations[partition] = org
        elif management_account is not None and management_account != org.management_account:
            raise ValueError(f"the organization's management account is {org.management_account}")
        return org

    def _organization_in(self, partition: str) -> Organization | None:
        return self._organizations.get(partition)

    def _peer(self, partition: str, account_id: str) -> Account | None:
        """Another account of the scope, for cross-account calls (None: not in the scope)."""
        return self.account_in(partition, account_id) if account_id in self._known else None

    def account_for(self, account_id: str, partition: str = "aws") -> Account:
        """The scope's account `account_id`, added to the scope if it was not there yet."""
        if not (len(account_id) == 12 and account_id.isascii() and account_id.isdigit()):
            raise ValueError(f"account_id must be 12 digits, got {account_id!r}")
        self._known.add(account_id)
        return self.account_in(partition, account_id)

    def root_credentials(self, account_id: str | None = None,
                         partition: str = "aws") -> dict[str, str]:
        """A new root access key of an account of the scope (its own, or one it adds): the
        way to call as another account's root user."""
        acct = self.account_for(account_id or self.account_id, partition)
        from .model.users import AccessKey

        with acct.lock:
            key_id = acct.ids.access_key_id(acct.id)
            key = AccessKey(id=key_id, secret=acct.ids.secret_access_key(), user_id=None,
                            create_date=clock.now())
            acct.access_keys[key_id] = key
            from .handlers.access_keys import RootKeys

            acct.state(RootKeys).keys[key_id] = key
        return {"AccessKeyId": key_id, "SecretAccessKey": key.secret}

    def client(self, service: str, account_id: str | None = None,
               region_name: str = "us-east-1", **kwargs: Any) -> Any:
        """A boto3 client signed as the root user of an account of the scope."""
        import boto3

        from .partitions import partition_of

        creds = self.root_credentials(account_id, partition_of(region_name))
        return boto3.client(service, region_name=region_name,
                            aws_access_key_id=creds["AccessKeyId"],
                            aws_secret_access_key=creds["SecretAccessKey"], **kwargs)

    def _account_of(self, proof: Proof | None) -> str | None:
        """The account an access key belongs to, when it is one of the scope's accounts."""
        if proof is None or len(self._known) == 1:
            return None
        key_id = proof.access_key_id
        if not key_id or not key_id.startswith(("AKIA", "ASIA")):
            return None
        from .sts.identity import account_of_key

        aid = account_of_key(key_id)
        return aid if aid in self._known else None

    @property
    def cognito(self) -> CognitoView:
        """Cognito user pools of this scope: codes AWS would have sent, each pool's JWKS."""
        from .cognito.api import CognitoView

        return CognitoView(self.account)

    def reset(self) -> None:
        """Drop every entity: the accounts are empty again (same id, seed restarts)."""
        self._accounts = {}
        self._organizations = {}
        self._bucket_owners = {}

    def request_id(self) -> str:
        """A request ID from the scope's seeded stream (the default account's)."""
        acct = self._accounts.get(("aws", self.account_id))
        return (acct if acct is not None else self.account).ids.request_id()

    def execute(
        self, op: OperationModel, params: dict[str, Any], proof: Proof | None, region: str
    ) -> dict[str, Any]:
        run = _pipeline or _load_pipeline()
        aid = self._account_of(proof) if len(self._known) > 1 else None
        if aid is None and proof is None and isinstance(params.get("RoleArn"), str):
            # Unsigned federation (AssumeRoleWithWebIdentity / SAML) is served by the account
            # of the role it names.
            parts = params["RoleArn"].split(":")
            aid = parts[4] if len(parts) > 5 and parts[4] in self._known else None
        partition = partition_of(region)
        account = self._accounts.get((partition, aid or self.account_id))
        if account is None:
            account = self.account_in(partition, aid)
        if len(self._accounts) > 1:
            check_key_partition(self._accounts, account, proof)
        mode = self._mode
        return run(account, op, params, proof, region, self.strict_credentials, bool(mode),
                   self.context, self.decisions if mode == "report" else None)

    def caller_for(self, proof: Proof, region: str) -> tuple[Account, Caller]:
        """The account and caller a client's credentials stand for, resolved as `execute`
        resolves them: for authorizing the calls another mock answers (authz/external.py).
        Raises IAMError (InvalidClientTokenId) for credentials AWS would refuse."""
        from .caller import authenticate

        account = self.account_in(partition_of(region), self._account_of(proof))
        check_key_partition(self._accounts, account, proof)
        with account.lock:
            return account, authenticate(account, proof, self.strict_credentials)

    @property
    def enforce(self) -> bool:
        """Are calls authorized (refused or, in report mode, recorded)?"""
        return bool(self._mode)

    @enforce.setter
    def enforce(self, value: bool | Literal["report"]) -> None:
        if value not in (True, False, "report"):
            raise ValueError(f"enforce must be True, False or 'report', got {value!r}")
        self._mode = value

    @property
    def reporting(self) -> bool:
        """Report mode: every decision is recorded in `sim.decisions`, none refused."""
        return self._mode == "report"

    @property
    def decisions(self) -> DecisionLog:
        """The decisions recorded in report mode (authz/report.py), oldest first."""
        if self._decisions is None:
            from .authz.report import DecisionLog

            self._decisions = DecisionLog()
        return self._decisions

    @property
    def report_log(self) -> DecisionLog | None:
        return self.decisions if self._mode == "report" else None

    @contextlib.contextmanager
    def unenforced(self) -> Iterator[IamSim]:
        """Make calls without authorization (set-up), then enforce again as before."""
        before, self._mode = self._mode, False
        try:
            yield self
        finally:
            self._mode = before

    # -- activation ----------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self._active

    def start(self) -> IamSim:
        """Activate the scope for this thread and the threads it creates (README, Threads)."""
        with _scope_lock:
            if self._active:
                raise RuntimeError("this mock_iam scope is already active")
            self._accounts = {}
            self._organizations = {}
            self._bucket_owners = {}
            if not scopes.any_active():
                _apply_env()
                interception.install()
            self._active = True
            scopes.push(self)
        return self

    def stop(self) -> None:
        with _scope_lock:
            if not self._active:
                raise RuntimeError("this mock_iam scope is not active")
            self._active = False
            scopes.pop(self)
            if not scopes.any_active():
                interception.uninstall()
                _restore_env()

    def __enter__(self) -> IamSim:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- decoration ----------------------------------------------------------------------
    def __call__(self, target: F) -> F:
        if inspect.isclass(target):
            return self._decorate_class(target)  # type: ignore[return-value]
        return self._decorate_function(target)

    def _clone(self) -> IamSim:
        return IamSim(account_id=self.account_id, seed=self.seed, path=self.path,
                      quotas=self.quotas, strict_credentials=self.strict_credentials,
                      enforce=self._mode, accounts=self.accounts,  # type: ignore[arg-type]
                      context=self.context,
                      config=self.config)

    def _decorate_function(self, fn: F) -> F:
        if inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                with self._clone():
                    return await fn(*args, **kwargs)

            return async_wrapper  # type: ignore[return-value]

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self._clone():
                return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    def _decorate_class(self, cls: type) -> type:
        """Each test runs in its own scope that also covers its set-up and tear-down."""
        import unittest

        template = self
        if issubclass(cls, unittest.TestCase):
            original_setup = cls.setUp

            def setUp(test: Any) -> None:
                sim = template._clone().start()
                test.addCleanup(sim.stop)
                test.iamsim = sim
                original_setup(test)

            cls.setUp = setUp  # type: ignore[method-assign, assignment]
            return cls
        original_setup_method = getattr(cls, "setup_method", None)
        original_teardown_method = getattr(cls, "teardown_method", None)

        def setup_method(obj: Any, method: Any = None) -> None:
            obj.iamsim = template._clone().start()
            if original_setup_method is not None:
                original_setup_method(obj, method)

        def teardown_method(obj: Any, method: Any = None) -> None:
            try:
                if original_teardown_method is not None:
                    original_teardown_method(obj, method)
            finally:
                sim = getattr(obj, "iamsim", None)
                if sim is not None and sim.active:
                    sim.stop()

        cls.setup_method = setup_method  # type: ignore[attr-defined]
        cls.teardown_method = teardown_method  # type: ignore[attr-defined]
        return cls


@overload
def mock_iam(func: F) -> F: ...
@overload
def mock_iam(
    func: None = None,
    *,
    account_id: str = ...,
    seed: int | str | None = ...,
    path: str | None = ...,
    quotas: dict[str, int] | None = ...,
    strict_credentials: bool = ...,
    enforce: bool | Literal["report"] = ...,
    accounts: list[str] | tuple[str, ...] = ...,
    context: dict[str, Any] | None = ...,
    config: dict[str, Any] | None = ...,
) -> IamSim: ...
def mock_iam(func: Any = None, **options: Any) -> Any:
    """Emulate IAM and STS: `@mock_iam`, `@mock_iam(seed=1)`, `with mock_iam() as sim:`,
    or `sim = mock_iam(); sim.start(); ...; sim.stop()`."""
    sim = IamSim(**options)
    if func is None:
        return sim
    return sim(func)
