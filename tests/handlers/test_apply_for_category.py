"""/apply: a provider applies for certification; thresholds decide at once or it waits."""

from pathlib import Path

from sqlalchemy import func, select

from bot.app import App
from domain.models import Application, ApplicationStatus, StoredFile
from tests import factories
from tests.applying import ADVERTISING, apply, documents
from tests.transcript import Transcript


async def provider(app: App, handle: str = "bob") -> int:
    return await factories.provider(app, handle, categories=())


async def test_picking_a_category_shows_its_requirements(chat: Transcript, app: App) -> None:
    await provider(app)
    said = await chat.say("bob", "/apply")
    assert ADVERTISING in said.last.labels
    said = await chat.press("bob", ADVERTISING)
    assert "at least $500,000" in said.text and "at least 20" in said.text
    assert "business licence, case studies, GMV proof" in said.text
    assert "What GMV did you handle" in said.last.text


async def test_an_application_above_the_thresholds_gets_a_number_and_waits(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await provider(app)
    said = await apply(chat, "bob", tmp_path)
    assert "Application A-000001 for Advertising agency is submitted" in said.text
    async with app.unit_of_work() as uow:
        row = await uow.session.scalar(select(Application))
        assert row is not None and row.status is ApplicationStatus.IN_REVIEW
        assert (row.claimed_gmv_usd, row.merchants_served) == (750000, 25)
        files = (await uow.session.scalars(select(StoredFile.attached_to))).all()
    assert files == ["application:1"] * 3


async def test_each_document_is_listed_and_done_appears_once_enough_are_in(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await provider(app)
    await chat.run("bob", "/apply", f"> {ADVERTISING}", "750000", "25")
    one, two, three = documents(tmp_path)
    said = await chat.send_file("bob", one)
    assert "Received “doc1.pdf”" in said.text and "1. doc1.pdf" in said.text
    assert "Done" not in said.labels
    await chat.send_file("bob", two)
    said = await chat.send_file("bob", three)
    assert "1. doc1.pdf\n2. doc2.pdf\n3. doc3.pdf" in said.text
    assert said.last.labels == ["Done", "‹ Back", "Cancel"]


async def test_the_same_document_twice_counts_once(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await provider(app)
    await chat.run("bob", "/apply", f"> {ADVERTISING}", "750000", "25")
    one, two, _ = documents(tmp_path)
    await chat.send_file("bob", one)
    copy = tmp_path / "licence-copy.pdf"
    copy.write_bytes(one.read_bytes())
    said = await chat.send_file("bob", copy)
    assert "“licence-copy.pdf” is the same file as “doc1.pdf”" in said.text
    said = await chat.send_file("bob", two)
    assert "1. doc1.pdf\n2. doc2.pdf" in said.text and "Done" not in said.labels


async def test_below_the_gmv_minimum_says_so_at_that_step(chat: Transcript, app: App) -> None:
    await provider(app)
    said = await chat.run("bob", "/apply", f"> {ADVERTISING}", "120,000")
    assert "Advertising agency needs a GMV of at least $500,000" in said.text
    assert "you sent $120,000" in said.text
    assert said.last.labels[0] == "Choose another category"
    said = await chat.say("bob", "750000")  # a corrected figure goes on
    assert "How many merchants" in said.text
    said = await chat.say("bob", "3")
    assert "needs at least 20 merchants served; you sent 3" in said.text
    said = await chat.press("bob", "Choose another category")
    assert ADVERTISING in said.last.labels
    async with app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(Application)) == 0


async def test_below_the_minimums_in_chinese(chat: Transcript, app: App) -> None:
    await factories.provider(app, "wang", categories=(), language="zh")
    said = await chat.run("wang", "/apply", "> 广告代理", "120000")
    assert "广告代理 要求近 12 个月 GMV 不低于 $500,000，您填写的是 $120,000" in said.text
    said = await chat.say("wang", "600000")
    said = await chat.say("wang", "2")
    assert "要求服务商家数不少于 20，您填写的是 2" in said.text
    said = await chat.press("wang", "选择其他类目")
    assert "广告代理" in said.last.labels


async def test_the_note_is_kept_and_shown_before_confirming(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await provider(app)
    await chat.run("bob", "/apply", f"> {ADVERTISING}", "750000", "25")
    for path in documents(tmp_path):
        await chat.send_file("bob", path)
    said = await chat.run("bob", "> Done", "We mostly serve beauty brands.")
    assert "Note: We mostly serve beauty brands." in said.text
    assert said.last.labels == ["Confirm", "Cancel", "‹ Back"]
    said = await chat.press("bob", "Confirm")
    assert "A-000001" in said.text


async def test_gmv_that_is_not_a_number_is_refused_and_the_form_waits(
        chat: Transcript, app: App) -> None:
    await provider(app)
    await chat.run("bob", "/apply", f"> {ADVERTISING}")
    said = await chat.say("bob", "about a million")
    assert "“about a million” is not a number" in said.text
    said = await chat.say("bob", "-5000")
    assert "the GMV cannot be negative" in said.text
    said = await chat.say("bob", "750000")
    assert "How many merchants" in said.text


async def test_gmv_errors_speak_chinese_to_a_chinese_provider(
        chat: Transcript, app: App) -> None:
    await factories.provider(app, "li", categories=(), language="zh")
    await chat.say("li", "/apply", lang="zh")
    said = await chat.press("li", "广告代理")
    assert "不低于 $500,000" in said.text
    said = await chat.say("li", "很多")
    assert "不是数字" in said.text


async def test_a_document_of_the_wrong_type_or_too_large_is_refused(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await provider(app)
    await chat.run("bob", "/apply", f"> {ADVERTISING}", "750000", "25")
    exe = tmp_path / "setup.exe"
    exe.write_bytes(b"MZ" * 10)
    said = await chat.send_file("bob", exe)
    assert "“setup.exe” is not an image or a PDF" in said.text
    big = tmp_path / "huge.pdf"
    with big.open("wb") as fh:
        fh.truncate(11 * 1024 * 1024)
    said = await chat.send_file("bob", big)
    assert "huge.pdf" in said.text and "10" in said.text
    said = await chat.send_file("bob", documents(tmp_path / "ok", 1)[0])
    assert "1 received so far" in said.text
    async with app.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(StoredFile)) == 1


async def test_text_where_files_or_buttons_are_expected_repeats_the_question(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await provider(app)
    said = await chat.run("bob", "/apply", "advertising please")
    assert "Please choose one of the buttons" in said[0].text
    assert ADVERTISING in said.last.labels
    said = await chat.run("bob", f"> {ADVERTISING}", "750000", "25", "here are my papers")
    assert "Please send the documents as files" in said.text
    for path in documents(tmp_path):
        await chat.send_file("bob", path)
    said = await chat.run("bob", "> Done", "> Skip", "yes")
    assert "Please choose one of the buttons" in said[0].text
    assert said.last.labels == ["Confirm", "Cancel", "‹ Back"]


async def test_a_merchant_cannot_apply(chat: Transcript, app: App) -> None:
    await factories.merchant(app, "alice")
    said = await chat.say("alice", "/apply")
    assert "not available to you" in said.text
    said = await chat.forge("alice", "apply:cat:advertising")
    assert "no longer valid" in said.text


async def test_a_certified_provider_cannot_apply_again_for_the_same_category(
        chat: Transcript, app: App) -> None:
    await factories.provider(app, "bob", categories=("advertising",))
    await chat.say("bob", "/apply")
    said = await chat.press("bob", ADVERTISING)
    assert "already certified in this category" in said.text
    said = await chat.say("bob", "750000")  # still picking a category: no GMV step
    assert "Please choose one of the buttons" in said[0].text


async def test_an_open_application_blocks_a_second_one_with_a_pointer(
        chat: Transcript, app: App, tmp_path: Path) -> None:
    await provider(app)
    await apply(chat, "bob", tmp_path)
    await chat.say("bob", "/apply")
    said = await chat.press("bob", ADVERTISING)
    assert "already have an open application for this category: A-000001" in said.text
    assert "/applications" in said.text
