from ninja import Schema
from pydantic import model_validator


class Error(Schema):
    code: str
    message: str
    fields: dict[str, str] = {}


class Ok(Schema):
    ok: bool = True
    message: str = ""


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


class Input(Schema):
    """A request body: a JSON object. Ninja's schemas read any value by attribute, so a body
    of `[null, null]`, `null` or `12` would pass as an object whose fields all took defaults."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data):
        if not isinstance(data, dict):
            raise ValueError("Harus berupa objek JSON.")
        return data
