"""botocore's service models for IAM and STS, loaded once on first use."""

from __future__ import annotations

from functools import cache

from botocore.model import OperationModel, ServiceModel


@cache
def service_model(service: str) -> ServiceModel:
    import botocore.session

    return botocore.session.get_session().get_service_model(service)


@cache
def operation_model(service: str, operation: str) -> OperationModel:
    return service_model(service).operation_model(operation)
