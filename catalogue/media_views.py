"""Product photos at /media/produk/..., in production as in development.

Nothing else under MEDIA_URL is served: the view knows only the product photo folder, no
directory listing, no path outside it. The public catalogue is a published copy written at
verification, so a photo is public when a published product lists it; everybody may load
those, with long cache headers (names are random, a changed photo gets a new name). The
other photos of a product (added since the last verification) only for the people who may
see the product in the registry: the owner and staff.
"""

import hashlib
import re

from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from registry.models import Product, ProductPhoto
from tuban_ikm.files import extension

from .models import PublishedProduct

# produk/<product id>/<file name>: one folder level, a plain file name (no "..", no "/").
PHOTO_PATH = re.compile(r"^(?P<product>[0-9]{1,12})/(?P<file>[A-Za-z0-9_-][A-Za-z0-9_.-]{0,150})$")
# Owners' uploads are re-encoded to these (registry.product_forms); the admin also takes GIF.
PHOTO_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif"}
PUBLIC_CACHE = "public, max-age=31536000, immutable"
PRIVATE_CACHE = "private, max-age=3600"


def _is_published(name, product_id):
    # The product's own published rows (indexed), plus products deleted since their last
    # publication, which the catalogue still shows until the next one.
    rows = PublishedProduct.objects.filter(
        Q(product_id=product_id) | Q(product__isnull=True, photos__icontains=name)
    ).values_list("photos", flat=True)
    return any(name in (photos or []) for photos in rows)


def _may_see_unpublished(user, name):
    if not user.is_authenticated:
        return False
    return ProductPhoto.objects.filter(image=name, product__in=Product.objects.visible_to(user)).exists()


@require_safe
def product_photo(request, path):
    match = PHOTO_PATH.match(path)
    if not match or extension(path) not in PHOTO_TYPES:
        raise Http404
    name = f"produk/{path}"
    product_id = int(match["product"])
    if _is_published(name, product_id):
        cache = PUBLIC_CACHE
    elif _may_see_unpublished(request.user, name):
        cache = PRIVATE_CACHE
    else:
        raise Http404
    try:
        size = default_storage.size(name)
        modified = int(default_storage.get_modified_time(name).timestamp())
    except (FileNotFoundError, OSError):
        raise Http404 from None
    etag = '"' + hashlib.sha256(f"{name}:{size}:{modified}".encode()).hexdigest()[:32] + '"'
    not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
    if not_modified is None:
        response = FileResponse(default_storage.open(name, "rb"), content_type=PHOTO_TYPES[extension(path)])
    else:
        response = not_modified
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    return response
