"""Unit tests of the four simulated APIs on the behaviours the ground truth relies on.

Expected values were checked against bfcl-eval 2026.3.23's backends (see evals/bfcl/README.md).
"""

from __future__ import annotations

import json

import pytest

from evals.bfcl.multi_turn.apis import MissingBackendError, get_api_class, missing_backends, public_state
from evals.bfcl.multi_turn.apis.gorilla_file_system import Directory, File, GorillaFileSystem
from evals.bfcl.multi_turn.apis.long_context import FILE_CONTENT_EXTENSION, POPULATE_FILE_EXTENSION
from evals.bfcl.multi_turn.apis.math_api import MathAPI
from evals.bfcl.multi_turn.apis.message_api import MessageAPI
from evals.bfcl.multi_turn.apis.posting_api import TwitterAPI
from evals.bfcl.multi_turn.executor import result_to_string


def fs(tree: dict, root: str = "alex", long_context: bool = False) -> GorillaFileSystem:
    system = GorillaFileSystem()
    system._load_scenario({"root": {root: {"type": "directory", "contents": tree}}}, long_context=long_context)
    return system


def d(**contents):
    return {"type": "directory", "contents": contents}


def f(text=""):
    return {"type": "file", "content": text}


# ---- registry ----------------------------------------------------------------------------------


def test_registry_maps_data_class_names_to_classes():
    assert get_api_class("GorillaFileSystem") is GorillaFileSystem
    assert get_api_class("TwitterAPI") is TwitterAPI
    with pytest.raises(KeyError, match="unknown BFCL multi-turn class"):
        get_api_class("NoSuchAPI")


def test_missing_backend_module_is_named(monkeypatch):
    import evals.bfcl.multi_turn.apis as apis

    monkeypatch.setitem(apis.CLASS_MODULES, "TicketAPI", "module_that_does_not_exist")
    with pytest.raises(MissingBackendError, match="module_that_does_not_exist"):
        get_api_class("TicketAPI")
    assert missing_backends(["TicketAPI", "MathAPI"]) == ["evals.bfcl.multi_turn.apis.module_that_does_not_exist"]


# ---- GorillaFileSystem -------------------------------------------------------------------------


def test_fs_public_state_is_root_and_long_context():
    system = fs({"a.txt": f("x")})
    assert set(public_state(system)) == {"root", "long_context"}


def test_fs_cd_one_level_and_errors():
    system = fs({"docs": d(sub=d())})
    assert system.cd(folder="docs") == {"current_working_directory": "docs"}
    assert system.pwd() == {"current_working_directory": "/alex/docs"}
    assert system.cd(folder="docs/sub") == {
        "error": "cd: docs/sub: Unsupported path. Only one folder level at a time is supported."
    }
    assert system.cd(folder="nope") == {"error": "cd: 'nope': No such file or directory"}
    assert system.cd(folder="..") == {}
    assert system.cd(folder="..") == {"error": "Current directory is already the root. Cannot go back."}
    assert system.cd(folder="/") == {"current_working_directory": "alex"}


def test_fs_default_root_pwd_quirk():
    system = GorillaFileSystem()
    system._load_scenario({})
    assert system.pwd() == {"current_working_directory": "//"}


def test_fs_touch_mkdir_echo_cat():
    system = fs({})
    assert system.touch(file_name="a.txt") is None
    assert system.touch(file_name="a.txt") == {"error": "touch: cannot touch 'a.txt': File exists"}
    assert system.touch(file_name="b|c") == {"error": "touch: cannot touch 'b|c': Invalid character"}
    assert system.mkdir(dir_name="out") is None
    assert system.mkdir(dir_name="out") == {"error": "mkdir: cannot create directory 'out': File exists"}
    assert system.echo(content="hello") == {"terminal_output": "hello"}
    assert system.echo(content="hello", file_name="a.txt") is None
    assert system.echo(content="x", file_name="zz.txt") == {"error": "echo: cannot write to 'zz.txt': No such file"}
    assert system.cat(file_name="a.txt") == {"file_content": "hello"}
    assert system.cat(file_name="out") == {"error": "cat: 'out': Is a directory"}
    assert system.cat(file_name="q") == {"error": "cat: 'q': No such file or directory"}
    with pytest.raises(AttributeError):  # echo into a directory: an execution error in the reference too
        system.echo(content="x", file_name="out")


