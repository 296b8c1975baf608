"""Pictures a sheet names by URL, fetched by the import's job (never in a request).

A URL in a seller's sheet is the seller's to choose, so it is treated as hostile: http(s)
only, no credentials, a host that resolves only to public addresses (unless it is allowlisted
in NIAGA_IMPORT_IMAGE_HOSTS), checked again on the connected socket (a name that resolves to
a public address for the check and to a private one for the connection is refused there), a
few redirects each checked the same way, an image/* answer, and a body read in chunks up to
NIAGA_IMPORT_IMAGE_MAX_BYTES within an overall deadline.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from urllib.parse import SplitResult, urljoin, urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import HTTPError, ReadTimeoutError

from niaga.core import images

MAX_BYTES = images.MAX_BYTES  # NIAGA_IMPORT_IMAGE_MAX_BYTES; an upload may have no more
MAX_URL_LENGTH = 2000
MAX_REDIRECTS = 3  # NIAGA_IMPORT_IMAGE_MAX_REDIRECTS
CONNECT_SECONDS = 5.0  # NIAGA_IMPORT_IMAGE_CONNECT_SECONDS
READ_SECONDS = 10.0  # NIAGA_IMPORT_IMAGE_READ_SECONDS: the longest wait for the next bytes
TOTAL_SECONDS = 30.0  # NIAGA_IMPORT_IMAGE_TOTAL_SECONDS: a server dripping bytes is cut off here
CHUNK = 64 * 1024
USER_AGENT = "Niaga-Impor/1.0 (+impor katalog)"

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_OTHER_SCHEMES = {"file", "data", "javascript", "ftp", "mailto", "gopher", "ldap", "dict", "sftp", "smb"}


class Refused(Exception):
    """A URL not fetched; `reason` is what the seller reads, in Bahasa Indonesia."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _PrivatePeer(Exception):
    """Raised from the connection itself: not an OSError, so urllib3 does not retry it."""


@dataclass(frozen=True)
class Got:
    data: bytes
    content_type: str
    url: str  # after redirects


def _setting(name: str, default):
    return getattr(settings, name, default)


def looks_like_url(cell: str) -> bool:
    """A cell that names a URL rather than a file in the ZIP ("C:\\foto.jpg" is a file)."""
    found = _SCHEME.match(cell)
    if not found or len(found.group(1)) < 2:
        return False
    return cell[found.end() :].startswith("//") or found.group(1).lower() in _OTHER_SCHEMES


def allowed_hosts() -> set[str]:
    return {h.strip().lower().rstrip(".") for h in _setting("NIAGA_IMPORT_IMAGE_HOSTS", []) if h.strip()}


def check(url: str) -> SplitResult:
    """The URL's form alone: http(s), a host, no user or password, not absurdly long."""
    if len(url) > MAX_URL_LENGTH:
        raise Refused(f"URL terlalu panjang (maks. {MAX_URL_LENGTH:,} karakter)".replace(",", "."))
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (a port that is not a number raises here)
    except ValueError:
        raise Refused("URL tidak sah") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise Refused("hanya URL http:// atau https:// yang didukung")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise Refused("URL tidak boleh memuat nama pengguna atau kata sandi")
    if not parts.hostname:
        raise Refused("URL tanpa nama host")
    return parts


def public(address: str) -> bool:
    """An address anyone on the internet could reach: not loopback, private, link-local,
    multicast, reserved or unspecified (an IPv4 address inside IPv6 judged as itself)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _addresses(host: str, port: int) -> list[str]:
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def guard(parts: SplitResult) -> None:
    """Refuse a host that resolves to any address that is not public, unless it is allowlisted."""
    host = (parts.hostname or "").rstrip(".")
    if host in allowed_hosts():
        return
    try:
        found = _addresses(host, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError):
        raise Refused("nama host tidak dikenal") from None
    if not found or not all(public(a) for a in found):
        raise Refused("alamat jaringan lokal atau privat tidak diizinkan")


class _Checked:
    """The connected socket's peer is checked too, so DNS cannot point elsewhere after guard()."""

    host: str

    def _new_conn(self):
        sock = super()._new_conn()  # type: ignore[misc]
        peer = sock.getpeername()[0]
        if self.host.lower().rstrip(".") not in allowed_hosts() and not public(peer):
            sock.close()
            raise _PrivatePeer(peer)
        return sock


