"""Reads for the owner area: likely duplicates before a business is created, and the
profile sections with their done/missing state."""

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Business
from .validators import digits_only, normalize_phone

# Words that say what kind of entity a business is rather than which one it is:
# "UD. Batik Sekar", "CV Batik Sekar" and "Batik Sekar" are the same name.
NAME_NOISE_WORDS = {
    "ud",
    "cv",
    "pt",
    "pd",
    "fa",
    "firma",
    "kop",
    "koperasi",
    "kud",
    "ukm",
    "ikm",
    "umkm",
    "usaha",
    "toko",
    "home",
    "industri",
    "industry",
    "perorangan",
}
SIMILAR_NAME_RATIO = 0.85


def normalize_business_name(name):
    """ "U.D. Batik-Sekar  Gedog" -> "batik sekar gedog"."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    # Dotted abbreviations first, so that "U.D." becomes the word "ud" and is dropped.
    text = re.sub(r"\b([a-z])\.([a-z])\.?", r"\1\2", text)
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(word for word in words if word not in NAME_NOISE_WORDS)


def names_are_similar(first, second):
    a, b = normalize_business_name(first), normalize_business_name(second)
    if not a or not b:
        return False
    if a == b or a.replace(" ", "") == b.replace(" ", ""):
        return True
    return SequenceMatcher(None, a, b).ratio() >= SIMILAR_NAME_RATIO


def mask_phone(phone):
    """ "+6281234567890" -> "+62812****7890": enough to recognise one's own number, not to call it."""
    phone = phone or ""
    if len(phone) <= 8:
        return "*" * len(phone)
    return phone[:6] + "*" * max(len(phone) - 10, 4) + phone[-4:]


def find_duplicate_candidates(*, nib=None, phone=None, name, desa):
    """Businesses that are probably the one about to be created: the same NIB, the same
    phone number (compared in its +62 form), or a similar name in the same desa.

    One query. Name similarity is judged in Python over the businesses of that desa (a few
    hundred at most), so it behaves the same on SQLite and PostgreSQL. Each candidate gets
    `match_reasons` (labels) and `masked_phone`.
    """
    nib = digits_only(nib) or None
    try:
        phone = normalize_phone(phone) if phone else None
    except ValidationError:
        phone = None
    desa_id = getattr(desa, "pk", desa)

    condition = Q()
    if nib:
        condition |= Q(nib=nib)
    if phone:
        condition |= Q(phone=phone)
    if desa_id and name:
        condition |= Q(desa_id=desa_id)
    if not condition:
        return []

    rows = (
        Business.objects.filter(condition)
        .select_related("desa__kecamatan")
        .only("name", "nib", "phone", "desa__name", "desa__kecamatan__name")
        .order_by("name", "pk")
    )
    candidates = []
    for business in rows:
        reasons = []
        if nib and business.nib == nib:
            reasons.append(_("NIB sama"))
        if phone and business.phone == phone:
            reasons.append(_("Nomor telepon sama"))
        if desa_id and business.desa_id == desa_id and names_are_similar(name, business.name):
            reasons.append(_("Nama mirip di desa yang sama"))
        if reasons:
            business.match_reasons = reasons
            business.masked_phone = mask_phone(business.phone)
            candidates.append(business)
    return candidates


# --- Profile sections -----------------------------------------------------------------


@dataclass
class Section:
    key: str
    label: str
    url: str
    state: str  # "done", "missing" or "optional" (nothing in it counts for completeness)
    missing: list
    url_name: str = ""
    active: bool = False


# (completeness section key, label, url name). Products have their own pages.
SECTIONS = [
    ("identity", _("Identitas usaha"), "owner:identity"),
    ("location", _("Lokasi"), "owner:location"),
    ("workers", _("Tenaga kerja dan investasi"), "owner:workers"),
    ("products", _("Produk"), "owner:product_list"),
    ("needs", _("Kebutuhan"), "owner:needs"),
    ("assistance", _("Bantuan yang diterima"), "owner:assistance"),
    ("publication", _("Data yang ditampilkan"), "owner:publication"),
]
SECTION_URL_NAMES = {key: url_name for key, _label, url_name in SECTIONS}
# Completeness and e-katalog checks name "certifications"; those live with each product.
SECTION_URL_NAMES["certifications"] = "owner:product_list"


def section_url(business, section, product=None):
    """The page where a missing item is filled in; for a product's own items its pages."""
    if product is not None and section == "products":
        return reverse("owner:product_edit", kwargs={"pk": business.pk, "product_pk": product.pk})
    if product is not None and section == "certifications":
        return reverse("owner:product_certifications", kwargs={"pk": business.pk, "product_pk": product.pk})
    return reverse(SECTION_URL_NAMES.get(section, "owner:business_overview"), kwargs={"pk": business.pk})


def profile_sections(business, completeness):
    sections = []
    for key, label, url_name in SECTIONS:
        checks = [check for check in completeness.checks if check.section == key]
        missing = [check for check in checks if not check.ok]
        state = "optional" if not checks else ("missing" if missing else "done")
        url = reverse(url_name, kwargs={"pk": business.pk})
        sections.append(Section(key, label, url, state, missing, url_name.split(":")[1]))
    return sections


# Which section holds a field Dinas may ask to fix (`Business.fields_to_fix` keys).
FIELD_SECTIONS = {
    **dict.fromkeys(
        [
            "name",
            "brand",
            "legal_form",
            "nib",
            "npwp",
            "kbli",
            "year_started",
            "owner_name",
            "owner_gender",
            "phone",
            "email",
            "contact",
        ],
        "identity",
    ),
    **dict.fromkeys(["desa", "kecamatan", "address", "latitude", "longitude"], "location"),
    **dict.fromkeys(
        ["workers", "workers_male", "workers_female", "investment", "land_building_value", "yearly_sales"], "workers"
    ),
    **dict.fromkeys(["products", "product_details", "product_photos", "markets", "production"], "products"),
    **dict.fromkeys(["publish_phone", "publish_email", "publish_address"], "publication"),
    "needs": "needs",
    "assistance": "assistance",
}


def fields_to_fix_items(business, completeness=None):
    """Dinas's `fields_to_fix` keys as (label, url) for the owner. Keys may be Business field
    names, completeness check keys or section keys; unknown keys are shown as they are."""
    check_labels = {check.key: check.label for check in (completeness.checks if completeness else [])}
    section_labels = {key: label for key, label, _url in SECTIONS}
    items = []
    for key in business.fields_to_fix or []:
        key = str(key)
        try:
            label = str(Business._meta.get_field(key).verbose_name)
            label = label[:1].upper() + label[1:]
        except FieldDoesNotExist:
            label = check_labels.get(key) or section_labels.get(key) or key
        section = FIELD_SECTIONS.get(key, key if key in section_labels else None)
        items.append((label, section_url(business, section) if section else None))
    return items
