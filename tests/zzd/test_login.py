"""免登 and the office's links, against the local 浙政钉 gateway on 127.0.0.1: a linked,
active person is signed in as their login; anyone else is refused in Chinese and no login
is ever created; off (ZZD_* unset), the pages do not exist and nothing mentions 浙政钉."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from zzd.models import ZzdAccount
from zzd.services import link_account

pytestmark = pytest.mark.django_db

LOGIN = reverse("zzd:login")
ACCOUNTS = reverse("zzd:accounts")


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_a_linked_reporter_is_signed_in(zzd_gateway, personas):
    link_account(personas.users.reporter_a, "1001", "GE_1001")
    client = Client()
    code = zzd_gateway.person("1001", "郑佳")
    response = client.post(LOGIN, {"code": code, "next": "/fill/"})
    assert response.status_code == 302 and response.url == "/fill/"
    assert client.get(reverse("home")).context["user"] == personas.users.reporter_a
    # The code is spent: using it again signs in no one, and says so (not 稍后重试).
    again = Client().post(LOGIN, {"code": code})
    assert again.status_code == 400
    assert "浙政钉授权码无效或已使用过，请在浙政钉中重新打开本应用" in text(again)
    assert "稍后重试" not in text(again)
    assert "_auth_user_id" not in again.wsgi_request.session


def test_an_unknown_auth_code_is_refused_as_invalid_not_as_temporary(zzd_gateway, personas):
    response = Client().post(LOGIN, {"code": "not-a-code"})
    assert response.status_code == 400
    assert "浙政钉授权码无效或已使用过" in text(response) and "稍后重试" not in text(response)


def test_an_unlinked_person_is_refused_and_no_login_is_made(zzd_gateway, personas):
    logins = User.objects.count()
    client = Client()
    response = client.post(LOGIN, {"code": zzd_gateway.person("2002", "王五")})
    page = text(response)
    assert response.status_code == 403
    assert "你的浙政钉账号尚未关联本平台的登录。" in page and "告诉考核办" in page
    assert "2002" in page and "王五" in page
    assert User.objects.count() == logins and "_auth_user_id" not in client.session


def test_an_inactive_login_is_refused(zzd_gateway, personas):
    link_account(personas.users.reporter_b, "3003")
    User.objects.filter(pk=personas.users.reporter_b.pk).update(is_active=False)
    response = Client().post(LOGIN, {"code": zzd_gateway.person("3003")})
    assert response.status_code == 403 and "登录已停用" in text(response)


def test_a_gateway_error_is_a_clear_message_not_a_500(zzd_gateway, personas):
    link_account(personas.users.reporter_a, "1001")
    zzd_gateway.fail_next("/rpc/oauth2/dingtalk_app_user.json", "ServiceUnavailable")
    response = Client().post(LOGIN, {"code": zzd_gateway.person("1001")})
    assert response.status_code == 503 and "暂时无法向浙政钉确认你的身份" in text(response)


def test_an_unreachable_gateway_is_temporary(zzd_gateway, personas, settings):
    settings.ZZD_DOMAIN = "http://127.0.0.1:9"  # nothing listens there
    response = Client().post(LOGIN, {"code": "any"})
    assert response.status_code == 503
    assert "暂时无法向浙政钉确认你的身份，请稍后重试" in text(response)


def test_the_office_links_a_login(zzd_gateway, personas):
    assert "未关联" in text(personas.office.get(ACCOUNTS))
    page = reverse("zzd:account_edit", args=[personas.users.reporter_a.pk])
    response = personas.office.post(page, {"account_id": "1001", "employee_code": "GE_1001"})
    assert response.status_code == 302
    assert ZzdAccount.objects.get(user=personas.users.reporter_a).account_id == "1001"
    # One account, one login.
    other = reverse("zzd:account_edit", args=[personas.users.reporter_b.pk])
    refused = personas.office.post(other, {"account_id": "1001"})
    assert "浙政钉账号 1001 已关联到 rep_a" in text(refused)
    # The field's help is said once, under the field.
    assert text(refused).count("留空则取消关联") == 1
    assert not ZzdAccount.objects.filter(user=personas.users.reporter_b).exists()
    # An empty id removes the link.
    personas.office.post(page, {"account_id": ""})
    assert not ZzdAccount.objects.exists()
    for client in (personas.leader, personas.reporter_a, personas.head_a):
        assert client.get(ACCOUNTS).status_code == 403
        assert client.post(other, {"account_id": "9"}).status_code == 403
    assert not ZzdAccount.objects.exists()


def test_the_list_counts_the_logins_linked(zzd_gateway, personas):
    total = User.objects.count()
    assert f"已关联 0 / {total} 个登录" in text(personas.office.get(ACCOUNTS))
    link_account(personas.users.reporter_a, "1001", "GE_1001")
    assert f"已关联 1 / {total} 个登录" in text(personas.office.get(ACCOUNTS))


def test_off_there_is_no_such_page_and_no_mention(personas):
    assert personas.office.get(ACCOUNTS).status_code == 404
    assert Client().get(LOGIN).status_code == 404
    for client in (personas.office, personas.reporter_a, personas.leader):
        assert "浙政钉" not in text(client.get(reverse("home")))
    assert "浙政钉" not in text(
        personas.office.get(reverse("actions:unit_contact_edit", args=["A01"]))
    )
