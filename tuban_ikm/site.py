"""Absolute links for whatever leaves the site: emails, WhatsApp share links, printed links.

Every such link starts with settings.SITE_URL (e.g. https://ikm.tubankab.go.id), never with
the request's Host header (the client's to choose) and never relative (an email client or a
WhatsApp chat has no page to resolve it against). Cron jobs have no request at all.
"""

from urllib.parse import quote

from django.conf import settings

WHATSAPP_SHARE = "https://wa.me/"


def site_url():
    return (getattr(settings, "SITE_URL", "") or "").rstrip("/")


def absolute_url(path, request=None):
    """`path` ("/akun/pemberitahuan/") with SITE_URL in front. Without SITE_URL (a
    misconfigured production, warned about by check tuban_ikm.W001) the request's address
    is the fallback, then the bare path. An absolute `path` is returned unchanged."""
    path = str(path or "")
    if path.startswith(("http://", "https://")):
        return path
    base = site_url()
    if base:
        return base + (path if path.startswith("/") else "/" + path)
    if request is not None:
        return request.build_absolute_uri(path or "/")
    return path


def whatsapp_share_url(text, path="", request=None):
    """A wa.me link that opens WhatsApp with `text` and the absolute link to `path`, for the
    person to pick the chat (no number: the owner shares with whoever they want)."""
    parts = [str(text).strip()]
    if path:
        parts.append(absolute_url(path, request))
    return WHATSAPP_SHARE + "?text=" + quote("\n".join(part for part in parts if part), safe="")


def whatsapp_chat_url(number, text=""):
    """A wa.me link to one number (+62812... becomes 62812...), e.g. Dinas's WhatsApp."""
    digits = "".join(ch for ch in str(number) if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    if not digits:
        return ""
    return WHATSAPP_SHARE + digits + ("?text=" + quote(str(text), safe="") if text else "")
