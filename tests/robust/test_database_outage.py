"""When the database is down: Indonesian 503 pages with Retry-After, /healthz 503, no query
on the error pages themselves (they must render with the database gone)."""

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client, RequestFactory

from tuban_ikm.views import server_error

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.robust.urls")]

DOWN_TEXT = "Registri sedang tidak dapat dihubungi karena gangguan pada basis data"


def refused(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


@pytest.fixture
def client():
    # Like a real server: errors become pages instead of being raised into the test.
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", ["/test/database-gone", "/test/connection-lost"])
def test_a_view_failing_on_the_database_answers_the_indonesian_503_page(client, path):
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    content = response.content.decode()
    assert DOWN_TEXT in content
    assert "Server Error" not in content


def test_the_home_page_answers_503_when_the_database_refuses_connections(client):
    with mock.patch.object(connection, "cursor", side_effect=refused):
        response = client.get("/")
    assert response.status_code == 503
    assert DOWN_TEXT in response.content.decode()


def test_a_logged_in_page_answers_503_when_the_database_refuses_connections(client, pelaku):
    client.force_login(pelaku)
    with mock.patch.object(connection, "cursor", side_effect=refused):
        response = client.get("/usaha/")
    assert response.status_code == 503
    assert DOWN_TEXT in response.content.decode()


def test_healthz_answers_503_when_the_database_refuses_connections(client):
    with mock.patch.object(connection, "cursor", side_effect=refused):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert client.get("/healthz").status_code == 200


def test_another_error_gets_the_indonesian_500_page(client):
    response = client.get("/test/broken")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Maaf, terjadi kesalahan di server" in content
    assert "Server Error (500)" not in content


def test_the_error_pages_render_without_a_single_query(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        assert server_error(request).status_code == 500
    with django_assert_num_queries(0):
        try:
            refused()
        except OperationalError:
            response = server_error(request)
    assert response.status_code == 503
    assert DOWN_TEXT in response.content.decode()


def test_postgresql_connections_carry_the_connect_and_statement_timeouts(settings):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    assert connection.settings_dict["OPTIONS"]["connect_timeout"] == settings.DB_CONNECT_TIMEOUT == 5
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "30s"
