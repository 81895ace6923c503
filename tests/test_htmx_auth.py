"""htmx requests after the session ended, and refused ones (showcase/middleware.py)."""

from django.urls import reverse

HX = {"HX-Request": "true"}


def test_it_sends_an_expired_htmx_request_to_the_login_page_and_back(personas):
    exports = reverse("exports:month_exports", args=["2022-03"])
    response = personas.anonymous.get(
        exports, headers={**HX, "HX-Current-URL": "http://testserver/boards/2022-03/?preview=1"}
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/accounts/login/?next=/boards/2022-03/%3Fpreview%3D1"
    assert "Location" not in response


def test_it_falls_back_to_the_referer_then_to_the_home_page(personas):
    exports = reverse("exports:month_exports", args=["2022-03"])
    by_referer = personas.anonymous.get(
        exports, headers={**HX, "Referer": "http://testserver/boards/2022-03/"}
    )
    assert by_referer["HX-Redirect"] == "/accounts/login/?next=/boards/2022-03/"
    no_page = personas.anonymous.get(exports, headers=HX)
    assert no_page["HX-Redirect"] == "/accounts/login/?next=/"


def test_it_never_sends_the_user_on_to_another_site(personas):
    response = personas.anonymous.get(
        reverse("exports:month_exports", args=["2022-03"]),
        headers={**HX, "HX-Current-URL": "https://evil.example/boards/"},
    )
    assert response["HX-Redirect"] == "/accounts/login/?next=/"


def test_it_leaves_ordinary_requests_to_the_login_redirect(personas):
    response = personas.anonymous.get(reverse("exports:month_exports", args=["2022-03"]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/boards/")
    assert "HX-Redirect" not in response


def test_it_sends_a_form_posted_after_the_session_ended_back_to_its_page(personas, district):
    """Not to the address it posted to, which answers only POST: the page where
    static/js/keep.js puts the typed text back."""
    page = reverse("reporting:review_unit", args=["2022-03", district.unit_a.pk])
    response = personas.anonymous.post(
        reverse("reporting:report_return", args=[1]),
        {"reason": "数据口径不对"},
        headers={"Referer": f"http://testserver{page}?sort=rank"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={page}%3Fsort%3Drank"


def test_it_leaves_the_logout_and_a_refused_login_alone(personas, django_user_model):
    logout = personas.office.post(reverse("logout"), headers={"Referer": "http://testserver/"})
    assert logout["Location"] == reverse("login")
    login = personas.anonymous.post(reverse("login"), {"username": "x", "password": "y"})
    assert login.status_code == 200


def comment(client, district, **headers):
    # A reporter may not comment: only leaders and the office do.
    return client.post(
        reverse("meetings:comment_add", args=["2022-03"]),
        {"target": "item", "target_id": district.item_b.pk, "text": "请加快进度"},
        headers={**HX, **headers},
    )


def test_it_answers_a_refused_htmx_request_with_a_short_message(personas, district):
    response = comment(personas.reporter_a, district)
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#htmx-message"
    html = response.content.decode()
    assert "您的角色不能执行此操作" in html and "<html" not in html


def test_it_says_so_in_english_too(personas, district):
    response = comment(personas.reporter_a, district, **{"Accept-Language": "en"})
    assert response.status_code == 403
    assert "Your role" in response.content.decode()
