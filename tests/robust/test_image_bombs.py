"""A 12000 x 12000 PNG of a few hundred KB is refused from its header, before decoding."""

import pytest
from django.urls import reverse

from tests.aid.factories import ApplicationFactory
from tests.factories import ProductFactory
from tests.robust.bombs import peak_memory_mb, png_bomb

pytestmark = pytest.mark.django_db

MESSAGE = "Gambar ini terlalu banyak pikselnya. Paling besar 40 megapiksel"


def test_a_product_photo_declaring_144_megapixels_is_refused_with_a_message(client, pelaku):
    product = ProductFactory(business=pelaku.businesses.get())
    client.force_login(pelaku)
    bomb = png_bomb()
    assert bomb.size < 500 * 1024
    before = peak_memory_mb()
    response = client.post(
        reverse("owner:product_photos", kwargs={"pk": product.business_id, "product_pk": product.pk}),
        {"upload": "1", "foto-image": bomb},
    )
    assert response.status_code == 200
    [error] = response.context["upload_form"].errors["image"]
    assert error.startswith(MESSAGE)
    assert MESSAGE in response.content.decode()
    assert not product.photos.exists()
    # Decoding it would take at least 144 MB (one byte per pixel); the peak barely moves.
    assert peak_memory_mb() - before < 60


def test_a_photo_just_under_the_limit_is_still_accepted(client, pelaku, settings):
    settings.IMAGE_MAX_PIXELS = 2000 * 2000
    product = ProductFactory(business=pelaku.businesses.get())
    client.force_login(pelaku)
    client.post(
        reverse("owner:product_photos", kwargs={"pk": product.business_id, "product_pk": product.pk}),
        {"upload": "1", "foto-image": png_bomb(2000, 2000)},
    )
    assert product.photos.count() == 1


def test_a_monitoring_photo_declaring_144_megapixels_is_refused_with_a_message(client, dinas):
    application = ApplicationFactory()
    client.force_login(dinas)
    response = client.post(
        reverse("aid:monitoring", args=[application.pk]),
        {"date": "2026-04-01", "in_use": "1", "note": "Dipakai", "photo": png_bomb()},
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["photo"]
    assert error.startswith(MESSAGE)
    assert not application.visits.exists()
