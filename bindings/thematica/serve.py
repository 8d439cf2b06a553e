"""``python -m thematica.serve STUDY [--port 8765] [--open] [--host H --allow-remote]``:
the coding surface as a local web page (what ``thematica serve`` runs).

Built on the standard library (http.server's ThreadingHTTPServer): no
dependency to install. It binds 127.0.0.1 unless told otherwise, answers only
requests whose Host is its own address (no DNS rebinding) and whose Origin, when
sent, is its own; every API call must carry the per-server token that the page
it served holds. Changes are applied one at a time under the session's lock and
saved atomically after each."""

from __future__ import annotations

import argparse
import errno
import json
import secrets
import sys
import threading
import webbrowser
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional
from urllib.parse import parse_qs, urlsplit

from .surface import Session, asset

MAX_BODY = 4 * 1024 * 1024
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
       "frame-ancestors 'none'")


class SurfaceServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, session: Session, host: str, port: int, allow_remote: bool) -> None:
        super().__init__((host, port), Handler)
        self.session = session
        self.token = secrets.token_urlsafe(24)
        self.allow_remote = allow_remote
        port = int(self.server_address[1])
        names = list(LOCAL_HOSTS)
        if host not in ("127.0.0.1", "localhost", "::1"):
            names.append(f"[{host}]" if ":" in host else host)
        self.allowed_hosts = {f"{n}:{port}" for n in names}

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser dropping a kept-alive connection is not an error worth a traceback.
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        host, port = str(self.server_address[0]), int(self.server_address[1])
        shown = "127.0.0.1" if host in ("127.0.0.1", "0.0.0.0") else host
        if ":" in shown:
            shown = f"[{shown}]"
        url = f"http://{shown}:{port}/"
        return url + f"?token={self.token}" if self.allow_remote else url


class Handler(BaseHTTPRequestHandler):
    server: SurfaceServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # Quiet: the terminal shows errors only.
        pass

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy", CSP)
        self.end_headers()
        self.wfile.write(body)

    def _refuse(self, status: int, why: str) -> None:
        self._send(status, json.dumps({"error": why}).encode(), "application/json")

    def _host_ok(self) -> bool:
        # Remote mode serves whatever name the machine is reached by; the token
        # in the address (and on every API call) is the guard there.
        host = self.headers.get("Host", "")
        if not self.server.allow_remote and host not in self.server.allowed_hosts:
            self._refuse(HTTPStatus.MISDIRECTED_REQUEST, f"unexpected Host {host!r}")
            return False
        return True

    def do_GET(self) -> None:
        if not self._host_ok():
            return
        url = urlsplit(self.path)
        if url.path == "/":
            if self.server.allow_remote and parse_qs(url.query).get("token") != [self.server.token]:
                self._refuse(HTTPStatus.FORBIDDEN, "open the address with ?token= that the server printed")
                return
            page = asset("index.html").replace("{{token}}", self.server.token)
            self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8")
        elif url.path in ("/static/surface.js", "/static/page.js"):
            self._send(HTTPStatus.OK, asset(url.path[8:]).encode("utf-8"), "text/javascript; charset=utf-8")
        elif url.path == "/static/surface.css":
            self._send(HTTPStatus.OK, asset("surface.css").encode("utf-8"), "text/css; charset=utf-8")
        elif url.path == "/favicon.ico":
            self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
        else:
            self._refuse(HTTPStatus.NOT_FOUND, f"no page {url.path}")

    def do_POST(self) -> None:
        if not self._host_ok():
            return
        if urlsplit(self.path).path != "/api/action":
            self._refuse(HTTPStatus.NOT_FOUND, f"no endpoint {self.path}")
            return
        origin = self.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc != self.headers.get("Host"):
            self._refuse(HTTPStatus.FORBIDDEN, f"requests from {origin} are refused")
            return
        if self.headers.get("Sec-Fetch-Site") not in (None, "same-origin", "none"):
            self._refuse(HTTPStatus.FORBIDDEN, "cross-site requests are refused")
            return
        if not secrets.compare_digest(self.headers.get("X-Thematica-Token", ""), self.server.token):
            self._refuse(HTTPStatus.FORBIDDEN, "missing or wrong X-Thematica-Token")
            return
        if not self.headers.get("Content-Type", "").startswith("application/json"):
            self._refuse(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send application/json")
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "missing or too long a body")
            return
        try:
            message = json.loads(self.rfile.read(length))
        except (ValueError, UnicodeDecodeError) as e:
            self._refuse(HTTPStatus.BAD_REQUEST, f"not JSON: {e}")
            return
        session = self.server.session
        known = message.get("revision") if isinstance(message, dict) else None
        if isinstance(message, dict) and message.get("action") == "poll":
            # Cheap while nothing changed; the full state once another tab (or program) did.
            with session.lock:
                if known == session.revision and session.disk_changed() == bool(message.get("disk_changed")):
                    self._send(HTTPStatus.OK, b'{"unchanged": true}', "application/json")
                    return
            message = {**message, "action": "refresh"}
        state = session.handle(message)
        self._send(HTTPStatus.OK, json.dumps(state, ensure_ascii=False).encode("utf-8"),
                   "application/json; charset=utf-8")


def make_server(path: str, host: str = "127.0.0.1", port: int = 8765,
                allow_remote: bool = False) -> SurfaceServer:
    """A server for the study at `path` (not yet serving: call serve_forever)."""
    if host not in ("127.0.0.1", "localhost", "::1") and not allow_remote:
        raise ValueError(f"--host {host} would let other machines read and change the study; "
                         "add --allow-remote if that is what you want")
    session = Session.open(path)
    try:
        return SurfaceServer(session, host, port, allow_remote)
    except OSError as e:
        hint = " (pick another with --port)" if e.errno == errno.EADDRINUSE else ""
        raise OSError(e.errno, f"cannot listen on {host}:{port}: {e.strerror}{hint}") from None


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="thematica serve", description="Code a study in the browser: select text, apply codes.")
    parser.add_argument("study", metavar="STUDY", help="a .thematica or .json project")
    parser.add_argument("--port", type=int, default=8765, help="port (0: any free port; default 8765)")
    parser.add_argument("--open", action="store_true", help="open the page in the web browser")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--allow-remote", action="store_true",
                        help="allow --host to be an address other machines can reach")
    args = parser.parse_args(argv)
    try:
        server = make_server(args.study, args.host, args.port, args.allow_remote)
    except (OSError, ValueError, KeyError) as e:
        print(f"thematica serve: {e.strerror if isinstance(e, OSError) and e.strerror else e}",
              file=sys.stderr)
        return 2 if "--allow-remote" in str(e) else 1
    if args.allow_remote:
        print(f"thematica serve: WARNING: listening on {args.host}: anyone who can reach this address "
              "and has the token can read and change the study", file=sys.stderr, flush=True)
    print(f"thematica serve: coding {args.study} at {server.url} (Ctrl+C to stop)", flush=True)
    if args.open:
        threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