def test_fs_ls_hides_dotfiles_unless_a():
    system = fs({".secret": f(), "b.txt": f()})
    assert system.ls() == {"current_directory_content": ["b.txt"]}
    assert system.ls(a=True) == {"current_directory_content": [".secret", "b.txt"]}


def test_fs_find_paths_relative_to_start():
    system = fs({"docs": d(**{"report.csv": f(), "old": d(**{"report_1.csv": f()})}), "x.txt": f()})
    assert system.find(path=".", name="report") == {"matches": ["./docs/report.csv", "./docs/old/report_1.csv"]}
    assert system.find(path="/docs", name="old") == {"matches": ["/docs/old"]}
    assert system.find(path="missing") == {"error": "find: 'missing': No such file or directory"}


def test_fs_text_tools():
    system = fs({"r.txt": f("b line\na budget\nc budget end"), "s.txt": f("b line\nX\nc budget end")})
    assert system.wc(file_name="r.txt", mode="l") == {"count": 3, "type": "lines"}
    assert system.wc(file_name="r.txt", mode="w") == {"count": 7, "type": "words"}
    assert system.wc(file_name="r.txt", mode="c") == {"count": 28, "type": "characters"}
    assert system.wc(file_name="r.txt", mode="z") == {"error": "wc: invalid mode 'z'"}
    assert system.sort(file_name="r.txt") == {"sorted_content": "a budget\nb line\nc budget end"}
    assert system.grep(file_name="r.txt", pattern="budget") == {"matching_lines": ["a budget", "c budget end"]}
    assert system.tail(file_name="r.txt", lines=2) == {"last_lines": "a budget\nc budget end"}
    assert system.tail(file_name="r.txt", lines=50) == {"last_lines": "b line\na budget\nc budget end"}
    assert system.diff(file_name1="r.txt", file_name2="s.txt") == {"diff_lines": "- a budget\n+ X"}
    assert system.du() == {"disk_usage": "49 bytes"}
    assert system.du(human_readable=True) == {"disk_usage": "49.00 B"}
    assert system.grep(file_name="no", pattern="x") == {"error": "grep: no: No such file or directory"}


def test_fs_mv_into_directory_and_rename():
    system = fs({"final_report.pdf": f("r"), "temp": d()})
    assert system.mv(source="final_report.pdf", destination="temp") == {
        "result": "'final_report.pdf' moved to 'temp/final_report.pdf'"
    }
    assert system.ls() == {"current_directory_content": ["temp"]}
    system.cd(folder="temp")
    assert system.mv(source="final_report.pdf", destination="final.pdf") == {
        "result": "'final_report.pdf' moved to 'final.pdf'"
    }
    assert system.cat(file_name="final.pdf") == {"file_content": "r"}
    assert system.mv(source="nope", destination="x") == {"error": "mv: cannot move 'nope': No such file or directory"}
    assert system.mv(source="final.pdf", destination="a/b") == {
        "error": "mv: path not allowed in destination. Provide only a file or directory name."
    }


def test_fs_cp_file_and_clash_raises_like_reference():
    system = fs({"a.txt": f("A"), "bk": d(**{"a.txt": f("old")})})
    assert system.cp(source="a.txt", destination="b.txt") == {"result": "'a.txt' copied to 'b.txt'"}
    assert system.cat(file_name="b.txt") == {"file_content": "A"}
    with pytest.raises(ValueError, match="File 'a.txt' already exists in directory 'bk'."):
        system.cp(source="a.txt", destination="bk")


def test_fs_rm_rmdir():
    system = fs({"a.txt": f(), "full": d(**{"x": f()}), "empty": d()})
    assert system.rm(file_name="a.txt") == {"result": "'a.txt' removed"}
    assert system.rmdir(dir_name="full") == {"error": "rmdir: cannot remove 'full': Directory not empty"}
    assert system.rmdir(dir_name="empty") == {"result": "'empty' removed"}
    assert system.rm(file_name="a.txt") == {"error": "rm: cannot remove 'a.txt': No such file or directory"}


def test_fs_equality_ignores_parent_and_timestamps():
    one, two = fs({"a": d(**{"b.txt": f("x")})}), fs({"a": d(**{"b.txt": f("x")})})
    assert one.root == two.root
    two.cd(folder="a")
    two.echo(content="y", file_name="b.txt")
    assert one.root != two.root
    assert File("n", "c") == File("n", "c") and Directory("n") == Directory("n", parent=Directory("p"))


