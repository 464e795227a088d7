import json
import signal
import smtplib
import subprocess
import sys
from email.message import EmailMessage

import httpx
import pytest

from leveling_devstack.cli import main
from leveling_devstack.samples import posting_job_id
from leveling_devstack.smtp_sink import free_port
from leveling_devstack.webhooks import verify_greenhouse

pytestmark = pytest.mark.integration


def test_send_samples_posts_every_sample_as_a_signed_job_created_webhook(
    webhook_receiver, seeds_dir, capsys
):
    code = main(
        [
            "send-samples",
            "--target",
            webhook_receiver.url,
            "--secret",
            "S",
            "--seeds",
            str(seeds_dir),
        ]
    )

    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert len(lines) == len(webhook_receiver.received) == 8
    assert lines[0] == "4012001 job_created 'Clinical Trial Manager' -> 202"
    for request in webhook_receiver.received:
        assert verify_greenhouse("S", request.body, request.headers["signature"])
        assert request.headers["greenhouse-event-id"]
        assert json.loads(request.body)["action"] == "job_created"
    ids = [json.loads(r.body)["payload"]["job"]["id"] for r in webhook_receiver.received]
    assert posting_job_id(seeds_dir / "posting-clinical-quality-manager.txt") in ids


def test_send_samples_reports_each_failure_and_exits_non_zero(capsys):
    target = f"http://127.0.0.1:{free_port()}/v1/webhooks/greenhouse"

    code = main(["send-samples", "--target", target, "--secret", "S"])

    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert len(lines) == 6
    assert all("-> error: ConnectError" in line for line in lines)


def test_send_samples_without_a_secret_is_one_line_and_exit_status_2(monkeypatch, capsys):
    monkeypatch.delenv("LEVELER_GREENHOUSE_SECRET", raising=False)

    with pytest.raises(SystemExit) as exited:
        main(["send-samples", "--target", "http://127.0.0.1:9/x"])

    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert err.count("\n") == 1
    assert "--secret" in err


def test_no_sub_command_is_one_line_and_exit_status_2(capsys):
    with pytest.raises(SystemExit) as exited:
        main([])

    assert exited.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_ats_sandbox_serves_api_and_mail_together_until_sigterm(tmp_path, seeds_dir):
    mail_dir = tmp_path / "mail"
    command = [
        sys.executable,
        "-m",
        "leveling_devstack.cli",
        "ats-sandbox",
        "--port",
        "0",
        "--smtp-port",
        "0",
        "--mail-dir",
        str(mail_dir),
        "--seeds",
        str(seeds_dir),
        "--api-key",
        "local-key",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stderr is not None
    try:
        url = process.stdout.readline().split()[2].rstrip("/")
        smtp_port = int(process.stdout.readline().rsplit(":", 1)[1])
        seed_job = posting_job_id(seeds_dir / "posting-clinical-operations-manager.txt")

        job = httpx.get(f"{url}/v1/jobs/{seed_job}", auth=("local-key", ""), timeout=5)
        _send_mail(smtp_port)
        mail = httpx.get(f"{url}/sandbox/mail", timeout=5).json()
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=15)
        process.stdout.close()
        process.stderr.close()

    assert code == 0
    assert job.status_code == 200
    assert job.json()["name"] == "Clinical Operations Manager"
    assert [m["subject"] for m in mail] == ["Level M3 for Clinical Operations Manager"]
    assert len(list(mail_dir.glob("*.eml"))) == 1


def _send_mail(port: int) -> None:
    msg = EmailMessage()
    msg["From"] = "leveling@meridianbio.example.com"
    msg["To"] = "priya.raman@meridianbio.example.com"
    msg["Subject"] = "Level M3 for Clinical Operations Manager"
    msg.set_content("Recommended level: M3")
    with smtplib.SMTP("127.0.0.1", port, timeout=5) as smtp:
        smtp.send_message(msg)
