"""Registering and signing in, and the API docs page, in a real browser."""

from tests.browser.conftest import after_htmx_swap
from tests.factories import make_user


def test_register_a_patient_with_cascading_selects_then_sign_in(page, db):
    page.goto("/")
    page.get_by_role("link", name="Register").click()
    page.get_by_label("Full name").fill("Moushumi Das")
    page.get_by_label("Email").fill("moushumi@example.com")
    page.get_by_label("Mobile number").fill("01811223344")
    page.get_by_label("Password", exact=True).fill("Strong#Pass1")
    page.get_by_label("Repeat password").fill("Strong#Pass1")

    # htmx swaps in the districts of Chattogram, then the thanas of the chosen district.
    after_htmx_swap(page, lambda: page.get_by_label("Division").select_option(label="Chattogram"))
    assert page.locator("#district_id option", has_text="Cox's Bazar").count() == 1
    after_htmx_swap(
        page, lambda: page.get_by_label("District").select_option(label="Chattogram (চট্টগ্রাম)")
    )
    assert page.locator("#thana_id option", has_text="Panchlaish").count() == 1
    page.get_by_label("Thana / upazila").select_option(label="Panchlaish (পাঁচলাইশ)")
    page.get_by_label("Address").fill("House 9, O.R. Nizam Road")
    page.get_by_role("button", name="Create account").click()

    page.wait_for_url("**/dashboard")
    assert "Your account is ready." in page.content()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("You are signed out.").wait_for()

    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Email").fill("moushumi@example.com")
    page.get_by_label("Password").fill("Strong#Pass1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")
    assert "Moushumi Das" in page.locator("nav").inner_text()
    page.get_by_role("link", name="Moushumi Das").click()
    page.wait_for_url("**/profile")
    assert page.get_by_label("Thana / upazila").input_value() != ""
    page.watch.assert_clean()


def test_a_mistake_keeps_what_was_typed(page, db):
    make_user(email="taken@example.com")
    db.session.commit()
    page.goto("/register")
    page.get_by_label("Full name").fill("Biplob Saha")
    page.get_by_label("Email").fill("taken@example.com")
    page.get_by_label("Mobile number").fill("123")
    page.get_by_label("Password", exact=True).fill("Strong#Pass1")
    page.get_by_label("Repeat password").fill("Strong#Pass1")
    page.get_by_role("button", name="Create account").click()
    page.locator("#mobile_number-error").wait_for()
    assert "Bangladeshi mobile number" in page.locator("#mobile_number-error").inner_text()
    assert page.get_by_label("Full name").input_value() == "Biplob Saha"
    assert page.locator("#division_id-error").is_visible()
    page.watch.assert_clean(expected_statuses=(422,))


def test_api_docs_render_offline(page):
    page.goto("/api/v1/docs")
    page.get_by_text("Clinic API").first.wait_for()
    page.locator(".opblock-summary-path", has_text="/api/v1/auth/login").first.wait_for()
    assert page.locator(".opblock").count() >= 10
    page.watch.assert_clean()
