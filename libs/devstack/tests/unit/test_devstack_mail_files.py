from datetime import UTC, datetime
from email.message import EmailMessage

import pytest

from leveling_devstack._mail import SinkMessage, load_eml, message_file_name, parse_message, to_eml


def _raw() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Leveling <leveling@meridianbio.example.com>"
    msg["To"] = (
        "Priya Raman <priya.raman@meridianbio.example.com>, grace.liu@meridianbio.example.com"
    )
    msg["Cc"] = "ben.novak@meridianbio.example.com"
    msg["Subject"] = "Level M2 for Clinical Trial Manager \u2013 Raleigh"
    msg["Message-ID"] = "<decision-1@leveling.local>"
    msg.set_content("Recommended level: M2")
    msg.add_alternative("<p>Recommended level: <b>M2</b></p>", subtype="html")
    return msg.as_bytes()


def _parsed() -> SinkMessage:
    return parse_message(
        _raw(),
        sink_id="abc",
        mail_from="leveling@meridianbio.example.com",
        rcpt_tos=["priya.raman@meridianbio.example.com", "grace.liu@meridianbio.example.com"],
        received_at=datetime(2025, 3, 3, 14, 5, tzinfo=UTC),
    )


def test_a_multipart_message_is_parsed_into_headers_and_both_bodies():
    message = _parsed()

    assert message.subject == "Level M2 for Clinical Trial Manager \u2013 Raleigh"
    assert message.to == (
        "priya.raman@meridianbio.example.com",
        "grace.liu@meridianbio.example.com",
    )
    assert message.cc == ("ben.novak@meridianbio.example.com",)
    assert message.message_id == "<decision-1@leveling.local>"
    assert message.header("message-id") == "<decision-1@leveling.local>"
    assert message.text == "Recommended level: M2\n"
    assert message.html == "<p>Recommended level: <b>M2</b></p>\n"


def test_an_eml_file_round_trips_envelope_and_raw_bytes():
    message = _parsed()

    loaded = load_eml(to_eml(message), fallback_id="unused")

    assert loaded == message
    assert message_file_name(message) == "20250303T140500000000-abc.eml"


def test_a_file_without_the_sink_envelope_is_not_taken_for_stored_mail():
    with pytest.raises(ValueError, match="not a sink"):
        load_eml(_raw(), fallback_id="x")


def test_a_text_only_message_has_no_html_part():
    raw = b"From: a@example.com\r\nTo: b@example.com\r\nSubject: hi\r\n\r\nplain body\r\n"

    message = parse_message(
        raw,
        sink_id="t",
        mail_from="a@example.com",
        rcpt_tos=["b@example.com"],
        received_at=datetime(2025, 1, 1, tzinfo=UTC),
    )

    assert (message.text, message.html, message.message_id) == ("plain body\n", None, None)
