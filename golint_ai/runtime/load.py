"""Read evidence from a file or fetch it over HTTP.

URLs are fetched only from loopback addresses (``127.0.0.0/8``, ``::1``, ``localhost``)
unless the host is explicitly allowed (``--evidence-allow-host``, or ``allow-hosts``
under ``[tool.golint-ai.evidence]``): a debug endpoint is normally reached through a
port-forward, and a linter should not be turned into a client of arbitrary hosts.
Redirects are not followed; the answer is read up to a size limit, within a timeout.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from urllib.parse import urlsplit

from golint_ai.runtime.dump import Dump, EvidenceError, parse_dump

MAX_BYTES = 1 << 30  # 1 GiB: a 100,000-goroutine dump is well under 100 MiB
DEFAULT_TIMEOUT_S = 10.0


def is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def load_evidence(spec: str, *, allow_hosts: tuple[str, ...] = (), timeout: float = DEFAULT_TIMEOUT_S) -> Dump:
    """The parsed dump of a file or URL; :class:`EvidenceError` on any problem."""
    data = fetch(spec, allow_hosts=allow_hosts, timeout=timeout) if is_url(spec) else read_file(spec)
    return parse_dump(data, spec)


def read_file(path: str) -> bytes:
    try:
        if os.path.isdir(path):
            raise EvidenceError(f"{path}: is a directory, not a goroutine dump")
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise EvidenceError(f"{path}: larger than {MAX_BYTES >> 20} MiB; not read")
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise EvidenceError(f"{path}: cannot read evidence: {exc.strerror or exc}") from None


def _loopback(host: str) -> bool:
    h = host.strip("[]")
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        pass
    if h.lower() != "localhost":
        return False
    try:
        infos = socket.getaddrinfo(h, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(i[4][0].split("%", 1)[0]).is_loopback for i in infos)




def fetch(url: str, *, allow_hosts: tuple[str, ...] = (), timeout: float = DEFAULT_TIMEOUT_S) -> bytes:
    import urllib.error
    import urllib.request

    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        raise EvidenceError(f"{url}: not an http(s) URL")
    allowed = {h.lower() for h in allow_hosts}
    if not _loopback(host) and host.lower() not in allowed:
        raise EvidenceError(
            f"{url}: {host} is not a loopback address; fetch only from 127.0.0.1/localhost "
            "(port-forward the debug endpoint) or allow the host with --evidence-allow-host"
        )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D401
            raise EvidenceError(f"{url}: redirected to {newurl}; redirects are not followed")

    opener = urllib.request.build_opener(NoRedirect, urllib.request.ProxyHandler({}))
    try:
        with opener.open(urllib.request.Request(url, headers={"User-Agent": "golint-ai"}), timeout=timeout) as resp:
            data = resp.read(MAX_BYTES + 1)
    except EvidenceError:
        raise
    except urllib.error.HTTPError as exc:
        raise EvidenceError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        raise EvidenceError(f"{url}: cannot fetch: {getattr(reason, 'strerror', None) or reason}") from None
    except (OSError, socket.timeout) as exc:
        raise EvidenceError(f"{url}: cannot fetch: {exc}") from None
    if len(data) > MAX_BYTES:
        raise EvidenceError(f"{url}: answer larger than {MAX_BYTES >> 20} MiB; not read")
    return data
