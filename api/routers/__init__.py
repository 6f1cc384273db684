"""API routers, one module per area. ``api.app.create_app`` includes every router named here."""

from __future__ import annotations

# "module:attribute" of each APIRouter, included in this order.
ROUTERS: list[str] = [
    "api.routers.home:router",
    "api.routers.sparql:router",
    "api.routers.deployments:router",
    "api.routers.entities:router",
    "api.routers.places:router",
    "api.routers.articles:router",
    "api.routers.stats:router",
    "api.routers.analysis:router",
    "api.routers.graph:router",
    "api.routers.viewer:router",
    "api.routers.pages:router",
    "api.routers.map:router",
]
