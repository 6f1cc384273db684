"""Pagination parameters shared by the listings: limit/offset with a cap from settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Query, status

from api.deps import SettingsDep


def page_limit(
    settings: SettingsDep,
    limit: Annotated[
        int | None, Query(ge=1, description="Page size (default and cap from settings).")
    ] = None,
) -> int:
    """The page size asked for, ``page_size`` by default; more than ``max_page_size`` is refused."""
    if limit is None:
        return settings.page_size
    if limit > settings.max_page_size:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"limit must be at most {settings.max_page_size}, found {limit}",
        )
    return limit


def page_offset(offset: Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")] = 0) -> int:
    return offset


LimitDep = Annotated[int, Depends(page_limit)]
OffsetDep = Annotated[int, Depends(page_offset)]
