"""Absolute links, WhatsApp share links and QR codes for products and demands.

Links put in notices, emails and QR codes must work outside the site: they start with
`settings.SITE_URL` when it is set, else with the address of the request that made them.
"""

import io
from urllib.parse import quote

import segno
from django.conf import settings


def site_root(request=None):
    """Scheme and host without a trailing slash ("https://ikm.tubankab.go.id")."""
    root = getattr(settings, "SITE_URL", "") or ""
    if not root and request is not None:
        root = request.build_absolute_uri("/")
    return root.rstrip("/")


def absolute(path, request=None, root=None):
    if path.startswith(("http://", "https://")):
        return path
    return f"{root if root is not None else site_root(request)}{path}"


def whatsapp_url(text, url=""):
    """A wa.me link that opens WhatsApp with `text` (and the link) ready to send to anyone."""
    message = f"{text}\n{url}" if url else text
    return f"https://wa.me/?text={quote(message, safe='')}"


def qr_svg(url, *, scale=4):
    """The QR code of `url` as an inline SVG element (no XML declaration), drawn on the server."""
    return segno.make(url, error="m").svg_inline(scale=scale, dark="#000", light="#fff")


def qr_file(url, kind):
    """(bytes, content type) of the QR code of `url` as a printable PNG or SVG file."""
    code = segno.make(url, error="m")
    output = io.BytesIO()
    if kind == "png":
        code.save(output, kind="png", scale=12, border=4)
        return output.getvalue(), "image/png"
    code.save(output, kind="svg", scale=12, border=4, xmldecl=True)
    return output.getvalue(), "image/svg+xml"
