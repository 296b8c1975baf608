"""The OpenAPI document: Ninja's, plus the error answers the layers around the views give.

Each operation's own errors are declared on its route (core.schemas.ERRORS); the answers
that come from sign-in, input validation, the rate limits and the waiting room are added
here, for every operation they apply to, so the document cannot forget them.
"""

from http.client import responses

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from niaga.core import throttle, waitingroom
from niaga.core.schemas import Error

SIGN_IN = ("/auth/token", "/auth/login")  # counted by the lockout (accounts/lockout.py)


def shared_errors(path: str, method: str, operation: dict) -> dict[int, str]:
    """The error answers an operation gives whatever its view does, from the layers around it."""
    errors = {400: "Permintaan tidak dapat dibaca (JSON rusak, karakter NUL) atau ditolak aturan."}
    if operation.get("security"):
        errors[401] = (
            "Belum masuk, atau token tidak dikenal, kedaluwarsa atau dicabut (`unauthorized`, `invalid_token`)."
        )
        errors[403] = (
            "Tidak diizinkan, token CSRF sesi tidak valid, atau token API tanpa izin (scope) yang dibutuhkan "
            "(`forbidden`, `csrf_failed`, `scope_missing`)."
        )
    if "{" in path:
        errors[404] = "Tidak ditemukan (atau bukan milik pengguna ini)."
    if operation.get("parameters") or operation.get("requestBody"):
        errors[422] = "Data yang dikirim tidak valid; `fields` menyebut yang salah."
    if throttle.limited(path, method.upper()):
        errors[429] = "Terlalu banyak permintaan; coba lagi setelah `Retry-After` detik."
        if path.endswith(SIGN_IN):
            errors[429] = (
                "Terlalu banyak permintaan (`rate_limited`), atau akun/alamat dikunci setelah percobaan masuk "
                "yang gagal (`locked`, juga untuk kata sandi yang benar); coba lagi setelah `Retry-After` detik."
            )
    if waitingroom.protects(path):
        errors[503] = "Antrean ramai (ruang tunggu); coba lagi setelah `Retry-After` detik."
    return errors


RETRY_AFTER = {
    "Retry-After": {"description": "Detik sebelum mencoba lagi.", "schema": {"type": "integer"}, "required": True}
}


class Document(OpenAPISchema):
    """Ninja's document, plus the error answers shared by many operations (shared_errors)."""

    def get_paths(self) -> dict:
        paths = super().get_paths()
        self.add_schema_definitions({"Error": Error.model_json_schema(mode="serialization")})
        error = {"$ref": "#/components/schemas/Error"}
        for path, operations in paths.items():
            for method, operation in operations.items():
                answers = operation["responses"]
                for status, description in shared_errors(path, method, operation).items():
                    answer = answers.setdefault(status, {"description": responses[status]})
                    answer["description"] = description
                    answer.setdefault("content", {"application/json": {"schema": error}})
                    if status in (429, 503):
                        answer["headers"] = RETRY_AFTER
        return paths


class NiagaAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return Document(self, path_prefix)
