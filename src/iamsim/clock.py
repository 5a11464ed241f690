"""Time at call time, read through the datetime module so freezegun and time-machine steer it."""

from __future__ import annotations

import datetime as _dt

from dateutil.tz import tzutc

UTC = tzutc()
_zone: _dt.tzinfo | None = None
_zone_is_utc = True


def _response_zone() -> _dt.tzinfo:
    """The tzinfo botocore's parser gives an IAM 'Z' timestamp on this machine (tzutc, or
    tzlocal when the local zone is UTC); the fast path must hand out the same."""
    global _zone, _zone_is_utc
    if _zone is None:
        from botocore.utils import parse_timestamp

        sample = parse_timestamp("2020-01-01T00:00:00Z")
        tz = sample.tzinfo if sample.tzinfo is not None else UTC
        _zone_is_utc = tz.utcoffset(sample) == _dt.timedelta(0)
        _zone = tz
    return _zone


def now() -> _dt.datetime:
    """Current time at second precision, as IAM reports it."""
    zone = _zone or _response_zone()
    t = _dt.datetime.now(_dt.timezone.utc)
    if _zone_is_utc:
        # tzutc, or tzlocal on a UTC machine: relabel instead of converting. Built anew (of
        # the type now() gave) rather than with replace(), which costs twice as much.
        return type(t)(t.year, t.month, t.day, t.hour, t.minute, t.second, 0, zone)
    return t.replace(microsecond=0).astimezone(zone)


def iso(t: _dt.datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
