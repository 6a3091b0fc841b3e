"""The home page in a real browser: it renders, htmx loads, nothing leaves 127.0.0.1."""

from tests.factories import PASSWORD, make_doctor, make_specialization, make_user


def test_home_page_renders_with_htmx_and_no_outside_requests(page, db, repo_root):
    make_doctor(specialization=make_specialization("Cardiology"))
    db.session.commit()
    page.goto("/")
    assert page.title().startswith("Book a doctor")
    assert page.locator("h1").inner_text().startswith("See the right doctor")
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("htmx.version").startswith("2.0.")
    assert page.evaluate("htmx.config.allowEval") is False
    assert page.evaluate("htmx.config.historyCacheSize") == 0
    assert page.evaluate("typeof bootstrap.Collapse") == "function"
    # Bootstrap's stylesheet applied: the navbar is coloured, not a plain list.
    background = page.locator("nav.navbar").evaluate("n => getComputedStyle(n).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator("#specializations").inner_text().count("Cardiology") == 1
    screenshots = repo_root / "test-results"
    screenshots.mkdir(exist_ok=True)
    page.screenshot(path=str(screenshots / "home.png"), full_page=True)
    page.watch.assert_clean()


def test_sign_in_with_boosted_form_and_sign_out(page, db):
    user = make_user(full_name="Rokeya Begum")
    db.session.commit()
    page.goto("/")
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("wrong-Password1!")
    page.get_by_role("button", name="Sign in").click()
    # htmx swapped the 422 re-render in: the error shows and the email stays typed.
    page.get_by_text("Email or password is incorrect.").wait_for()
    assert page.get_by_label("Email").input_value() == user.email
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")
    assert "Rokeya Begum" in page.locator("nav").inner_text()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("You are signed out.").wait_for()
    assert "Sign in" in page.locator("nav").inner_text()
    page.watch.assert_clean(expected_statuses=(422,))
