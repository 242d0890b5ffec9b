"""Configuration: precedence, validation errors that name the key, the model-card file."""

from pathlib import Path

import pytest

from fixtures.config import DEFAULT_CONFIG, ConfigError, load_config, resolve_task


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text)
    return path


def test_model_card_config_matches_the_seed_run():
    config = load_config(DEFAULT_CONFIG, {}, [])
    assert config.endpoint.url == "https://integrate.api.nvidia.com/v1/chat/completions"
    assert config.endpoint.model == "nvidia/nemotron-nano-3-30b-a3b"
    assert config.endpoint.api_key_env == "NGC_API_KEY"
    d = config.defaults
    assert (d.max_new_tokens, d.temperature, d.top_p, d.parallelism, d.request_timeout, d.max_retries) == (
        131072, 0.99999, 0.99999, 512, 3600.0, 10)
    repeats = {name: resolve_task(config, name).repeats for name in config.tasks}
    assert repeats == {"ifbench": 8, "bfcl_v3": 1, "bfcl_v4": 1, "livecodebench": 8, "mmlu_pro": 1,
                       "gpqa": 8, "scicode": 8, "hle": 1, "aime2025": 64}
    bfcl4 = resolve_task(config, "bfcl_v4").generation
    assert (bfcl4.temperature, bfcl4.top_p, bfcl4.max_new_tokens) == (0.6, 0.95, 8192)
    bfcl3 = resolve_task(config, "bfcl_v3").generation
    assert (bfcl3.temperature, bfcl3.top_p, bfcl3.max_new_tokens) == (0.6, 0.95, 131072)
    assert resolve_task(config, "livecodebench").options == {"split": "test_v5_2407_2412"}
    judge = resolve_task(config, "hle").judge
    assert (judge.model, judge.api_key_env, judge.parallelism) == ("openai/gpt-4o", "JUDGE_API_KEY", 16)
    cards = {name: s.model_card.value for name, s in config.tasks.items() if s.model_card}
    assert cards == {"ifbench": 71.5, "bfcl_v4": 53.8, "livecodebench": 68.3, "mmlu_pro": 78.3, "gpqa": 73.0,
                     "scicode": 33.3, "hle": 10.6, "aime2025": 89.1}


def test_precedence_defaults_file_task_cli_set(tmp_path):
    path = write(tmp_path, """
defaults: {temperature: 0.5, repeats: 2, parallelism: 4}
tasks:
  gpqa: {repeats: 8, temperature: 0.7}
""")
    config = load_config(path, {}, [])
    assert resolve_task(config, "gpqa").repeats == 8  # task section beats defaults
    assert resolve_task(config, "mmlu_pro").repeats == 2
    config = load_config(path, {"repeats": 3}, [])
    assert resolve_task(config, "gpqa").repeats == 3  # CLI beats the task section
    config = load_config(path, {"repeats": 3}, ["tasks.gpqa.repeats=5"])
    assert resolve_task(config, "gpqa").repeats == 5  # --set beats everything
    assert resolve_task(config, "gpqa").generation.temperature == 0.7
    assert resolve_task(config, "gpqa").generation.parallelism == 4


def test_cli_endpoint_flags_and_limit(tmp_path):
    config = load_config(None, {"model": "m2", "base_url": "http://h:1/v1", "api_key_env": "none", "limit": 7}, [])
    assert config.endpoint.chat_url == "http://h:1/v1/chat/completions"
    assert config.endpoint.api_key_env is None
    assert resolve_task(config, "gpqa").limit == 7


@pytest.mark.parametrize(
    "text, message",
    [
        ("defaults: {temprature: 1}", "unknown key defaults.temprature"),
        ("defaults: {parallelism: many}", "defaults.parallelism: expected an integer, got 'many'"),
        ("tasks: {gpqa: {repeats: 0}}", "tasks.gpqa.repeats: expected at least 1"),
        ("tasks: {gpqa: {model_card: {metric: x}}}", "tasks.gpqa.model_card"),
        ("endpoint: [1, 2]", "endpoint: expected a mapping"),
        ("run: {cache: yes-please}", "run.cache: expected true or false"),
    ],
)
def test_bad_config_names_the_key(tmp_path, text, message):
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, text), {}, [])
    assert message in str(error.value)
    assert str(tmp_path / "config.yaml") in str(error.value)


