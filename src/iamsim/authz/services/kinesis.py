"""Kinesis Data Streams: the stream a request names by StreamName or StreamARN, the consumer
by ConsumerARN (or its stream and ConsumerName).

GetRecords names its stream only through the shard iterator, which AWS makes opaque: without
the StreamARN parameter its resource cannot be told here, so it is left to the caller's
unmapped-operation warning rather than authorized on `*` (which a policy naming the stream
would wrongly deny).
"""

from __future__ import annotations

from typing import Any

from . import Check, Undetermined, Where, action_exists, mapper, resource_types, tags_context


def stream_arn(where: Where, params: dict[str, Any]) -> str | None:
    arn = params.get("StreamARN")
    if isinstance(arn, str) and arn:
        return arn
    name = params.get("StreamName")
    if isinstance(name, str) and name:
        return f"arn:{where.partition}:kinesis:{where.region}:{where.account}:stream/{name}"
    return None


def consumer_arn(where: Where, params: dict[str, Any]) -> str | None:
    arn = params.get("ConsumerARN")
    if isinstance(arn, str) and arn:
        return arn
    stream, name = stream_arn(where, params), params.get("ConsumerName")
    if stream and isinstance(name, str) and name:
        # A consumer's ARN ends with its creation timestamp, which the request does not
        # carry: `:*` stands for it (chosen; a policy naming the exact ARN will not match).
        return f"{stream}/consumer/{name}:*"
    return None


@mapper("kinesis")
def kinesis_checks(operation: str, params: dict[str, Any], where: Where) -> list[Check] | None:
    if not action_exists("kinesis", operation):
        return None
    action = f"kinesis:{operation}"
    ctx = tags_context(params)
    types = [t for t, _ in resource_types("kinesis", operation)]
    if not types:
        return [Check(action, "*", ctx)]  # ListStreams, DescribeLimits, UpdateShardCount...
    arn = params.get("ResourceARN")
    if isinstance(arn, str) and arn:
        return [Check(action, arn, ctx)]
    if "consumer" in types:
        consumer = consumer_arn(where, params)
        if consumer is not None:
            return [Check(action, consumer, ctx)]
    if "stream" in types:
        stream = stream_arn(where, params)
        if stream is not None:
            return [Check(action, stream, ctx)]
        if operation == "GetRecords":
            raise Undetermined(operation)
    if "channel" in types and isinstance(params.get("ChannelARN"), str):
        return [Check(action, params["ChannelARN"], ctx)]
    return [Check(action, "*", ctx)]
