from typing import Any

from fastapi.testclient import TestClient

from tests.builders import PASSWORD, Actor, candidate, employer, log_in, open_job, unique_email
from tests.outbox import emailed_token, last_email


def invite(admin: Actor, email: str) -> str:
    """Invite ``email`` to the admin's company: the token from the e-mail it got."""
    response = admin.post(
        f"/api/companies/{admin.me['company_id']}/invitations", json={"email": email}
    )
    assert response.status_code == 201, response.text
    assert "token" not in response.json()  # the link goes only to the address
    app: Any = admin.client.app
    return emailed_token(app.state.session_factory, email, "invitation", "/invitations")


class TestInvitations:
    def test_admin_invites_a_colleague_who_joins_the_company(self, client: TestClient) -> None:
        admin = employer(client, company="Acme Analytics")
        company_id = admin.me["company_id"]
        job = open_job(admin, status="draft")
        email = unique_email("colleague")
        token = invite(admin, email)
        accepted = client.post(
            f"/api/invitations/{token}/accept",
            json={"full_name": "Colin League", "password": PASSWORD},
        )
        assert accepted.status_code == 201
        colleague = log_in(client, email)
        assert colleague.me["company_id"] == company_id
        assert colleague.me["company_role"] == "member"
        # The colleague sees the company's draft job; it is the same company.
        assert colleague.get(f"/api/jobs/{job['id']}").status_code == 200
        members = admin.get(f"/api/companies/{company_id}/members").json()
        assert {m["email"] for m in members} == {admin.email, email}

    def test_an_invitation_works_once(self, client: TestClient) -> None:
        admin = employer(client)
        token = invite(admin, unique_email("c"))
        body = {"full_name": "C", "password": PASSWORD}
        assert client.post(f"/api/invitations/{token}/accept", json=body).status_code == 201
        assert client.post(f"/api/invitations/{token}/accept", json=body).status_code == 409

    def test_inviting_an_address_with_an_account_looks_the_same_to_the_inviter(
        self, client: TestClient
    ) -> None:
        admin = employer(client)
        ada = candidate(client)
        url = f"/api/companies/{admin.me['company_id']}/invitations"
        taken = admin.post(url, json={"email": ada.email})
        fresh = admin.post(url, json={"email": unique_email("new")})
        assert taken.status_code == fresh.status_code == 201
        assert set(taken.json()) == set(fresh.json())
        # The address's owner is told why they cannot join, and gets no link to use.
        app: Any = client.app
        told = last_email(app.state.session_factory, ada.email, "invitation")
        assert "already has a talentmatch account" in told.body
        assert "/invitations/" not in told.body

    def test_unknown_invitation_is_404(self, client: TestClient) -> None:
        response = client.post(
            "/api/invitations/made-up/accept", json={"full_name": "C", "password": PASSWORD}
        )
        assert response.status_code == 404

    def test_members_cannot_invite_or_edit_the_company(self, client: TestClient) -> None:
        admin = employer(client)
        company_id = admin.me["company_id"]
        email = unique_email("m")
        token = invite(admin, email)
        client.post(
            f"/api/invitations/{token}/accept", json={"full_name": "M", "password": PASSWORD}
        )
        member = log_in(client, email)
        assert (
            member.post(
                f"/api/companies/{company_id}/invitations", json={"email": unique_email("x")}
            ).status_code
            == 403
        )
        assert (
            member.patch(f"/api/companies/{company_id}", json={"name": "Mine"}).status_code == 403
        )

    def test_another_company_is_out_of_reach(self, client: TestClient) -> None:
        acme = employer(client, company="Acme")
        other = employer(client, company="Globex")
        target = acme.me["company_id"]
        assert other.get(f"/api/companies/{target}/members").status_code == 404
        assert other.patch(f"/api/companies/{target}", json={"name": "Taken"}).status_code == 404
        assert (
            other.post(
                f"/api/companies/{target}/invitations", json={"email": unique_email("y")}
            ).status_code
            == 404
        )
        assert acme.get(f"/api/companies/{target}").json()["name"] == "Acme"

    def test_last_admin_cannot_be_removed(self, client: TestClient) -> None:
        admin = employer(client)
        company_id = admin.me["company_id"]
        response = admin.delete(f"/api/companies/{company_id}/members/{admin.me['id']}")
        assert response.status_code == 409
