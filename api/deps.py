"""Dependencies of the routes, as Annotated aliases (``SettingsDep``, ``StoreDep`` ...)."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status

from api.endpoint.pool import CallJob, QueryRunner
from kg.settings import Settings
from kg.store.base import Store


def get_settings_dep(request: Request) -> Settings:
    """The settings the application was created with."""
    return request.app.state.settings  # type: ignore[no-any-return]


def get_store(request: Request) -> Store:
    """The store the application serves."""
    return request.app.state.store  # type: ignore[no-any-return]


def get_runner(request: Request) -> QueryRunner:
    """Where protocol queries run (worker processes for the embedded store)."""
    return request.app.state.runner  # type: ignore[no-any-return]


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
StoreDep = Annotated[Store, Depends(get_store)]
RunnerDep = Annotated[QueryRunner, Depends(get_runner)]


class Worker:
    """What a REST route needs to run its function in a worker, under the time limit."""

    def __init__(self, runner: RunnerDep, settings: SettingsDep):
        self.runner = runner
        self.settings = settings

    async def __call__(self, function: str, /, *args: Any, **kwargs: Any) -> Any:
        """``function(store, *args, **kwargs)`` in a worker (its current store); 503 past ``query_timeout``."""
        return await self.runner.call(CallJob(function, args, kwargs), self.settings.query_timeout)

    async def analysis(self, function: str, /, *args: Any, **kwargs: Any) -> Any:
        """The same under ``analysis_timeout``: building a view of the whole graph (viewer, exports,
        measures) takes longer than a lookup, tens of seconds at 10^4 nodes the first time."""
        return await self.runner.call(CallJob(function, args, kwargs), self.settings.analysis_timeout)


WorkerDep = Annotated[Worker, Depends(Worker)]


def require_writer(request: Request, settings: SettingsDep) -> None:
    """Allow a write only with the configured bearer token.

    No token configured: writing is off (403). Token configured but missing or
    malformed: 401 with a challenge. Wrong token: 403.
    """
    if not settings.write_token:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "writing is disabled on this server (set KG_WRITE_TOKEN to enable it)"
        )
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "a bearer token is required to write",
            headers={"WWW-Authenticate": 'Bearer realm="frontline-kg"'},
        )
    # constant-time comparison: the token is a secret
    if not hmac.compare_digest(token.strip().encode(), settings.write_token.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "the bearer token is not valid for writing")


WriterDep = Annotated[None, Depends(require_writer)]
