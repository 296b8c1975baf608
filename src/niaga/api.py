"""The HTTP API under /api/v1/: one Ninja API, one router per app."""

from ninja import NinjaAPI

api = NinjaAPI(title="Niaga API", version="1", urls_namespace="api")
