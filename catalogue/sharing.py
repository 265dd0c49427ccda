"""Absolute links, WhatsApp share links and QR codes for products and demands.

Links put in notices, emails and QR codes must work outside the site: they start with
`settings.SITE_URL` when it is set, else with the address of the request that made them.
"""

import io

import segno

from tuban_ikm.site import absolute_url, site_url, whatsapp_share_url


def site_root(request=None):
    """Scheme and host without a trailing slash ("https://ikm.tubankab.go.id")."""
    return site_url() or (request.build_absolute_uri("/").rstrip("/") if request is not None else "")


def absolute(path, request=None, root=None):
    if root is not None and not path.startswith(("http://", "https://")):
        return f"{root}{path}"
    return absolute_url(path, request)


def whatsapp_url(text, url=""):
    """A wa.me link that opens WhatsApp with `text` (and the link) ready to send to anyone."""
    return whatsapp_share_url(text, url)


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
