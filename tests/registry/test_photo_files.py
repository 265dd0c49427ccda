"""Product photos under /media/produk/ work without DEBUG (gunicorn serves nothing else):
published photos for everybody with long cache headers, newer ones only for the owner and
staff, nothing outside the photo folder; photo files go with their rows."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse

from catalogue.services import publish_business
from registry.models import Business, ProductPhoto
from registry.services import business_verify
from tests import uploads
from tests.factories import ProductFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_debug")]


@pytest.fixture
def no_debug():
    with override_settings(DEBUG=False):
        yield


@pytest.fixture
def product(pelaku):
    return ProductFactory(business=pelaku.businesses.get(), name="Kain batik gedog")


def add_photo(product, name="foto.jpg"):
    return ProductPhoto.objects.create(product=product, image=uploads.jpeg(name))


def media(photo_or_name):
    name = getattr(getattr(photo_or_name, "image", None), "name", photo_or_name)
    return f"/media/{name}"


@pytest.fixture
def published(product, dinas):
    photo = add_photo(product)
    business_verify(business=product.business, user=dinas)
    return photo


def test_a_published_photo_loads_for_anybody_with_long_cache_headers(client, published):
    url = published.image.url
    assert url == media(published) and url.startswith("/media/produk/")
    with default_storage.open(published.image.name, "rb") as stored:
        content = stored.read()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "max-age=31536000" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert response["ETag"] and response["Last-Modified"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content and content
    # The browser asks again with what it has: 304 without the body.
    again = client.get(url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304 and not again.content
    since = client.get(url, headers={"if-modified-since": response["Last-Modified"]})
    assert since.status_code == 304


def test_the_catalogue_page_shows_the_photo_through_this_url(client, published):
    page = client.get(reverse("catalogue:list")).content.decode()
    assert media(published) in page


@pytest.mark.parametrize(("role", "status"), [(None, 404), ("other_pelaku", 404), ("pelaku", 200), ("dinas", 200)])
def test_a_photo_not_yet_verified_is_only_for_the_owner_and_staff(request, client, product, role, status):
    photo = add_photo(product)
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get(media(photo))
    assert response.status_code == status
    if status == 200:
        assert response["Cache-Control"].startswith("private")


@pytest.mark.parametrize(
    "url",
    [
        "/media/",
        "/media/produk/",
        "/media/produk/1/",
        "/media/produk/../bantuan/pengajuan/1/ktp.pdf",
        "/media/produk/1/../../bantuan/pengajuan/1/ktp.pdf",
        "/media/produk/%2e%2e/bantuan/pengajuan/1/ktp.pdf",
        "/media/produk/1/foto.html",
        "/media/bantuan/pengajuan/1/ktp.pdf",
    ],
)
def test_nothing_outside_the_photo_folder_is_served(client, dinas, url):
    # Files planted where the old aid uploads lived, and an HTML file among the photos.
    default_storage.save("bantuan/pengajuan/1/ktp.pdf", ContentFile(uploads.PDF))
    default_storage.save("produk/1/foto.html", ContentFile(b"<script>alert(1)</script>"))
    client.force_login(dinas)
    try:
        assert client.get(url).status_code == 404
    finally:
        default_storage.delete("bantuan/pengajuan/1/ktp.pdf")
        default_storage.delete("produk/1/foto.html")


def test_a_photo_of_a_row_that_does_not_exist_is_not_served(client, dinas, product):
    default_storage.save(f"produk/{product.pk}/lepas.jpg", ContentFile(uploads.image_bytes()))
    client.force_login(dinas)
    assert client.get(f"/media/produk/{product.pk}/lepas.jpg").status_code == 404
    default_storage.delete(f"produk/{product.pk}/lepas.jpg")


# --- Files follow their rows ---------------------------------------------------------------


def test_deleting_a_photo_removes_its_file_after_the_commit(product, django_capture_on_commit_callbacks):
    photo = add_photo(product)
    name = photo.image.name
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
        assert default_storage.exists(name)
    assert not default_storage.exists(name)


def test_the_owner_deleting_a_product_removes_its_photos(client, pelaku, product, django_capture_on_commit_callbacks):
    names = [add_photo(product, f"foto-{n}.jpg").image.name for n in range(2)]
    client.force_login(pelaku)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("owner:product_delete", args=[product.business_id, product.pk]))
    assert response.status_code == 302
    assert not any(default_storage.exists(name) for name in names)


def test_deleting_a_business_removes_its_photos(product, django_capture_on_commit_callbacks):
    name = add_photo(product).image.name
    with django_capture_on_commit_callbacks(execute=True):
        product.business.delete()
    assert not default_storage.exists(name)


def test_replacing_a_photo_removes_the_old_file(product, django_capture_on_commit_callbacks):
    photo = add_photo(product)
    photo = ProductPhoto.objects.get(pk=photo.pk)
    old = photo.image.name
    with django_capture_on_commit_callbacks(execute=True):
        photo.image = uploads.png("baru.png")
        photo.save()
    assert not default_storage.exists(old) and default_storage.exists(photo.image.name)


def test_a_published_photo_stays_until_the_catalogue_stops_showing_it(
    client, pelaku, published, dinas, django_capture_on_commit_callbacks
):
    name, url = published.image.name, published.image.url
    client.force_login(pelaku)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("owner:product_photos", args=[published.product.business_id, published.product_id]),
            {"delete_photo": published.pk},
        )
    assert not ProductPhoto.objects.exists()
    # The catalogue still shows the last verified copy, photo included.
    client.logout()
    assert client.get(url).status_code == 200
    # The next verification publishes the profile without it: then the file goes.
    with django_capture_on_commit_callbacks(execute=True):
        business_verify(business=Business.objects.get(pk=published.product.business_id), user=dinas)
    assert not default_storage.exists(name)
    assert client.get(url).status_code == 404


def test_unpublishing_a_business_removes_photos_it_no_longer_has(product, dinas, django_capture_on_commit_callbacks):
    photo = add_photo(product)
    business_verify(business=product.business, user=dinas)
    name = photo.image.name
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert default_storage.exists(name)  # still shown by the catalogue
    with django_capture_on_commit_callbacks(execute=True):
        Business.objects.filter(pk=product.business_id).update(status=Business.Status.CLOSED)
        publish_business(Business.objects.get(pk=product.business_id))
    assert not default_storage.exists(name)


def test_serving_a_photo_takes_a_fixed_handful_of_queries(client, pelaku, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert client.get(media(published)).status_code == 200
    unpublished = add_photo(published.product, "baru.jpg")
    client.force_login(pelaku)
    # session, user, two permission loads, published check, visibility check
    with django_assert_max_num_queries(6):
        assert client.get(media(unpublished)).status_code == 200
