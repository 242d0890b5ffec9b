"""TwitterAPI: the simulated social-media backend of BFCL multi-turn (docs: posting_api.json).

As in the reference backend (bfcl-eval 2026.3.23): tweet keys loaded from JSON become ints while
comment keys loaded from JSON stay strings; `post_tweet` stores and returns the same dict;
`get_user_tweets`, `search_tweets` and `get_tweet_comments` return lists (the executor str()s them).
Public state compared by the checker: username, password, authenticated, tweets, comments, retweets,
following_list, tweet_counter.

One deliberate difference: the reference's `post_tweet(tags=[], mentions=[])` defaults are Python
mutable defaults shared by every instance in the process, so `mention()` on a tweet posted without
mentions leaks into later tweets of other entries. Here each instance has its own default lists:
within one instance the sharing is the same, across instances and entries nothing leaks.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any, Dict, List, Union

DEFAULT_STATE = {
    "username": "john",
    "password": "john123",
    "authenticated": False,
    "tweets": {},
    "comments": {},
    "retweets": {},
    "following_list": ["alice", "bob"],
    "tweet_counter": 0,
}

_OMITTED: Any = object()


class TwitterAPI:
    """Posting, retweeting, commenting and following for one user."""

    def __init__(self) -> None:
        self.username: str
        self.password: str
        self.authenticated: bool
        self.tweets: Dict[int, Dict[str, Union[int, str, List[str]]]]
        self.comments: Dict[int, List[Dict[str, str]]]
        self.retweets: Dict[str, List[int]]
        self.following_list: List[str]
        self.tweet_counter: int
        self._default_tags: List[str] = []
        self._default_mentions: List[str] = []
        self._api_description = (
            "This tool belongs to the TwitterAPI, which provides core functionality for posting tweets, "
            "retweeting, commenting, and following users on Twitter."
        )

    def _load_scenario(self, scenario: dict, long_context: bool = False) -> None:
        """Each key of the scenario overrides the default state; there is no long-context extra state."""
        defaults = deepcopy(DEFAULT_STATE)
        self.username = scenario.get("username", defaults["username"])
        self.password = scenario.get("password", defaults["password"])
        self.authenticated = scenario.get("authenticated", defaults["authenticated"])
        self.tweets = {int(k): v for k, v in scenario.get("tweets", defaults["tweets"]).items()}
        self.comments = scenario.get("comments", defaults["comments"])
        self.retweets = scenario.get("retweets", defaults["retweets"])
        self.following_list = scenario.get("following_list", defaults["following_list"])
        self.tweet_counter = scenario.get("tweet_counter", defaults["tweet_counter"])

    def _not_authenticated(self, action: str) -> Dict[str, str]:
        return {"error": f"User not authenticated. Please authenticate before {action}."}

    def authenticate_twitter(self, username: str, password: str) -> Dict[str, bool]:
        if username == self.username and password == self.password:
            self.authenticated = True
            return {"authentication_status": True}
        return {"authentication_status": False}

    def posting_get_login_status(self) -> Dict[str, Union[bool, str]]:
        return {"login_status": bool(self.authenticated)}

    def post_tweet(self, content: str, tags: List[str] = _OMITTED, mentions: List[str] = _OMITTED):
        if tags is _OMITTED:
            tags = self._default_tags
        if mentions is _OMITTED:
            mentions = self._default_mentions
        if not self.authenticated:
            return self._not_authenticated("posting")
        tweet = {
            "id": self.tweet_counter,
            "username": self.username,
            "content": content,
            "tags": tags,
            "mentions": mentions,
        }
        self.tweets[self.tweet_counter] = tweet
        self.tweet_counter += 1
        return tweet

    def retweet(self, tweet_id: int) -> Dict[str, str]:
        if not self.authenticated:
            return self._not_authenticated("retweeting")
        if tweet_id not in self.tweets:
            return {"error": f"Tweet with ID {tweet_id} not found."}
        if self.username not in self.retweets:
            self.retweets[self.username] = []
        if tweet_id in self.retweets[self.username]:
            return {"retweet_status": "Already retweeted"}
        self.retweets[self.username].append(tweet_id)
        return {"retweet_status": "Successfully retweeted"}

    def comment(self, tweet_id: int, comment_content: str) -> Dict[str, str]:
        if not self.authenticated:
            return self._not_authenticated("commenting")
        if tweet_id not in self.tweets:
            return {"error": f"Tweet with ID {tweet_id} not found."}
        if tweet_id not in self.comments:
            self.comments[tweet_id] = []
        self.comments[tweet_id].append({"username": self.username, "content": comment_content})
        return {"comment_status": "Comment added successfully"}

    def mention(self, tweet_id: int, mentioned_usernames: List[str]) -> Dict[str, str]:
        """No authentication needed (as in the reference); extends the tweet's mentions list in place."""
        if tweet_id not in self.tweets:
            return {"error": f"Tweet with ID {tweet_id} not found."}
        self.tweets[tweet_id]["mentions"].extend(mentioned_usernames)
        return {"mention_status": "Users mentioned successfully"}

    def follow_user(self, username_to_follow: str) -> Dict[str, bool]:
        if not self.authenticated:
            return self._not_authenticated("following")
        if username_to_follow in self.following_list:
            return {"follow_status": False}
        self.following_list.append(username_to_follow)
        return {"follow_status": True}

    def list_all_following(self) -> Dict[str, List[str]]:
        if not self.authenticated:
            return self._not_authenticated("listing following")
        return {"following_list": self.following_list}

    def unfollow_user(self, username_to_unfollow: str) -> Dict[str, bool]:
        if not self.authenticated:
            return self._not_authenticated("unfollowing")
        if username_to_unfollow not in self.following_list:
            return {"unfollow_status": False}
        self.following_list.remove(username_to_unfollow)
        return {"unfollow_status": True}

    def get_tweet(self, tweet_id: int) -> Dict[str, Union[int, str, List[str]]]:
        if tweet_id not in self.tweets:
            return {"error": f"Tweet with ID {tweet_id} not found."}
        return self.tweets[tweet_id]

    def get_user_tweets(self, username: str) -> List[Dict[str, Union[int, str, List[str]]]]:
        return [tweet for tweet in self.tweets.values() if tweet["username"] == username]

    def search_tweets(self, keyword: str) -> List[Dict[str, Union[int, str, List[str]]]]:
        """Case-insensitive match in the content, or equality with a tag (case-insensitive)."""
        return [
            tweet
            for tweet in self.tweets.values()
            if keyword.lower() in tweet["content"].lower() or keyword.lower() in [t.lower() for t in tweet["tags"]]
        ]

    def get_tweet_comments(self, tweet_id: int) -> List[Dict[str, str]]:
        if tweet_id not in self.tweets:
            return {"error": f"Tweet with ID {tweet_id} not found."}
        return self.comments.get(tweet_id, [])

    def get_user_stats(self, username: str) -> Dict[str, int]:
        tweet_count = len([tweet for tweet in self.tweets.values() if tweet["username"] == username])
        following_count = len(self.following_list) if username == self.username else 0
        retweet_count = len(self.retweets.get(username, []))
        return {"tweet_count": tweet_count, "following_count": following_count, "retweet_count": retweet_count}
