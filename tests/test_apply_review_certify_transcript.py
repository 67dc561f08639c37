"""The README's apply-review-certify transcript still plays to exactly the output it shows."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSCRIPTS = ROOT / "docs" / "transcripts"


def test_the_apply_review_certify_transcript_replays_to_its_recorded_output() -> None:
    played = subprocess.run(
        [sys.executable, str(TRANSCRIPTS / "replay.py"),
         str(TRANSCRIPTS / "apply_review_certify.jsonl")],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert played.returncode == 0, played.stderr
    recorded = (TRANSCRIPTS / "apply_review_certify.out.jsonl").read_text(encoding="utf-8")
    assert played.stdout == recorded
    assert '"to": "bob", "text": "🎉 Application A-000615 is approved' in recorded