def test_set_values_are_yaml_typed():
    config = load_config(None, {}, ["defaults.temperature=0.25", "defaults.extra_body={a: 1}", "tasks.gpqa.enabled=false"])
    assert config.defaults.temperature == 0.25
    assert config.defaults.extra_body == {"a": 1}
    assert config.tasks["gpqa"].enabled is False
    with pytest.raises(ConfigError, match="expected dotted.key=value"):
        load_config(None, {}, ["nonsense"])


def test_errors_in_set_overrides_name_the_override_not_the_file():
    for assignment, expected in (
        ("run.stall_warning=soon", "run.stall_warning: expected a number, got 'soon' (from --set run.stall_warning=soon)"),
        ("defaults.temprature=1", "unknown key defaults.temprature"),
    ):
        with pytest.raises(ConfigError) as caught:
            load_config(DEFAULT_CONFIG, {}, [assignment])
        assert expected in str(caught.value) and f"(from --set {assignment})" in str(caught.value)


@pytest.mark.parametrize(
    "text, message",
    [
        ("tasks: {mmlu-pro: {repeats: 3}}", "tasks.mmlu-pro: unknown task; expected one of aime2025, bfcl_v3"),
        ("tasks: {gpqa: {limit: -1}}", "tasks.gpqa.limit: expected 0 or more items, got -1"),
        ("tasks: {gpqa: {parallelism: 0}}", "tasks.gpqa.parallelism: expected at least 1, got 0"),
        ("tasks: {gpqa: {request_timeout: 0}}", "tasks.gpqa.request_timeout: expected more than 0 seconds, got 0"),
        ("tasks: {hle: {judge: {url: u, model: m, max_retries: -1}}}", "tasks.hle.judge.max_retries: expected 0 or more, got -1"),
        ("defaults: {repeats: 0}", "defaults.repeats: expected at least 1, got 0"),
        ("defaults: {request_timeout: -5}", "defaults.request_timeout: expected more than 0 seconds, got -5"),
        ("defaults: {max_retries: -1}", "defaults.max_retries: expected 0 or more, got -1"),
        ("run: {limit: -1}", "run.limit: expected 0 or more items, got -1"),
    ],
)
def test_out_of_range_values_and_unknown_tasks_name_the_key(tmp_path, text, message):
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, text), {}, [])
    assert message in str(error.value) and str(tmp_path / "config.yaml") in str(error.value)
    if "expected" in message and "unknown task" not in message:  # a range error says how to fix it
        key = message.split(":")[0]
        assert "set it to e.g." in str(error.value) and f"--set {key}=" in str(error.value)


def test_unknown_task_lists_every_known_task_and_names_the_set_override():
    with pytest.raises(ConfigError) as error:
        load_config(DEFAULT_CONFIG, {}, ["tasks.mmlu-pro.repeats=3"])
    text = str(error.value)
    assert "tasks.mmlu-pro: unknown task" in text and "(from --set tasks.mmlu-pro.repeats=3)" in text
    for name in ("aime2025", "bfcl_v3", "bfcl_v4", "gpqa", "hle", "ifbench", "livecodebench", "mmlu_pro", "scicode"):
        assert name in text


@pytest.mark.parametrize(
    "flags, message",
    [
        ({"limit": -1}, "--limit -1: expected 0 or more items"),
        ({"repeats": 0}, "--repeats 0: expected at least 1"),
        ({"repeats": -1}, "--repeats -1: expected at least 1"),
        ({"parallelism": 0}, "--parallelism 0: expected at least 1"),
        ({"request_timeout": 0.0}, "--request-timeout 0: expected more than 0 seconds"),
        ({"request_timeout": -2.0}, "--request-timeout -2: expected more than 0 seconds"),
        ({"max_retries": -1}, "--max-retries -1: expected 0 or more"),
    ],
)
def test_out_of_range_flags_name_the_flag_not_the_file(flags, message):
    with pytest.raises(ConfigError) as error:
        load_config(DEFAULT_CONFIG, flags, [])
    assert str(error.value).startswith(message)
    assert str(DEFAULT_CONFIG) not in str(error.value)


def test_limit_zero_is_allowed():
    assert resolve_task(load_config(DEFAULT_CONFIG, {"limit": 0}, []), "gpqa").limit == 0
