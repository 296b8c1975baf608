from ninja import Schema


class Error(Schema):
    code: str
    message: str
    fields: dict[str, str] = {}


class Ok(Schema):
    ok: bool = True
    message: str = ""


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error, 503: Error}