def test_fs_long_context_extends_files_and_populates_leaf_directories():
    system = fs({"docs": d(**{"notes.md": f("N"), "log.txt": f("L")})}, long_context=True)
    system.cd(folder="docs")
    assert system.cat(file_name="notes.md") == {"file_content": "N" + FILE_CONTENT_EXTENSION}
    assert system.cat(file_name="log.txt") == {"file_content": "L"}  # in FILES_TAIL_USED
    listing = system.ls()["current_directory_content"]
    assert listing[:2] == ["notes.md", "log.txt"] and listing[2:] == list(POPULATE_FILE_EXTENSION)
    system.cd(folder="..")
    assert system.ls() == {"current_directory_content": ["docs"]}  # has a subdirectory: not populated
    assert system.long_context is True


# ---- MathAPI -----------------------------------------------------------------------------------


def test_math_results_and_errors():
    m = MathAPI()
    assert m.mean(numbers=[1, 2, 3, 4]) == {"result": 2.5}
    assert m.mean(numbers=[]) == {"error": "Cannot calculate mean of an empty list"}
    assert m.standard_deviation(numbers=[2, 4, 4, 4, 5, 5, 7, 9]) == {"result": 2.0}
    assert m.divide(a=1, b=0) == {"error": "Cannot divide by zero"}
    assert m.add(a=1.5, b=2) == {"result": 3.5}
    assert m.percentage(part=1, whole=4) == {"result": 25.0}
    assert m.round_number(number=2.675, decimal_places=2) == {"result": 2.67}
    assert m.imperial_si_conversion(value=100, unit_in="celsius", unit_out="fahrenheit") == {"result": 212.0}
    assert m.si_unit_conversion(value=1, unit_in="km", unit_out="m") == {"result": 1000.0}
    assert m.si_unit_conversion(value=1, unit_in="km", unit_out="mi") == {
        "error": "Conversion from 'km' to 'mi' is not supported"
    }
    assert m.multiply(a="2", b=3) == {"error": "Both inputs must be numbers"}
    assert m.max_value(numbers=[3, 9, 1]) == {"result": 9} and m.sum_values(numbers=[1, 2]) == {"result": 3}


def test_math_mpmath_and_decimal_results_are_strd_like_the_reference():
    m = MathAPI()
    assert result_to_string(m.logarithm(value=1000, base=10, precision=5)) == "{'result': mpf('3.0')}"
    assert result_to_string(m.square_root(number=2, precision=5)) == "{'result': Decimal('1.4142')}"
    assert m.square_root(number=-1, precision=5) == {"error": "Cannot calculate square root of a negative number"}


def test_math_does_not_change_process_wide_precision():
    import decimal

    import mpmath

    before = (mpmath.mp.dps, decimal.getcontext().prec)
    MathAPI().logarithm(value=2, base=3, precision=50)
    MathAPI().square_root(number=2, precision=3)
    assert (mpmath.mp.dps, decimal.getcontext().prec) == before


# ---- MessageAPI --------------------------------------------------------------------------------


def message_api(**scenario) -> MessageAPI:
    api = MessageAPI()
    api._load_scenario(scenario)
    return api


def test_message_login_send_and_seeded_ids():
    api = message_api()
    assert api.send_message(receiver_id="USR002", message="hi") == {"error": "No user is currently logged in."}
    assert api.message_login(user_id="USR999") == {"login_status": False, "message": "User ID 'USR999' not found."}
    assert api.message_login(user_id="USR001") == {"login_status": True, "message": "User 'USR001' logged in successfully."}
    sent = api.send_message(receiver_id="USR002", message="hi")
    again = message_api()
    again.message_login(user_id="USR001")
    assert again.send_message(receiver_id="USR002", message="hi") == sent  # same seed, same id
    assert sent["sent_status"] is True and set(sent["message_id"]) == {"new_id"}
    assert 10000 <= sent["message_id"]["new_id"] <= 99999
    assert api.inbox[-1] == {"USR002": "hi"} and api.message_count == 4
    assert api.generated_ids == {sent["message_id"]["new_id"]}
    assert json.loads(result_to_string(sent))["message"] == "Message sent to 'USR002' successfully."


