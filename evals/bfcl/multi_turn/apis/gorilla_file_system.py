"""GorillaFileSystem: the simulated shell-like file system of BFCL multi-turn.

Behaviour follows the reference backend (bfcl-eval 2026.3.23) call for call, including its quirks,
because the model sees these results and the state checker compares the tree:
- `pwd` lists every directory name up to and including the root ("/alex/docs", "//" for the
  default root named "/");
- moving a directory re-creates it in place and hands over its `contents` dict (children keep
  their old `parent`), copying one shares its children (shallow copy of `contents`);
- `cp` into a directory that already holds the name raises the ValueError of `_add_file`, which the
  executor reports as "Error during execution: ...".
Public state compared by the checker: `root` (recursively by names and contents) and `long_context`.
"""

from __future__ import annotations

import datetime
from typing import Dict, List, Optional, Union

from .long_context import FILE_CONTENT_EXTENSION, FILES_TAIL_USED, POPULATE_FILE_EXTENSION

_FORBIDDEN_NAME_CHARS = '|/\\?%*:"><'


class File:
    """A file: equal to another when name and content are equal (the timestamp is private)."""

    def __init__(self, name: str, content: str = "") -> None:
        self.name: str = name
        self.content: str = content
        self._last_modified = datetime.datetime.now()

    def _write(self, new_content: str) -> None:
        self.content = new_content
        self._last_modified = datetime.datetime.now()

    def _read(self) -> str:
        return self.content

    def _append(self, additional_content: str) -> None:
        self.content += additional_content
        self._last_modified = datetime.datetime.now()

    def __repr__(self) -> str:
        return f"<<File: {self.name}, Content: {self.content}>>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, File) and self.name == other.name and self.content == other.content


class Directory:
    """A directory: equal to another when name and contents are equal (the parent is not compared)."""

    def __init__(self, name: str, parent: Optional["Directory"] = None) -> None:
        self.name: str = name
        self.parent: Optional[Directory] = parent
        self.contents: Dict[str, Union[File, Directory]] = {}

    def _add_file(self, file_name: str, content: str = "") -> None:
        if file_name in self.contents:
            raise ValueError(f"File '{file_name}' already exists in directory '{self.name}'.")
        self.contents[file_name] = File(file_name, content)

    def _add_directory(self, dir_name: str) -> None:
        if dir_name in self.contents:
            raise ValueError(f"Directory '{dir_name}' already exists in directory '{self.name}'.")
        self.contents[dir_name] = Directory(dir_name, self)

    def _get_item(self, item_name: str) -> Union[File, "Directory", None]:
        if item_name == ".":
            return self
        return self.contents.get(item_name)

    def _list_contents(self) -> List[str]:
        return list(self.contents.keys())

    def __repr__(self) -> str:
        parent = self.parent.name if self.parent else None
        return f"<Directory: {self.name}, Parent: {parent}, Contents: {self.contents}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Directory) and self.name == other.name and self.contents == other.contents


