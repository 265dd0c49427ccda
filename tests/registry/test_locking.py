"""No lost updates: the later of two saves of the same record is refused, in the admin and
in the owner's forms, and bulk writes keep working with the default version."""

import pytest
from django.db import transaction
from django.urls import reverse

from registry.models import Business, Product
from tests.factories import BusinessFactory, ProductFactory, UserFactory
from tuban_ikm import roles
from tuban_ikm.locking import ConcurrentEditError

pytestmark = pytest.mark.django_db


def form_data(response):
    """What a browser would post back from an admin change page, untouched."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management.initial.get(name, field.initial)
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None:
                value = ""
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            if isinstance(value, list | tuple):
                value = [v for v in value if v is not None]
            data[form.add_prefix(name)] = value
    return data


def admin_url(business):
    return reverse("admin:registry_business_change", args=[business.pk])


@pytest.fixture
def business(pelaku):
    return Business.objects.get(owner=pelaku)


@pytest.fixture
def second_dinas(db):
    return UserFactory(username="dinas2", first_name="Sari", is_staff=True, groups=[roles.STAF_DINAS])


def test_every_save_raises_the_version_by_one(business):
    version = business.version
    business.name = "Batik Sekar Gedog Baru"
    business.save()
    assert business.version == version + 1
    assert Business.objects.get(pk=business.pk).version == version + 1


def test_saving_a_stale_copy_is_refused_and_keeps_the_other_change(business):
    first, second = Business.objects.get(pk=business.pk), Business.objects.get(pk=business.pk)
    first.name = "Nama dari Dinas"
    first.save()
    second.name = "Nama dari pemilik"
    with pytest.raises(ConcurrentEditError), transaction.atomic():
        second.save()
    assert Business.objects.get(pk=business.pk).name == "Nama dari Dinas"


def test_a_stale_product_is_refused_too(business):
    product = ProductFactory(business=business)
    stale = Product.objects.get(pk=product.pk)
    product.price = 1000
    product.save()
    stale.price = 2000
    with pytest.raises(ConcurrentEditError), transaction.atomic():
        stale.save()


def test_bulk_create_and_update_work_with_the_default_version(db):
    desa = BusinessFactory().desa
    created = Business.objects.bulk_create(
        [Business(name=f"Usaha {i}", owner_name="A", owner_gender="L", address="Jl", desa=desa) for i in range(3)]
    )
    assert {b.version for b in Business.objects.filter(pk__in=[b.pk for b in created])} == {1}
    Business.objects.filter(pk__in=[b.pk for b in created]).update(workers_male=2)
    saved = Business.objects.get(pk=created[0].pk)
    saved.name = "Usaha diubah"
    saved.save()
    assert saved.version == 2


def test_a_new_business_with_a_chosen_primary_key_is_inserted(db):
    desa = BusinessFactory().desa
    Business(pk=987654, name="Usaha baru", owner_name="A", owner_gender="L", address="Jl", desa=desa).save()
    assert Business.objects.get(pk=987654).version == 1


def test_two_staff_in_the_admin_the_second_save_is_refused_and_nothing_is_overwritten(
    client, dinas, second_dinas, business
):
    client.force_login(dinas)
    first = form_data(client.get(admin_url(business)))
    other = type(client)()
    other.force_login(second_dinas)
    second = form_data(other.get(admin_url(business)))
    assert "version" in first

    first["name"] = "Nama dari staf pertama"
    response = client.post(admin_url(business), first)
    assert response.status_code == 302, response.context["adminform"].form.errors

    second["name"] = "Nama dari staf kedua"
    response = other.post(admin_url(business), second)
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "sudah diubah oleh" in errors
    assert reverse("admin:registry_business_history", args=[business.pk]) in errors
    assert Business.objects.get(pk=business.pk).name == "Nama dari staf pertama"


def test_a_product_row_in_the_business_admin_is_locked_as_well(client, dinas, second_dinas, business):
    product = ProductFactory(business=business, name="Kain batik")
    client.force_login(dinas)
    stale = form_data(client.get(admin_url(business)))
    Product.objects.filter(pk=product.pk).update(version=product.version + 1, name="Kain batik tulis")
    prefix = next(k for k, v in stale.items() if k.endswith("-id") and str(v) == str(product.pk))[: -len("-id")]
    stale[f"{prefix}-name"] = "Kain batik cap"
    response = client.post(admin_url(business), stale)
    assert response.status_code == 200
    assert Product.objects.get(pk=product.pk).name == "Kain batik tulis"


def test_the_product_admin_refuses_a_stale_form(client, dinas, business):
    product = ProductFactory(business=business, name="Kain batik")
    url = reverse("admin:registry_product_change", args=[product.pk])
    client.force_login(dinas)
    data = form_data(client.get(url))
    Product.objects.filter(pk=product.pk).update(version=product.version + 1)
    data["name"] = "Kain batik cap"
    response = client.post(url, data)
    assert response.status_code == 200
    assert Product.objects.get(pk=product.pk).name == "Kain batik"


def identity_data(business, **changes):
    data = {
        "name": business.name,
        "brand": business.brand,
        "legal_form": business.legal_form,
        "nib": business.nib or "",
        "npwp": business.npwp,
        "kbli": business.kbli_id or "",
        "year_started": business.year_started or "",
        "owner_name": business.owner_name,
        "owner_gender": business.owner_gender,
        "phone": business.phone,
        "email": business.email,
        "version": business.version,
    }
    data.update(changes)
    return data


def test_staff_save_in_the_admin_then_the_owner_posts_the_form_they_loaded_and_is_refused(
    client, dinas, pelaku, business
):
    owner_url = reverse("owner:identity", args=[business.pk])
    client.force_login(pelaku)
    page = client.get(owner_url)
    loaded_version = page.context["form"]["version"].value()
    assert f'name="version" value="{loaded_version}"' in page.text

    staff = type(client)()
    staff.force_login(dinas)
    data = form_data(staff.get(admin_url(business)))
    data["name"] = "Nama dari Dinas"
    assert staff.post(admin_url(business), data).status_code == 302

    response = client.post(owner_url, identity_data(business, name="Nama dari pemilik", version=loaded_version))
    assert response.status_code == 200
    assert "sudah diubah oleh" in response.text
    assert "Muat ulang halaman" in response.text
    assert Business.objects.get(pk=business.pk).name == "Nama dari Dinas"


def test_the_owner_can_save_again_after_reloading(client, pelaku, business):
    owner_url = reverse("owner:identity", args=[business.pk])
    client.force_login(pelaku)
    Business.objects.filter(pk=business.pk).update(version=business.version + 5)
    business.refresh_from_db()
    response = client.post(owner_url, identity_data(business, name="Nama baru"))
    assert response.status_code == 302
    assert Business.objects.get(pk=business.pk).name == "Nama baru"


def test_the_owner_product_form_refuses_a_stale_version(client, pelaku, business):
    product = ProductFactory(business=business, name="Kain batik")
    url = reverse("owner:product_edit", args=[business.pk, product.pk])
    client.force_login(pelaku)
    loaded = client.get(url).context["form"]["version"].value()
    Product.objects.filter(pk=product.pk).update(version=product.version + 1, name="Kain batik tulis")
    response = client.post(
        url,
        {
            "name": "Kain batik cap",
            "category": product.category,
            "unit": product.unit,
            "price": "350.000",
            "version": loaded,
            "bahan-TOTAL_FORMS": "0",
            "bahan-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "sudah diubah oleh" in response.text
    assert Product.objects.get(pk=product.pk).name == "Kain batik tulis"


def test_seed_style_bulk_create_of_products_keeps_the_default_version(business):
    Product.objects.bulk_create(
        [Product(business=business, name=f"Produk {i}", category="kain_batik", unit="lembar") for i in range(2)]
    )
    assert set(Product.objects.filter(business=business).values_list("version", flat=True)) == {1}
