"""Demo events cover every case the site must show; every events block has a template, description and preview."""

from django.utils import timezone

import pytest

from events import blocks as event_blocks
from events.models import EventPage
from registrations.models import Registration, RegistrationStatus

BLOCKS = {
    "speaker": event_blocks.SpeakerBlock(),
    "agenda_item": event_blocks.AgendaItemBlock(),
    "text_question": event_blocks.TextQuestionBlock(),
    "choice_question": event_blocks.ChoiceQuestionBlock(),
    "multiple_question": event_blocks.MultipleChoiceQuestionBlock(),
    "number_question": event_blocks.NumberQuestionBlock(),
}


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_event_blocks_have_template_description_and_preview(name):
    block = BLOCKS[name]
    assert block.meta.template and block.get_description() and block.is_previewable
    html = block.render(block.to_python(block.meta.preview_value))
    assert (
        block.meta.preview_value[
            "name" if name == "speaker" else ("title" if name == "agenda_item" else "label")
        ]
        in html
    )


def test_demo_events(client, demo_site):
    events = list(EventPage.objects.live())
    assert len(events) >= 15
    now = timezone.now()
    states = {event.slug: event.registration_state().code for event in events}
    assert "full_waitlist" in states.values()
    assert "closed" in states.values()
    assert "not_open" in states.values()
    assert sum(1 for e in events if e.ends_at < now) >= 3
    assert {e.event_type for e in events} == {"salon", "roadshow", "matchmaking", "forum", "training"}
    assert len({timezone.localtime(e.starts_at).strftime("%Y-%m") for e in events}) >= 3
    assert Registration.objects.filter(status=RegistrationStatus.WAITLISTED).exists()
    assert Registration.objects.filter(status=RegistrationStatus.PENDING).exists()
    assert Registration.objects.filter(status=RegistrationStatus.ATTENDED).exists()
    for event in events:
        target = event.registration_target
        if target.capacity:
            taken = sum(r.party_size for r in Registration.objects.filter(target=target) if r.holds_seat)
            assert taken <= target.capacity, event.slug
    shalong = client.get("/shalong/").content.decode()
    assert "event-card" in shalong
    assert client.get("/events/").status_code == 200
    assert "event-card" in client.get("/").content.decode()
