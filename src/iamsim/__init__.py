"""iamsim: AWS IAM and STS emulated inside the test process for boto3.

Importing this package is cheap: the account model, handlers and service models load on the
first call inside a scope.
"""

from .errors import UnmockedServiceError
from .interception.scopes import ScopeConflictError
from .mock import IamSim, mock_iam

__all__ = ["IamSim", "ScopeConflictError", "UnmockedServiceError", "mock_iam"]
__version__ = "0.1.0"