class _HTTPConnection(_Checked, HTTPConnection):
    pass


class _HTTPSConnection(_Checked, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _Adapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}


def session() -> requests.Session:
    """A session for fetching pictures: no proxies or .netrc from the environment (the peer
    checked must be the server itself), every connection checked."""
    s = requests.Session()
    s.trust_env = False
    s.headers.update({"User-Agent": USER_AGENT, "Accept": "image/*"})
    adapter = _Adapter(max_retries=0)
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    return s


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".removesuffix(".0").replace(".", ",") + " MB"


def get(url: str, *, using: requests.Session | None = None) -> Got:
    """The picture at `url`, or Refused with the reason."""
    cap = min(int(_setting("NIAGA_IMPORT_IMAGE_MAX_BYTES", MAX_BYTES)), images.MAX_BYTES)
    redirects = int(_setting("NIAGA_IMPORT_IMAGE_MAX_REDIRECTS", MAX_REDIRECTS))
    timeout = (
        float(_setting("NIAGA_IMPORT_IMAGE_CONNECT_SECONDS", CONNECT_SECONDS)),
        float(_setting("NIAGA_IMPORT_IMAGE_READ_SECONDS", READ_SECONDS)),
    )
    deadline = time.monotonic() + float(_setting("NIAGA_IMPORT_IMAGE_TOTAL_SECONDS", TOTAL_SECONDS))
    http = using or session()
    try:
        for _ in range(redirects + 1):
            guard(check(url))
            with http.get(url, stream=True, timeout=timeout, allow_redirects=False) as answer:
                if answer.is_redirect:
                    url = urljoin(url, answer.headers.get("Location", ""))
                    continue
                return _body(answer, url, cap, deadline)
        raise Refused(f"terlalu banyak pengalihan (maks. {redirects})")
    except _PrivatePeer:
        raise Refused("alamat jaringan lokal atau privat tidak diizinkan") from None
    except requests.Timeout:
        raise Refused("waktu habis") from None
    except requests.exceptions.SSLError:
        raise Refused("sertifikat HTTPS server tidak sah") from None
    except requests.ConnectionError:
        raise Refused("server tidak bisa dihubungi") from None
    except ReadTimeoutError:
        raise Refused("waktu habis") from None  # reading the body
    except (requests.RequestException, HTTPError):
        raise Refused("jawaban server tidak bisa dibaca") from None
    finally:
        if using is None:
            http.close()


def _body(answer: requests.Response, url: str, cap: int, deadline: float) -> Got:
    if answer.status_code == 404:
        raise Refused("tidak ditemukan (HTTP 404)")
    if answer.status_code != 200:
        raise Refused(f"server menjawab HTTP {answer.status_code}")
    kind = answer.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
    if not kind.startswith("image/"):
        raise Refused(f"bukan gambar (jenis isi: {kind or 'tidak disebut'})")
    declared = answer.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > cap:
        raise Refused(f"lebih dari {_megabytes(cap)}")
    chunks: list[bytes] = []
    size = 0
    while chunk := answer.raw.read1(CHUNK, decode_content=True):  # what one read gave: a drip meets the deadline
        size += len(chunk)
        if size > cap:
            raise Refused(f"lebih dari {_megabytes(cap)}")
        if time.monotonic() > deadline:
            raise Refused("waktu habis")
        chunks.append(chunk)
    return Got(data=b"".join(chunks), content_type=kind, url=url)
