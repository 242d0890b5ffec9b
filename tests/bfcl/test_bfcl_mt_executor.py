"""The call decoder and the safe executor: the reference's strings, results and error messages."""

from __future__ import annotations

import json

import pytest

from evals.bfcl.multi_turn.executor import (
    CallDecodeError,
    CaseBackends,
    calls_to_strings,
    instance_name,
    is_empty_execute_response,
    result_to_string,
)

FS_CONFIG = {
    "GorillaFileSystem": {
        "root": {"alex": {"type": "directory", "contents": {
            "docs": {"type": "directory", "contents": {"a.txt": {"type": "file", "content": "hello"}}},
        }}}
    },
    "TwitterAPI": {"username": "alex", "password": "pw", "tweets": {}, "tweet_counter": 0},
}


def backends(prefix: str = "p") -> CaseBackends:
    return CaseBackends("multi_turn_base_7", ["GorillaFileSystem", "TwitterAPI", "MathAPI"], FS_CONFIG, False, prefix)


def test_calls_to_strings_matches_convert_to_function_call():
    pairs = [{"cd": json.dumps({"folder": "docs"})}, {"mean": {"numbers": [1, 2.5]}}, {"ls": "{}"}]
    assert calls_to_strings(pairs) == ["cd(folder='docs')", "mean(numbers=[1, 2.5])", "ls()"]
    assert calls_to_strings({"echo": '{"content": "it\'s", "file_name": null}'}) == [
        "echo(content=\"it's\",file_name=None)"
    ]


@pytest.mark.parametrize("bad", ["plain text answer", [{"cd": "{not json"}], [{"cd": "[1, 2]"}], ["text"]])
def test_undecodable_steps_raise(bad):
    with pytest.raises(CallDecodeError):
        calls_to_strings(bad)


def test_is_empty_execute_response():
    assert is_empty_execute_response([]) and is_empty_execute_response([[]])
    assert not is_empty_execute_response([["ls()"]]) and not is_empty_execute_response([[], []])


def test_results_are_strings_as_in_the_reference():
    assert result_to_string("x") == "x"
    assert result_to_string({"a": 1, "b": [True]}) == '{"a": 1, "b": [true]}'
    assert result_to_string(None) == "None"
    assert result_to_string([{"id": 1}]) == "[{'id': 1}]"
    assert result_to_string({"s": {1, 2}}) == "{'s': {1, 2}}"  # not JSON-serialisable: str()


def test_execute_dispatches_to_the_case_instances_and_keeps_state():
    b = backends()
    assert b.execute(["cd(folder='docs')", "cat(file_name='a.txt')", "pwd()"]) == [
        '{"current_working_directory": "docs"}',
        '{"file_content": "hello"}',
        '{"current_working_directory": "/alex/docs"}',
    ]
    assert b.execute(["touch(file_name='b.txt')"]) == ["None"]
    assert "b.txt" in b.instances["GorillaFileSystem"]._current_dir.contents
    assert b.execute(["add(a=-1, b=2.5)"]) == ['{"result": 1.5}']


def test_execution_errors_become_result_strings():
    b = backends()
    assert b.execute(["cd(path='docs')"]) == [
        "Error during execution: GorillaFileSystem.cd() got an unexpected keyword argument 'path'"
    ]
    assert b.execute(["cd()"]) == [
        "Error during execution: GorillaFileSystem.cd() missing 1 required positional argument: 'folder'"
    ]
    assert b.execute(["fly(to='moon')"]) == ["Error during execution: name 'fly' is not defined"]
    assert b.execute(["cd(folder='docs'"])[0].startswith("Error during execution: ")
    assert b.execute(["exit(code=1)", "remove(x=1)"]) == [
        "Error during execution: Function call exit is not allowed.",
        "Error during execution: Function call remove is not allowed.",
    ]


def test_no_python_is_executed_from_model_text(tmp_path):
    b = backends()
    marker = tmp_path / "pwned"
    sneaky = f"ls(a=__import__('pathlib').Path({str(marker)!r}).touch())"
    result = b.execute([sneaky])[0]
    assert result.startswith("Error during execution: ")
    assert not marker.exists()
    assert b.execute(["ls(a=open('/etc/passwd'))"])[0] == "Error during execution: name 'open' is not defined"


def test_method_names_inside_string_arguments_are_rewritten_like_the_reference():
    """The reference's regex prefixes `<method>(` everywhere, string literals included."""
    b = backends(prefix="sample_model")
    b.execute(["authenticate_twitter(username='alex', password='pw')"])
    tweet = json.loads(b.execute(["post_tweet(content='try ls() now')"])[0])
    inst = instance_name("sample_model", "multi_turn_base_7", "GorillaFileSystem")
    assert inst == "sample_model_multi_turn_base_7_GorillaFileSystem_instance"
    assert tweet["content"] == f"try {inst}.ls() now"


def test_later_class_wins_a_shared_method_name():
    b = CaseBackends("x", ["MathAPI", "GorillaFileSystem"], FS_CONFIG, False, "p")
    assert b.execute(["sort(file_name='none')"]) == ['{"error": "sort: none: No such file or directory"}']
