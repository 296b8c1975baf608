from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import ConfigDict, model_validator


class Error(Schema):
    code: str
    message: str
    fields: dict[str, str] = {}


class Ok(Schema):
    ok: bool = True
    message: str = ""


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


class Input(Schema):
    """A request body: a JSON object whose values have the documented types. Ninja's schemas
    read any value by attribute, so a body of `[null, null]`, `null` or `12` would pass as an
    object whose fields all took defaults; and lax parsing takes `false` for the id 0."""

    model_config = ConfigDict(strict=True)

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values, handler, info):  # replaces Schema's, which takes anything
        if not isinstance(values, dict):
            raise ValueError("Harus berupa objek JSON.")
        return handler(DjangoGetter(values, cls, info.context))