class GorillaFileSystem:
    """The file system backend; the model navigates one directory level at a time."""

    def __init__(self) -> None:
        self.root: Directory
        self._current_dir: Directory
        self._api_description = (
            "This tool belongs to the Gorilla file system. It is a simple file system that allows users to "
            "perform basic file operations such as navigating directories, creating files and directories, "
            "reading and writing to files, etc."
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GorillaFileSystem) and self.root == other.root

    # ---- scenario loading -------------------------------------------------------------------

    def _load_scenario(self, scenario: dict, long_context: bool = False) -> None:
        """Build the tree from `{"root": {<root name>: {"type": "directory", "contents": {...}}}}`.

        With long_context, files not in FILES_TAIL_USED get FILE_CONTENT_EXTENSION appended and
        every directory without subdirectories gets the POPULATE_FILE_EXTENSION empty files.
        """
        self.long_context = long_context
        self.root = Directory("/", None)
        if "root" in scenario:
            root_name = list(scenario["root"].keys())[0]
            self.root = self._load_directory(scenario["root"][root_name]["contents"], Directory(root_name, None))
        self._current_dir = self.root

    def _load_directory(self, current: dict, parent: Directory) -> Directory:
        has_subdirectory = False
        for item_name, item in current.items():
            if item["type"] == "directory":
                has_subdirectory = True
                parent.contents[item_name] = self._load_directory(item["contents"], Directory(item_name, parent))
            elif item["type"] == "file":
                content = item["content"]
                if self.long_context and item_name not in FILES_TAIL_USED:
                    content += FILE_CONTENT_EXTENSION
                parent.contents[item_name] = File(item_name, content)
        if not has_subdirectory and self.long_context:
            for file_name in POPULATE_FILE_EXTENSION:
                parent._add_file(file_name)
        return parent

    # ---- helpers ------------------------------------------------------------------------------

    @staticmethod
    def _valid_name(name: str) -> bool:
        return not any(c in name for c in _FORBIDDEN_NAME_CHARS)

    def _navigate_to_directory(self, path: Optional[str]) -> Union[Directory, Dict[str, str]]:
        """Resolve a path from the current directory (or the root if absolute); an error dict if absent."""
        if path is None or path == ".":
            return self._current_dir
        if path == "/":
            return self.root
        parts = path.strip("/").split("/")
        here = self.root if path.startswith("/") else self._current_dir
        for part in parts:
            nxt = here._get_item(part)
            if not isinstance(nxt, Directory):
                return {"error": f"cd: '{path}': No such file or directory"}
            here = nxt
        return here

    def _local_file(self, file_name: str) -> Optional[File]:
        """The File of that name in the current directory, or None (missing or a directory)."""
        if file_name in self._current_dir.contents:
            item = self._current_dir._get_item(file_name)
            if isinstance(item, File):
                return item
        return None

    # ---- tools --------------------------------------------------------------------------------

    def pwd(self):
        names = []
        node = self._current_dir
        while node is not None:
            names.append(node.name)
            node = node.parent
        return {"current_working_directory": "/" + "/".join(reversed(names))}

    def ls(self, a: bool = False) -> Dict[str, List[str]]:
        listing = self._current_dir._list_contents()
        if not a:
            listing = [name for name in listing if not name.startswith(".")]
        return {"current_directory_content": listing}

    def cd(self, folder: str) -> Union[None, Dict[str, str]]:
        folder = folder.rstrip("/")
        if folder == "":
            folder = "/"
        if folder not in {".", "..", "/"} and "/" in folder:
            return {"error": f"cd: {folder}: Unsupported path. Only one folder level at a time is supported."}
        if folder == "..":
            if self._current_dir.parent:
                self._current_dir = self._current_dir.parent
                return {}
            if self.root == self._current_dir:
                return {"error": "Current directory is already the root. Cannot go back."}
            return {"error": "cd: ..: No such directory"}
        target = self._navigate_to_directory(folder)
        if isinstance(target, dict):
            return target
        self._current_dir = target
        return {"current_working_directory": target.name}

    def mkdir(self, dir_name: str) -> Union[None, Dict[str, str]]:
        if not self._valid_name(dir_name):
            return {"error": f"mkdir: cannot create directory '{dir_name}': Invalid character"}
        if dir_name in self._current_dir.contents:
            return {"error": f"mkdir: cannot create directory '{dir_name}': File exists"}
        self._current_dir._add_directory(dir_name)
        return None

    def touch(self, file_name: str) -> Union[None, Dict[str, str]]:
        if not self._valid_name(file_name):
            return {"error": f"touch: cannot touch '{file_name}': Invalid character"}
        if file_name in self._current_dir.contents:
            return {"error": f"touch: cannot touch '{file_name}': File exists"}
        self._current_dir._add_file(file_name)
        return None

    def echo(self, content: str, file_name: Optional[str] = None) -> Union[Dict[str, str], None]:
        if file_name is None:
            return {"terminal_output": content}
        if not self._valid_name(file_name):
            return {"error": f"echo: cannot write to '{file_name}': Invalid character"}
        if not file_name:
            return {"terminal_output": content}
        if file_name not in self._current_dir.contents:
            return {"error": f"echo: cannot write to '{file_name}': No such file"}
        # A directory has no _write: the AttributeError surfaces as an execution error, as in the reference.
        self._current_dir._get_item(file_name)._write(content)
        return None

    def cat(self, file_name: str) -> Dict[str, str]:
        if not self._valid_name(file_name):
            return {"error": f"cat: '{file_name}': Invalid character"}
        if file_name not in self._current_dir.contents:
            return {"error": f"cat: '{file_name}': No such file or directory"}
        item = self._current_dir._get_item(file_name)
        if isinstance(item, File):
            return {"file_content": item._read()}
        return {"error": f"cat: '{file_name}': Is a directory"}

    def find(self, path: str = ".", name: Optional[str] = None) -> Dict[str, List[str]]:
        start = self._navigate_to_directory(path)
        if isinstance(start, dict):
            message = start.get("error", "")
            if message.startswith("cd:"):
                return {"error": message.replace("cd:", "find:", 1)}
            return start
        matches: List[str] = []

        def walk(directory: Directory, prefix: str) -> None:
            for item_name, item in directory.contents.items():
                item_path = f"{prefix}/{item_name}"
                if name is None or name in item_name:
                    matches.append(item_path)
                if isinstance(item, Directory):
                    walk(item, item_path)

        walk(start, path.rstrip("/"))
        return {"matches": matches}

    def wc(self, file_name: str, mode: str = "l") -> Dict[str, Union[int, str]]:
        if mode not in ["l", "w", "c"]:
            return {"error": f"wc: invalid mode '{mode}'"}
        file = self._local_file(file_name)
        if file is not None:
            text = file._read()
            if mode == "l":
                return {"count": len(text.splitlines()), "type": "lines"}
            if mode == "w":
                return {"count": len(text.split()), "type": "words"}
            return {"count": len(text), "type": "characters"}
        return {"error": f"wc: {file_name}: No such file or directory"}

    def sort(self, file_name: str) -> Dict[str, str]:
        file = self._local_file(file_name)
        if file is not None:
            return {"sorted_content": "\n".join(sorted(file._read().splitlines()))}
        return {"error": f"sort: {file_name}: No such file or directory"}

    def grep(self, file_name: str, pattern: str) -> Dict[str, List[str]]:
        file = self._local_file(file_name)
        if file is not None:
            return {"matching_lines": [line for line in file._read().splitlines() if pattern in line]}
        return {"error": f"grep: {file_name}: No such file or directory"}

    def du(self, human_readable: bool = False) -> Dict[str, str]:
        def size_of(item: Union[File, Directory]) -> int:
            if isinstance(item, File):
                return len(item._read().encode("utf-8"))
            if isinstance(item, Directory):
                return sum(size_of(child) for child in item.contents.values())
            return 0

        target = self._navigate_to_directory(None)
        if isinstance(target, dict):
            return target
        total = size_of(target)
        if not human_readable:
            return {"disk_usage": f"{total} bytes"}
        for unit in ["B", "KB", "MB", "GB", "TB"]:
            if total < 1024:
                return {"disk_usage": f"{total:.2f} {unit}"}
            total /= 1024
        return {"disk_usage": f"{total:.2f} PB"}

    def tail(self, file_name: str, lines: int = 10) -> Dict[str, str]:
        file = self._local_file(file_name)
        if file is not None:
            all_lines = file._read().splitlines()
            if lines > len(all_lines):
                lines = len(all_lines)
            return {"last_lines": "\n".join(all_lines[-lines:])}
        return {"error": f"tail: {file_name}: No such file or directory"}

    def diff(self, file_name1: str, file_name2: str) -> Dict[str, str]:
        contents = self._current_dir.contents
        if file_name1 in contents and file_name2 in contents:
            first = self._current_dir._get_item(file_name1)
            second = self._current_dir._get_item(file_name2)
            if isinstance(first, File) and isinstance(second, File):
                pairs = zip(first._read().splitlines(), second._read().splitlines())
                changed = [f"- {a}\n+ {b}" for a, b in pairs if a != b]
                return {"diff_lines": "\n".join(changed)}
        return {"error": f"diff: {file_name1} or {file_name2}: No such file or directory"}

    def mv(self, source: str, destination: str) -> Dict[str, str]:
        here = self._current_dir
        if source not in here.contents:
            return {"error": f"mv: cannot move '{source}': No such file or directory"}
        item = here._get_item(source)
        if not isinstance(item, (File, Directory)):
            return {"error": f"mv: cannot move '{source}': Not a file or directory"}
        if "/" in destination:
            return {"error": "mv: path not allowed in destination. Provide only a file or directory name."}
        if destination in here.contents:
            target = here._get_item(destination)
            if not isinstance(target, Directory):
                return {"error": f"mv: cannot move '{source}' to '{destination}': Not a directory"}
            if source in target.contents:
                return {"error": f"mv: cannot move '{source}' to '{destination}/{source}': File exists"}
            here.contents.pop(source)
            self._place_copy(target, source, item, share_children=True)
            return {"result": f"'{source}' moved to '{destination}/{source}'"}
        here.contents.pop(source)
        self._place_copy(here, destination, item, share_children=True)
        return {"result": f"'{source}' moved to '{destination}'"}

    @staticmethod
    def _place_copy(into: Directory, name: str, item: Union[File, Directory], share_children: bool) -> None:
        """Create `name` in `into` from `item`: a new File, or a new Directory taking item's contents.

        Moving hands over the same contents dict; copying gives a shallow copy of it (the children
        themselves stay shared), exactly as the reference does.
        """
        if isinstance(item, File):
            into._add_file(name, item.content)
        else:
            into._add_directory(name)
            into.contents[name].contents = item.contents if share_children else item.contents.copy()

    def rm(self, file_name: str) -> Dict[str, str]:
        if file_name not in self._current_dir.contents:
            return {"error": f"rm: cannot remove '{file_name}': No such file or directory"}
        item = self._current_dir._get_item(file_name)
        if isinstance(item, (File, Directory)):
            self._current_dir.contents.pop(file_name)
            return {"result": f"'{file_name}' removed"}
        return {"error": f"rm: cannot remove '{file_name}': Not a file or directory"}

    def rmdir(self, dir_name: str) -> Dict[str, str]:
        if dir_name not in self._current_dir.contents:
            return {"error": f"rmdir: cannot remove '{dir_name}': No such file or directory"}
        item = self._current_dir._get_item(dir_name)
        if not isinstance(item, Directory):
            return {"error": f"rmdir: cannot remove '{dir_name}': Not a directory"}
        if item.contents:
            return {"error": f"rmdir: cannot remove '{dir_name}': Directory not empty"}
        self._current_dir.contents.pop(dir_name)
        return {"result": f"'{dir_name}' removed"}

    def cp(self, source: str, destination: str) -> Dict[str, str]:
        here = self._current_dir
        if source not in here.contents:
            return {"error": f"cp: cannot copy '{source}': No such file or directory"}
        item = here._get_item(source)
        if not isinstance(item, (File, Directory)):
            return {"error": f"cp: cannot copy '{source}': Not a file or directory"}
        if "/" in destination:
            return {"error": "cp: path not allowed in destination. Provide only a file or directory name."}
        if destination in here.contents:
            target = here._get_item(destination)
            if not isinstance(target, Directory):
                return {"error": f"cp: cannot copy '{source}' to '{destination}': Not a directory"}
            # The reference tests for "<destination>/<source>" among the names (never true), so a
            # clash surfaces as _add_file's ValueError instead of this error dict.
            if f"{destination}/{source}" in target.contents:
                return {"error": f"cp: cannot copy '{source}' to '{destination}/{source}': File exists"}
            self._place_copy(target, source, item, share_children=False)
            return {"result": f"'{source}' copied to '{destination}/{source}'"}
        self._place_copy(here, destination, item, share_children=False)
        return {"result": f"'{source}' copied to '{destination}'"}
