"""Errors of the account-level operations that errors.py does not define.

Codes and HTTP statuses are those of the botocore model's error shapes; shapes without error
metadata are matched by their shape name and answered with 400, as AWS documents them.
"""

from __future__ import annotations

from ..errors import IAMError


class ReportExpired(IAMError):
    code, status = "ReportExpired", 410


class ReportInProgress(IAMError):
    code, status = "ReportInProgress", 404


class FeatureDisabled(IAMError):
    code, status = "FeatureDisabled", 404


class FeatureEnabled(IAMError):
    code, status = "FeatureEnabled", 409


class ReportGenerationLimitExceeded(IAMError):
    code, status = "ReportGenerationLimitExceeded", 409


class OrganizationNotFound(IAMError):
    code, status = "OrganizationNotFoundException", 400


class ServiceAccessNotEnabled(IAMError):
    code, status = "ServiceAccessNotEnabledException", 400


class AccountNotManagementOrDelegatedAdministrator(IAMError):
    code, status = "AccountNotManagementOrDelegatedAdministratorException", 400


class CallerIsNotManagementAccount(IAMError):
    code, status = "CallerIsNotManagementAccountException", 400


class OrganizationNotInAllFeaturesMode(IAMError):
    code, status = "OrganizationNotInAllFeaturesModeException", 400


class RoleTemplateDisabled(IAMError):
    code, status = "RoleTemplateDisabled", 400


class RoleModified(IAMError):
    code, status = "RoleModified", 409


class NameConflict(IAMError):
    code, status = "NameConflict", 409
