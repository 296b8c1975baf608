import datetime as dt
import re
import types
import typing

from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import BeforeValidator, field_validator, model_validator
from pydantic_core import PydanticCustomError


class Error(Schema):
    code: str
    message: str
    fields: dict[str, str] = {}


class Ok(Schema):
    ok: bool = True
    message: str = ""


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}
GATEWAY_ERRORS = {**ERRORS, 503: Error}  # operations that wait on the payment gateway or a courier


class Input(Schema):
    """A request body: a JSON object whose values have the documented types. Ninja's schemas
    read any value by attribute, so a body of `[null, null]`, `null` or `12` would pass as an
    object whose fields all took defaults; and lax parsing takes `false` or `"3"` for a number."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values, handler, info):  # replaces Schema's, which takes anything
        if not isinstance(values, dict):
            raise ValueError("Harus berupa objek JSON.")
        return handler(DjangoGetter(values, cls, info.context))

    @field_validator("*", mode="before")
    @classmethod
    def _numbers_are_numbers(cls, value, info):
        """An integer field takes a JSON number with no fraction (`3`, `3.0`), nothing else."""
        annotation = cls.model_fields[info.field_name].annotation
        union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
        kinds = set(typing.get_args(annotation)) if union else {annotation}
        if int in kinds and value is not None:
            if isinstance(value, bool) or not (
                isinstance(value, int) or (isinstance(value, float) and value.is_integer())
            ):
                raise ValueError("Harus berupa bilangan bulat.")
        if bool in kinds and value is not None and not isinstance(value, bool):  # not "yes", 1 or "0"
            raise ValueError("Harus berupa true atau false.")
        return value


def _iso_day(value):
    """A day as the document says (`format: date`): "2026-11-11", never a number of seconds."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    raise PydanticCustomError("date_format", "Tanggal harus berformat TTTT-BB-HH.")


# A date in a query or a body; pydantic alone reads 0 as 1970-01-01.
Day = typing.Annotated[dt.date, BeforeValidator(_iso_day)]
