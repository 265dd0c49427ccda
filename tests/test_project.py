"""Project-level behaviour: health check, language, deploy settings, no CDN."""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import DatabaseError
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_healthz_answers_200_with_json_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("tuban_ikm.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_home_page_speaks_indonesian_and_loads_bootstrap_from_our_own_static(client):
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in html
    assert "Registri Industri Kecil Menengah Kabupaten Tuban" in html
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html
    assert "https://" not in html and "http://" not in html


@pytest.mark.django_db
def test_home_page_keeps_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get(reverse("home"))


@pytest.mark.django_db
def test_indonesian_is_served_even_to_a_browser_set_to_english(client):
    response = client.get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="id">' in response.content.decode()


@pytest.mark.django_db
def test_english_is_available_when_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("home"))
    assert '<html lang="en">' in response.content.decode()


def test_bootstrap_and_leaflet_static_files_come_from_packages():
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/bootstrap/css/bootstrap.min.css")
    assert finders.find("vendor/leaflet/leaflet.js")


def run_manage(*args, env_overrides):
    # A clean environment: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for this process.
    unset = {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_reports_no_issues_with_debug_off_and_real_values():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DJANGO_SETTINGS_MODULE": "tuban_ikm.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "ikm.tubankab.go.id",
            "SITE_URL": "https://ikm.tubankab.go.id",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage("check", env_overrides={"DJANGO_SETTINGS_MODULE": "tuban_ikm.settings"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_settings_default_to_indonesian_in_jakarta_time(settings):
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.USE_THOUSAND_SEPARATOR is False
