"""A small image server on 127.0.0.1 for the tests, in a thread: each path one behaviour of a
server a seller's sheet might point at, and a count of what was asked."""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class PictureServer:
    def __init__(self, pictures: dict[str, bytes], media_root: str | None = None) -> None:
        self.pictures = pictures  # path → JPEG/PNG bytes served as image/*
        self.media_root = media_root  # /media/… served from here (an export's links)
        self.hits: Counter[str] = Counter()
        self.sent: dict[str, int] = {}  # bytes a streaming path managed to send before the client left
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                server.hits[path] += 1
                server.answer(self, path)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> PictureServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _send(self, h, status: int, body: bytes, kind: str, **headers: str) -> None:
        h.send_response(status)
        h.send_header("Content-Type", kind)
        h.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            h.send_header(name.replace("_", "-"), value)
        h.end_headers()
        h.wfile.write(body)

    def answer(self, h, path: str) -> None:
        if path in self.pictures:
            kind = "image/png" if path.endswith(".png") else "image/jpeg"
            return self._send(h, 200, self.pictures[path], kind)
        if path.startswith("/media/") and self.media_root:
            file = Path(self.media_root, path.removeprefix("/media/"))
            if file.is_file():
                return self._send(h, 200, file.read_bytes(), "image/jpeg")
        if path == "/lambat.jpg":  # answers after the read timeout
            time.sleep(1.5)
            return self._send(h, 200, self.pictures.get("/kaos.jpg", b""), "image/jpeg")
        if path == "/menetes.jpg":  # headers at once, then a byte at a time: under the read timeout, over the total
            h.send_response(200)
            h.send_header("Content-Type", "image/jpeg")
            h.send_header("Content-Length", "1000")
            h.end_headers()
            for _ in range(40):
                try:
                    h.wfile.write(b"\xff")
                    h.wfile.flush()
                except OSError:
                    return
                time.sleep(0.1)
            return
        if path == "/besar.jpg":  # no Content-Length, 50 MB if the client kept reading
            h.send_response(200)
            h.send_header("Content-Type", "image/jpeg")
            h.send_header("Connection", "close")
            h.end_headers()
            sent = 0
            try:
                for _ in range(800):
                    h.wfile.write(b"\0" * 65536)
                    sent += 65536
            except OSError:
                pass
            self.sent[path] = sent
            h.close_connection = True
            return
        if path == "/halaman.html":
            return self._send(h, 200, b"<html><body>bukan gambar</body></html>", "text/html; charset=utf-8")
        if path == "/ke-lokal.jpg":  # a redirect to a name that resolves to loopback (not allowlisted)
            return self._send(h, 302, b"", "text/plain", Location=f"http://localhost:{self.port}/kaos.jpg")
        if path == "/ke-metadata.jpg":
            return self._send(h, 302, b"", "text/plain", Location="http://169.254.169.254/latest/meta-data/")
        if path == "/pindah.jpg":  # a redirect within the allowlisted host: followed
            return self._send(h, 301, b"", "text/plain", Location="/kaos.jpg")
        if path == "/putar.jpg":
            return self._send(h, 302, b"", "text/plain", Location="/putar.jpg")
        if path == "/rusak.jpg":  # says image/jpeg, is not one
            return self._send(h, 200, b"GIF89a bukan gambar sungguhan", "image/jpeg")
        return self._send(h, 404, b"tidak ada", "text/plain")
