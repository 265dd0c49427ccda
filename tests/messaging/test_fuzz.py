"""Hostile text into the talk's forms and the staff queue's query string: field errors or a
message, never a 500, and nothing half-written (run on PostgreSQL too: NUL bytes)."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from messaging import services
from messaging.models import Message, Thread
from tests.ops.test_fuzz_forms import PAGE_FUZZ, nasty_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(pelaku):
    return services.thread_start(writer=pelaku, kind="pertanyaan", subject="Awal", body="Isi awal")


@PAGE_FUZZ
@given(kind=nasty_text, about=nasty_text, subject=nasty_text, body=nasty_text)
def test_the_new_thread_form_answers_any_post(client, pelaku, thread, kind, about, subject, body):
    client.force_login(pelaku)
    before = (Thread.objects.count(), Message.objects.count())
    response = client.post(
        reverse("messaging:thread_create"), {"kind": kind, "about": about, "subject": subject, "body": body}
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert (Thread.objects.count(), Message.objects.count()) == before


@PAGE_FUZZ
@given(body=nasty_text)
def test_replies_answer_any_post(client, pelaku, dinas, thread, body):
    for user, url in ((pelaku, thread.get_absolute_url()), (dinas, thread.get_staff_url())):
        client.force_login(user)
        assert client.post(url, {"body": body}).status_code in (200, 302)
    client.force_login(dinas)
    response = client.post(reverse("messaging:staff_assign", args=[thread.pk]), {"assigned_to": body})
    assert response.status_code == 302


@PAGE_FUZZ
@given(params=st.dictionaries(st.sampled_from(["status", "kind", "mine", "page"]), nasty_text, max_size=4))
def test_the_staff_queue_answers_any_query_string(client, dinas, thread, params):
    client.force_login(dinas)
    assert client.get(reverse("messaging:staff_queue"), params).status_code == 200
