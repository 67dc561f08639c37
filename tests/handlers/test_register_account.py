"""/start: choosing a role and filling the profile form, as a merchant and as a provider."""

from tests.scripts import MERCHANT
from tests.transcript import Transcript


async def test_start_offers_the_two_roles_as_buttons(chat: Transcript) -> None:
    said = await chat.say("alice", "/start")
    assert said.last.labels == ["I'm a merchant", "I'm a service provider", "Cancel"]


async def test_a_merchant_completes_the_profile_with_buttons(chat: Transcript) -> None:
    await chat.run("alice", *MERCHANT)
    said = await chat.press("alice", "$100k–1M")
    assert "All set, Alice Beauty Store" in said.text
    profile = await chat.say("alice", "/profile")
    assert "Markets: United States, Southeast Asia" in profile.text
    assert "Monthly GMV: $100k–1M" in profile.text


async def test_toggling_a_market_marks_it_and_toggling_again_clears_it(chat: Transcript) -> None:
    await chat.run("alice", "/start", "> I'm a merchant", "Alice Beauty Store")
    said = await chat.press("alice", "United States")
    assert "✓ United States" in said.last.labels
    said = await chat.press("alice", "✓ United States")
    assert "United States" in said.last.labels


async def test_done_without_a_market_asks_again(chat: Transcript) -> None:
    await chat.run("alice", "/start", "> I'm a merchant", "Alice Beauty Store")
    said = await chat.press("alice", "Done")
    assert "Please pick at least one first." in said.text
    assert "Which markets do you sell in?" in said.last.text


async def test_a_provider_completes_the_profile(chat: Transcript) -> None:
    said = await chat.run(
        "bob", "/start", "> I'm a service provider", "BrightWave Digital",
        "We run TikTok and Meta ad campaigns for cross-border sellers.",
        "> United States", "> Done", "> English", "> Chinese", "> Done",
        "ads@brightwave.example")
    assert "Welcome aboard, BrightWave Digital!" in said.text
    profile = await chat.say("bob", "/profile")
    assert "Languages: English, Chinese" in profile.text
    assert "ads@brightwave.example" in profile.text


async def test_an_invalid_email_is_refused_and_the_form_waits(chat: Transcript) -> None:
    await chat.run("bob", "/start", "> I'm a service provider", "BrightWave Digital",
                   "We run TikTok and Meta ad campaigns for cross-border sellers.",
                   "> United States", "> Done", "> English", "> Done")
    said = await chat.say("bob", "not-an-email")
    assert "is not an e-mail address" in said.text
    said = await chat.say("bob", "ads@brightwave.example")
    assert "Welcome aboard" in said.text


async def test_text_past_the_length_limit_is_refused_in_the_users_language(
        chat: Transcript) -> None:
    await chat.say("li", "/start", lang="zh")
    await chat.press("li", "我是商家")
    said = await chat.say("li", "店" * 81)
    assert "太长了" in said.text and "80" in said.text
    said = await chat.say("li", "李氏美妆")
    assert "您在哪些市场销售" in said.text


async def test_free_text_where_a_button_is_expected_repeats_the_question(
        chat: Transcript) -> None:
    await chat.say("alice", "/start")
    said = await chat.say("alice", "merchant please")
    assert "Please choose one of the buttons" in said[0].text
    assert said.last.labels == ["I'm a merchant", "I'm a service provider", "Cancel"]
    said = await chat.press("alice", "I'm a merchant")
    assert "What is your shop called?" in said.text


async def test_a_number_answers_the_numbered_options(chat: Transcript) -> None:
    await chat.say("alice", "/start")
    said = await chat.say("alice", "2")
    assert "company's name" in said.text


async def test_a_registered_user_is_welcomed_back(chat: Transcript) -> None:
    await chat.run("alice", *MERCHANT, "> Over $1M")
    said = await chat.say("alice", "/start")
    assert "You are registered as a merchant" in said.text


async def test_a_stale_role_button_after_registration_changes_nothing(chat: Transcript) -> None:
    await chat.say("alice", "/start")
    await chat.run("alice", "> I'm a merchant", "Alice Beauty Store")
    said = await chat.forge("alice", "start:role:provider")
    assert "no longer valid" in said.text
    said = await chat.press("alice", "United States")  # the form is where it was
    assert "✓ United States" in said.last.labels
