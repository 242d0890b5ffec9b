"""The exact requests: the answer-format prompt for the model and the two judge prompts.

Texts are the references' own, character for character:
- NeMo-Skills 7205c43 nemo_skills/prompt/config/generic/hle.yaml (system) and judge/hle.yaml (user);
- the official HLE repo (centerforaisafety/hle, last upstream commit 26dca2e):
  hle_eval/run_model_predictions.py SYSTEM_PROMPT and hle_eval/run_judge_results.py JUDGE_PROMPT.
"""

from __future__ import annotations

from typing import Any

from evals.hle.data import HleItem

# NeMo-Skills sends the system text of a prompt config as it stands in the YAML: Prompt.fill()
# formats only the user message, so the doubled braces reach the model as "{{...}}".
NEMO_SKILLS_SYSTEM_PROMPT = (
    "Your response should be in the following format:\n"
    "Explanation: {{your explanation for your final answer}}\n"
    "Answer: {{your succinct, final answer}}\n"
    "Confidence: {{your confidence score between 0% and 100% for your answer}}"
)

OFFICIAL_SYSTEM_PROMPT = (
    "Your response should be in the following format:\n"
    "Explanation: {your explanation for your answer choice}\n"
    "Answer: {your chosen answer}\n"
    "Confidence: {your confidence score between 0% and 100% for your answer}"
)

# judge/hle.yaml `user:` (a `|-` block): fields problem, generation, expected_answer.
# The backslashes in "0|\%|" are literal in both references.
NEMO_SKILLS_JUDGE_PROMPT = (
    "Judge whether the following [response] to [question] is correct or not based on the precise and "
    "unambiguous [correct_answer] below.\n"
    "\n"
    "[question]: {problem}\n"
    "\n"
    "[response]: {generation}\n"
    "\n"
    "Your judgement must be in the format and criteria specified below:\n"
    "\n"
    "extracted_final_answer: The final exact answer extracted from the [response]. Put the extracted answer "
    "as 'None' if there is no exact, final answer to extract from the response.\n"
    "\n"
    "[correct_answer]: {expected_answer}\n"
    "\n"
    "Reasoning: Explain why the extracted_final_answer is correct or incorrect based on [correct_answer], "
    "focusing only on if there are meaningful differences between [correct_answer] and the "
    "extracted_final_answer. Do not comment on any background to the problem, do not attempt to solve the "
    "problem, do not argue for any answer different than [correct_answer], focus only on whether the answers "
    "match.\n"
    "\n"
    "Judgement: Answer 'yes' if extracted_final_answer matches the [correct_answer] given above, or is within "
    "a small margin of error for numerical problems. Answer 'no' otherwise, i.e. if there if there is any "
    "inconsistency, ambiguity, non-equivalency, or if the extracted answer is incorrect.\n"
    "\n"
    "Confidence: The extracted confidence score between 0|\\%| and 100|\\%| from [response]. Put 100 if there "
    "is no confidence score available."
)

# run_judge_results.py JUDGE_PROMPT: fields question, response, correct_answer; lower-case labels,
# two blank lines before "confidence:".
OFFICIAL_JUDGE_PROMPT = (
    "Judge whether the following [response] to [question] is correct or not based on the precise and "
    "unambiguous [correct_answer] below.\n"
    "\n"
    "[question]: {question}\n"
    "\n"
    "[response]: {response}\n"
    "\n"
    "Your judgement must be in the format and criteria specified below:\n"
    "\n"
    "extracted_final_answer: The final exact answer extracted from the [response]. Put the extracted answer "
    "as 'None' if there is no exact, final answer to extract from the response.\n"
    "\n"
    "[correct_answer]: {correct_answer}\n"
    "\n"
    "reasoning: Explain why the extracted_final_answer is correct or incorrect based on [correct_answer], "
    "focusing only on if there are meaningful differences between [correct_answer] and the "
    "extracted_final_answer. Do not comment on any background to the problem, do not attempt to solve the "
    "problem, do not argue for any answer different than [correct_answer], focus only on whether the answers "
    "match.\n"
    "\n"
    "correct: Answer 'yes' if extracted_final_answer matches the [correct_answer] given above, or is within "
    "a small margin of error for numerical problems. Answer 'no' otherwise, i.e. if there if there is any "
    "inconsistency, ambiguity, non-equivalency, or if the extracted answer is incorrect.\n"
    "\n"
    "\n"
    "confidence: The extracted confidence score between 0|\\%| and 100|\\%| from [response]. Put 100 if there "
    "is no confidence score available."
)

# The response_format the openai client (1.57.0, the official requirements pin, with pydantic 2)
# sends for client.beta.chat.completions.parse(response_format=ExtractedAnswer).
OFFICIAL_RESPONSE_FORMAT: dict[str, Any] = {
    "type": "json_schema",
    "json_schema": {
        "schema": {
            "properties": {
                "extracted_final_answer": {"title": "Extracted Final Answer", "type": "string"},
                "reasoning": {"title": "Reasoning", "type": "string"},
                "correct": {"enum": ["yes", "no"], "title": "Correct", "type": "string"},
                "confidence": {"title": "Confidence", "type": "integer"},
                "strict": {"const": True, "title": "Strict", "type": "boolean"},
            },
            "required": ["extracted_final_answer", "reasoning", "correct", "confidence", "strict"],
            "title": "ExtractedAnswer",
            "type": "object",
            "additionalProperties": False,
        },
        "name": "ExtractedAnswer",
        "strict": True,
    },
}


def system_prompt(style: str) -> str:
    return NEMO_SKILLS_SYSTEM_PROMPT if style == "nemo_skills" else OFFICIAL_SYSTEM_PROMPT


def model_messages(item: HleItem, style: str, images: bool) -> list[dict[str, Any]]:
    """System = answer format, user = the question (plus the image as a data-URL content part).

    NeMo-Skills fills `user: "{problem}"`, a plain string; the official script always sends a list
    of content parts, with an image_url part when the row has an image.
    """
    if item.has_image and not images:
        raise ValueError(f"item {item.id} has an image but the model is not configured to take images")
    text_part = {"type": "text", "text": item.question}
    if item.has_image:
        user: Any = [text_part, {"type": "image_url", "image_url": {"url": item.image}}]
    elif style == "official":
        user = [text_part]
    else:
        user = item.question
    return [{"role": "system", "content": system_prompt(style)}, {"role": "user", "content": user}]


def judge_prompt(style: str, question: str, response: str, correct_answer: str) -> str:
    """The judge's single user message. str.format fills the template only, so braces in the
    question or response stay as they are (as in both references)."""
    if style == "nemo_skills":
        return NEMO_SKILLS_JUDGE_PROMPT.format(problem=question, generation=response, expected_answer=correct_answer)
    return OFFICIAL_JUDGE_PROMPT.format(question=question, response=response, correct_answer=correct_answer)


def judge_template(style: str) -> str:
    return NEMO_SKILLS_JUDGE_PROMPT if style == "nemo_skills" else OFFICIAL_JUDGE_PROMPT


def judge_messages(style: str, item: HleItem, response: str) -> list[dict[str, Any]]:
    return [{"role": "user", "content": judge_prompt(style, item.question, response, item.answer)}]


def judge_extra_body(style: str) -> dict[str, Any]:
    """Request fields beyond messages: the structured-output schema for the official judge."""
    if style == "official":
        return {"response_format": OFFICIAL_RESPONSE_FORMAT}
    return {}