def test_message_add_contact_delete_view_search_stats():
    api = message_api(current_user="USR001")
    assert api.add_contact(user_name="John Levy") == {
        "added_status": True, "user_id": "USR005", "message": "Contact 'John Levy' added successfully."
    }
    assert api.add_contact(user_name="Bob") == {"error": "User name 'Bob' already exists."}
    assert api.get_user_id(user="John Levy") == {"user_id": "USR005"}
    assert api.get_user_id(user="Zed") == {"error": "User 'Zed' not found in the workspace."}
    assert api.view_messages_sent() == {
        "messages": {"USR002": ["My name is Alice. I want to connect."], "USR003": ["Could you upload the file?"],
                     "USR004": ["Could you upload the file?"]}
    }
    assert api.search_messages(keyword="UPLOAD") == {"results": [
        {"receiver_id": "USR003", "message": "Could you upload the file?"},
        {"receiver_id": "USR004", "message": "Could you upload the file?"},
    ]}
    assert api.delete_message(receiver_id="USR003")["deleted_status"] is True
    assert api.delete_message(receiver_id="USR777") == {"error": "Receiver ID USR777 not found."}
    assert api.get_message_stats() == {"stats": {"received_count": 2, "total_contacts": 2}}
    assert set(public_state(api)) == {"generated_ids", "user_count", "user_map", "inbox", "message_count", "current_user"}


# ---- TwitterAPI --------------------------------------------------------------------------------


def twitter(**scenario) -> TwitterAPI:
    api = TwitterAPI()
    api._load_scenario(scenario)
    return api


def test_twitter_authenticate_post_and_ids():
    api = twitter(username="john", password="pw", tweets={"0": {"id": 0, "username": "john", "content": "old",
                                                               "tags": [], "mentions": []}}, tweet_counter=1)
    assert api.post_tweet(content="x") == {"error": "User not authenticated. Please authenticate before posting."}
    assert api.authenticate_twitter(username="john", password="bad") == {"authentication_status": False}
    assert api.authenticate_twitter(username="john", password="pw") == {"authentication_status": True}
    tweet = api.post_tweet(content="Hello", tags=["#a"], mentions=["@b"])
    assert tweet == {"id": 1, "username": "john", "content": "Hello", "tags": ["#a"], "mentions": ["@b"]}
    assert list(api.tweets) == [0, 1]  # JSON keys became ints
    assert api.retweet(tweet_id=0) == {"retweet_status": "Successfully retweeted"}
    assert api.retweet(tweet_id=0) == {"retweet_status": "Already retweeted"}
    assert api.retweet(tweet_id=9) == {"error": "Tweet with ID 9 not found."}
    assert api.comment(tweet_id=1, comment_content="nice") == {"comment_status": "Comment added successfully"}
    assert api.get_tweet_comments(tweet_id=1) == [{"username": "john", "content": "nice"}]
    assert api.mention(tweet_id=1, mentioned_usernames=["@c"]) == {"mention_status": "Users mentioned successfully"}
    assert api.get_tweet(tweet_id=1)["mentions"] == ["@b", "@c"]
    assert api.search_tweets(keyword="#A") == [api.tweets[1]]
    assert api.get_user_stats(username="john") == {"tweet_count": 2, "following_count": 2, "retweet_count": 1}


def test_twitter_follow_unfollow_and_state():
    api = twitter(authenticated=True)
    assert api.follow_user(username_to_follow="alice") == {"follow_status": False}
    assert api.follow_user(username_to_follow="carol") == {"follow_status": True}
    assert api.unfollow_user(username_to_unfollow="bob") == {"unfollow_status": True}
    assert api.list_all_following() == {"following_list": ["alice", "carol"]}
    assert set(public_state(api)) == {"username", "password", "authenticated", "tweets", "comments", "retweets",
                                      "following_list", "tweet_counter"}


def test_twitter_default_lists_shared_within_an_instance_only():
    one, two = twitter(authenticated=True), twitter(authenticated=True)
    one.post_tweet(content="a")
    one.post_tweet(content="b")
    one.mention(tweet_id=0, mentioned_usernames=["@x"])
    assert one.tweets[1]["mentions"] == ["@x"]  # the reference's shared mutable default, within the instance
    assert two.post_tweet(content="c")["mentions"] == []  # but nothing leaks to another instance
