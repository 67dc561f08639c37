"""The typed buttons of sign-up, search, cards, the shortlist, profile and shop editing,
language, invites and subscriptions pack to the payloads sent before they were typed (old
messages in chats still carry those), and unpack back to the same value."""

from __future__ import annotations

import pytest

from domain.models import Role
from handlers.conversations import (
    card_press,
    choose_language,
    edit_profile,
    edit_shop,
    follow_announcements,
    invite_team,
    register_account,
    saved_providers,
    search_query,
)
from handlers.engine.presses import Press
from handlers.engine.stale import StaleButton
from handlers.engine.widgets import Flip

CASES = [
    (register_account.PickRole(Role.MERCHANT), "start:role:merchant"),
    (register_account.Markets(Flip.TOGGLE, "sea"), "start:mk:t:sea"),
    (register_account.Markets(Flip.DONE), "start:mk:done"),
    (register_account.Languages(Flip.TOGGLE, "en"), "start:lg:t:en"),
    (register_account.Product("beauty"), "start:product:beauty"),
    (register_account.Gmv("lt50k"), "start:gmv:lt50k"),
    (search_query.Category("logistics"), "search:cat:logistics"),
    (search_query.Browse(), "search:browse"),
    (search_query.BackToResults(), "search:back"),
    (search_query.Page(2), "search:page:2"),
    (search_query.OpenFilter(search_query.Filter.RATING), "search:f:rt"),
    (search_query.SetFilter(search_query.Filter.MARKET, "-"), "search:set:mk:-"),
    (search_query.Accepting(), "search:acc"),
    (search_query.Order("rating"), "search:o:rating"),
    (card_press.ShowCard(7), "card:show:7"),
    (card_press.BackToCard(7), "card:back:7"),
    (card_press.Evaluations(7, 0), "card:ev:7:0"),
    (card_press.EvaluationsPage(7, 3), "card:evp:7:3"),
    (card_press.Share(7), "card:share:7"),
    (saved_providers.Add(7), "saved:add:7"),
    (saved_providers.Remove(7), "saved:del:7"),
    (edit_profile.OpenMenu(), "edit:menu"),
    (edit_profile.Describe("zh"), "edit:d:zh"),
    (edit_profile.Website(), "edit:web"),
    (edit_profile.Accepting(), "edit:acc"),
    (edit_profile.Finish(), "edit:done"),
    (edit_profile.Markets(), "edit:mk"),
    (edit_profile.Markets(Flip.TOGGLE, "sea"), "edit:mk:t:sea"),
    (edit_profile.Languages(Flip.DONE), "edit:lg:done"),
    (edit_shop.Change(edit_shop.Part.MARKETS), "shop:go:markets"),
    (edit_shop.Finish(), "shop:done"),
    (edit_shop.Markets(Flip.DONE), "shop:mk:done"),
    (edit_shop.Product("beauty"), "shop:product:beauty"),
    (edit_shop.Gmv("lt50k"), "shop:gmv:lt50k"),
    (choose_language.Choose("zh"), "lang:zh"),
    (invite_team.Renew(), "invite:renew"),
    (follow_announcements.Toggle("logistics"), "follow:t:logistics"),
    (follow_announcements.Done(), "follow:done"),
    (follow_announcements.Every(), "follow:all"),
    (follow_announcements.Change(), "follow:edit"),
    (follow_announcements.Stop(), "follow:stop"),
    (follow_announcements.ToggleKind("sanction"), "followk:t:sanction"),
    (follow_announcements.KindsDone(), "followk:done"),
]


@pytest.mark.parametrize(("press", "payload"), CASES, ids=[p for _, p in CASES])
def test_a_typed_button_keeps_its_payload(press: Press, payload: str) -> None:
    assert press.pack() == payload
    family = next(k for k in type(press).__mro__ if "kinds" in vars(k))
    assert family.unpack(payload.partition(":")[2]) == press


@pytest.mark.parametrize("payload", [
    "start:mk", "start:role:operator", "shop:go:logo", "shop:mk",
    "edit:mk:x", "search:f:zz", "search:set:rt", "card:ev:7", "saved:add:0", "lang:",
])
def test_a_payload_that_never_was_a_button_is_stale(payload: str) -> None:
    prefix, _, rest = payload.partition(":")
    family = {k.prefix: k for k in (
        register_account.StartPress, edit_shop.ShopPress, edit_profile.EditPress,
        search_query.SearchPress, card_press.CardPress, saved_providers.SavedPress,
        choose_language.LangPress)}[prefix]
    with pytest.raises(StaleButton):
        family.unpack(rest)
