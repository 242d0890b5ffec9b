"""The requests as the references build them: model messages and both judge prompts."""

from __future__ import annotations

import hashlib

import pytest

from evals.hle import prompts
from evals.hle.data import HleItem
from tests.hle import synthetic

# sha256 of the reference texts, taken from NeMo-Skills 7205c43 (generic/hle.yaml `system`,
# judge/hle.yaml `user`, as yaml.safe_load reads them) and centerforaisafety/hle 26dca2e
# (run_model_predictions.py SYSTEM_PROMPT, run_judge_results.py JUDGE_PROMPT).
REFERENCE_SHA256 = {
    "NEMO_SKILLS_SYSTEM_PROMPT": "e15308f27e68436bf3dc9b6c4080454fcac2ee2f67b6e0cae1d36b621e7f5866",
    "OFFICIAL_SYSTEM_PROMPT": "40f399fe8c277e2cb98ad8ca663461141d1abbf01a18da3c4129eccc706b4326",
    "NEMO_SKILLS_JUDGE_PROMPT": "4b2490ca0cc72f7a6a9bbf245eddd4f97f50a627beb6073a347c10952fc8487f",
    "OFFICIAL_JUDGE_PROMPT": "0f0023ee579b8c134f1834ed8952778b9e01460e31d47c242ee3629da9d44835",
}

ITEM = HleItem(
    id="synth0001",
    question="Compute {x} where x = 2^3. Use \\frac{1}{2} if needed.",
    answer="8",
    answer_type="exactMatch",
    category="Math",
    raw_subject="Synthetic Math",
)
IMAGE_ITEM = HleItem(
    id="synth0008", question="What colour is the pixel?", answer="clear", answer_type="exactMatch",
    category="Other", raw_subject="Synthetic Other", image=synthetic.DATA_URL,
)


@pytest.mark.parametrize("name", sorted(REFERENCE_SHA256))
def test_texts_are_the_references(name):
    assert hashlib.sha256(getattr(prompts, name).encode("utf-8")).hexdigest() == REFERENCE_SHA256[name]


def test_nemo_skills_system_prompt_keeps_the_doubled_braces():
    # Prompt.fill() at 7205c43 never formats `system`, so the YAML's {{...}} reach the model as is.
    assert prompts.NEMO_SKILLS_SYSTEM_PROMPT.splitlines() == [
        "Your response should be in the following format:",
        "Explanation: {{your explanation for your final answer}}",
        "Answer: {{your succinct, final answer}}",
        "Confidence: {{your confidence score between 0% and 100% for your answer}}",
    ]
    assert "{your chosen answer}" in prompts.OFFICIAL_SYSTEM_PROMPT


def test_nemo_skills_messages_are_system_then_plain_question():
    messages = prompts.model_messages(ITEM, "nemo_skills", images=False)
    assert messages == [
        {"role": "system", "content": prompts.NEMO_SKILLS_SYSTEM_PROMPT},
        {"role": "user", "content": ITEM.question},
    ]


def test_official_messages_use_content_parts():
    messages = prompts.model_messages(ITEM, "official", images=False)
    assert messages == [
        {"role": "system", "content": prompts.OFFICIAL_SYSTEM_PROMPT},
        {"role": "user", "content": [{"type": "text", "text": ITEM.question}]},
    ]


@pytest.mark.parametrize("style", ["nemo_skills", "official"])
def test_image_rows_send_the_image_as_a_data_url_part(style):
    messages = prompts.model_messages(IMAGE_ITEM, style, images=True)
    assert messages[1]["content"] == [
        {"type": "text", "text": "What colour is the pixel?"},
        {"type": "image_url", "image_url": {"url": synthetic.DATA_URL}},
    ]
    with pytest.raises(ValueError, match="synth0008 has an image"):
        prompts.model_messages(IMAGE_ITEM, style, images=False)


def test_nemo_skills_judge_prompt_rendering():
    response = "Explanation: 2^3 = {8}\nAnswer: 8\nConfidence: 90%"
    text = prompts.judge_prompt("nemo_skills", ITEM.question, response, ITEM.answer)
    expected = (
        "Judge whether the following [response] to [question] is correct or not based on the precise and unambiguous [correct_answer] below.\n\n"
        "[question]: Compute {x} where x = 2^3. Use \\frac{1}{2} if needed.\n\n"
        "[response]: Explanation: 2^3 = {8}\nAnswer: 8\nConfidence: 90%\n\n"
        "Your judgement must be in the format and criteria specified below:\n\n"
        "extracted_final_answer: The final exact answer extracted from the [response]. Put the extracted answer as 'None' if there is no exact, final answer to extract from the response.\n\n"
        "[correct_answer]: 8\n\n"
        "Reasoning: Explain why the extracted_final_answer is correct or incorrect based on [correct_answer], focusing only on if there are meaningful differences between [correct_answer] and the extracted_final_answer. Do not comment on any background to the problem, do not attempt to solve the problem, do not argue for any answer different than [correct_answer], focus only on whether the answers match.\n\n"
        "Judgement: Answer 'yes' if extracted_final_answer matches the [correct_answer] given above, or is within a small margin of error for numerical problems. Answer 'no' otherwise, i.e. if there if there is any inconsistency, ambiguity, non-equivalency, or if the extracted answer is incorrect.\n\n"
        "Confidence: The extracted confidence score between 0|\\%| and 100|\\%| from [response]. Put 100 if there is no confidence score available."
    )
    assert text == expected
    assert prompts.judge_messages("nemo_skills", ITEM, response) == [{"role": "user", "content": expected}]
    assert prompts.judge_extra_body("nemo_skills") == {}


def test_official_judge_prompt_rendering_and_schema():
    text = prompts.judge_prompt("official", "Q?", "Answer: 8", "8")
    assert text.startswith(
        "Judge whether the following [response] to [question] is correct or not based on the precise and "
        "unambiguous [correct_answer] below.\n\n[question]: Q?\n\n[response]: Answer: 8\n\n"
    )
    assert "\n\n[correct_answer]: 8\n\nreasoning: Explain why" in text
    assert "or if the extracted answer is incorrect.\n\n\nconfidence: The extracted confidence score between 0|\\%| and 100|\\%|" in text
    body = prompts.judge_extra_body("official")
    schema = body["response_format"]["json_schema"]
    assert body["response_format"]["type"] == "json_schema" and schema["name"] == "ExtractedAnswer" and schema["strict"] is True
    assert schema["schema"]["required"] == ["extracted_final_answer", "reasoning", "correct", "confidence", "strict"]
    assert schema["schema"]["properties"]["correct"]["enum"] == ["yes", "no"]
    assert schema["schema"]["properties"]["strict"] == {"const": True, "title": "Strict", "type": "boolean"}
    assert schema["schema"]["additionalProperties"] is False
