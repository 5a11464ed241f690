"""botocore's service models for IAM and STS, loaded once on first use."""

from __future__ import annotations

from functools import lru_cache

from botocore.model import OperationModel, ServiceModel


@lru_cache(maxsize=None)
def service_model(service: str) -> ServiceModel:
    import botocore.session

    return botocore.session.get_session().get_service_model(service)


@lru_cache(maxsize=None)
def operation_model(service: str, operation: str) -> OperationModel:
    return service_model(service).operation_model(operation)
