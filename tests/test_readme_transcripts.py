"""The README's transcripts are true: each script replays to its recorded output, and the
README shows that output line for line."""

import importlib.util
import io
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TRANSCRIPTS = ROOT / "docs" / "transcripts"
SCRIPTS = sorted(TRANSCRIPTS.glob("*.jsonl"))
SCRIPTS = [s for s in SCRIPTS if not s.name.endswith(".out.jsonl")]


def _replay_module():  # noqa: ANN202 - docs/ is not a package
    spec = importlib.util.spec_from_file_location("replay", TRANSCRIPTS / "replay.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_there_are_transcripts() -> None:
    assert {s.stem for s in SCRIPTS} >= {"search_to_binding", "apply_review_certify"}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
async def test_a_transcript_replays_to_its_recorded_output(script: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    failures = await _replay_module().replay(script, out=out, err=err)
    assert failures == 0, err.getvalue()
    assert out.getvalue() == script.with_suffix(".out.jsonl").read_text("utf-8")


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_the_readme_shows_the_transcript(script: Path) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    recorded = script.with_suffix(".out.jsonl").read_text("utf-8").splitlines()
    missing = [line for line in recorded if line not in readme]
    assert missing == []
