"""The pip toolchain of the Python language host stand-in (pulumi-language-python-host.py): which
Python runs a project, and how its virtualenv is made. Modelled on Pulumi's sdk/python/toolchain
(pip.go) at v3.259.0; poetry, uv and typecheckers are not supported and say so."""
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Tuple

# Packages known to have no plugin although their names start with `pulumi-` (as the Go host).
PACKAGES_WITHOUT_PLUGINS = {"pulumi-policy", "pulumi-esc-sdk"}


@dataclass
class PythonOptions:
    """`runtime.options` of Pulumi.yaml, with `virtualenv` resolved against the project root."""

    root: str
    virtualenv_option: str = ""
    toolchain: str = "pip"

    @property
    def virtualenv(self) -> str:
        if not self.virtualenv_option:
            return ""
        return os.path.join(self.root, self.virtualenv_option)

    @staticmethod
    def parse(root: str, options: dict, is_plugin: bool = False) -> "PythonOptions":
        virtualenv = options.get("virtualenv", "")
        if not isinstance(virtualenv, str):
            raise ValueError("virtualenv option must be a string")
        toolchain = options.get("toolchain", "pip")
        if not isinstance(toolchain, str):
            raise ValueError("toolchain option must be a string")
        if toolchain not in ("pip", "poetry", "uv"):
            raise ValueError(f"unsupported toolchain option: {toolchain}")
        if toolchain != "pip":
            raise ValueError(f"the toolchain option {toolchain} is not supported by this language host stand-in (only pip)")
        typechecker = options.get("typechecker")
        if typechecker is not None:
            if not isinstance(typechecker, str):
                raise ValueError("typechecker option must be a string")
            if typechecker not in ("mypy", "pyright"):
                raise ValueError(f"unsupported typechecker option: {typechecker}")
            raise ValueError(f"the typechecker option {typechecker} is not supported by this language host stand-in")
        # The Go host runs plugins only from a virtualenv, `venv` unless named.
        if is_plugin and not virtualenv:
            virtualenv = "venv"
        return PythonOptions(root=root, virtualenv_option=virtualenv, toolchain=toolchain)


def is_virtualenv(directory: str) -> bool:
    return os.path.isfile(os.path.join(directory, "bin", "python"))


def virtualenv_error(options: PythonOptions) -> str:
    """The Go host's message for a `virtualenv` option naming no virtualenv, with the commands that make one."""
    path = options.virtualenv
    problem = "doesn't exist" if not os.path.exists(path) else "doesn't appear to be a virtual environment"
    python = os.path.join(path, "bin", "python")
    return (
        f"The 'virtualenv' option in Pulumi.yaml is set to \"{options.virtualenv_option}\", but \"{path}\" {problem}; "
        "run the following commands to create the virtual environment and install dependencies into it:\n\n"
        f"    1. python3 -m venv {path}\n"
        f"    2. {python} -m pip install --upgrade pip setuptools wheel\n"
        f"    3. {python} -m pip install -r requirements.txt\n\n\n"
        "For more information see: https://www.pulumi.com/docs/intro/languages/python/#virtual-environments"
    )


def python_for(options: PythonOptions) -> str:
    """The project's virtualenv Python; with no `virtualenv` option, PULUMI_PYTHON_CMD or else the Python
    this host runs on, whose venv holds the `pulumi` SDK (the Go host would take python3 from PATH, which
    here would have no SDK)."""
    if options.virtualenv:
        if not is_virtualenv(options.virtualenv):
            raise ValueError(virtualenv_error(options))
        return os.path.join(options.virtualenv, "bin", "python")
    override = os.environ.get("PULUMI_PYTHON_CMD")
    if override:
        found = shutil.which(override)
        if not found:
            raise ValueError(f"failed to locate {override!r} (PULUMI_PYTHON_CMD) on your PATH")
        return found
    return sys.executable


def activated_environment(python: str) -> Dict[str, str]:
    """The environment with the virtualenv of `python` activated, as the Go host's ActivateVirtualEnv."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONHOME", "VIRTUAL_ENV")}
    venv = os.path.dirname(os.path.dirname(python))
    if os.path.isfile(os.path.join(venv, "pyvenv.cfg")):
        env["PATH"] = os.path.join(venv, "bin") + os.pathsep + env.get("PATH", "")
        env["VIRTUAL_ENV"] = venv
    return env


class CommandFailed(Exception):
    pass


def stream_command(args: List[str], cwd: str, env: Optional[Dict[str, str]] = None) -> Iterator[Tuple[str, bytes]]:
    """Runs a command and yields ("stdout" | "stderr", chunk) as it prints; raises CommandFailed on a
    non-zero exit, with its stderr, as the Go host reports pip failures."""
    process = subprocess.Popen(args, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    chunks: "queue.Queue[Optional[Tuple[str, bytes]]]" = queue.Queue()
    errors: List[bytes] = []

    def relay(name: str, pipe) -> None:
        for line in iter(pipe.readline, b""):
            chunks.put((name, line))
            if name == "stderr":
                errors.append(line)
        chunks.put(None)

    for name, pipe in (("stdout", process.stdout), ("stderr", process.stderr)):
        threading.Thread(target=relay, args=(name, pipe), daemon=True).start()
    open_pipes = 2
    while open_pipes:
        chunk = chunks.get()
        if chunk is None:
            open_pipes -= 1
        else:
            yield chunk
    code = process.wait()
    if code != 0:
        stderr = b"".join(errors).decode(errors="replace").strip()
        raise CommandFailed(f"'{' '.join(args)}' exited with code {code}" + (f": {stderr}" if stderr else ""))


def install_dependencies(options: PythonOptions, program_dir: str) -> Iterator[Tuple[str, bytes]]:
    """The Go toolchain's InstallDependencies for pip: a fresh virtualenv, up-to-date pip, setuptools and
    wheel, then requirements.txt. Without a `virtualenv` option the Go host would pip install into the
    ambient Python; here that is the shared SDK venv, which a project must not change, so nothing is done."""
    def say(message: str) -> Tuple[str, bytes]:
        return ("stdout", f"{message}\n".encode())

    venv = options.virtualenv
    if not venv:
        yield say("No 'virtualenv' option in Pulumi.yaml: this language host stand-in installs nothing outside a project virtualenv")
        return
    yield say("Creating virtual environment...")
    base_python = shutil.which(os.environ.get("PULUMI_PYTHON_CMD") or "python3") or shutil.which("python") or sys.executable
    creation = subprocess.run([base_python, "-m", "venv", venv], cwd=program_dir, capture_output=True)
    if creation.returncode != 0:
        yield ("stderr", creation.stdout + creation.stderr)
        raise CommandFailed(f"creating virtual environment at '{venv}': exit code {creation.returncode}")
    yield say("Finished creating virtual environment")

    python = os.path.join(venv, "bin", "python")
    env = activated_environment(python)
    yield say("Updating pip, setuptools, and wheel in virtual environment...")
    yield from stream_command([python, "-m", "pip", "install", "--upgrade", "pip", "setuptools", "wheel"], program_dir, env)
    yield say("Finished updating")
    if not os.path.isfile(os.path.join(program_dir, "requirements.txt")):
        return
    yield say("Installing dependencies in virtual environment...")
    yield from stream_command([python, "-m", "pip", "install", "-r", "requirements.txt"], program_dir, env)
    yield say("Finished installing dependencies")


def needs_virtualenv(options: PythonOptions) -> bool:
    """The Go toolchain's EnsureVenv test: a `virtualenv` option naming a missing or empty directory."""
    venv = options.virtualenv
    if not venv or is_virtualenv(venv):
        return False
    if os.path.exists(venv) and not os.path.isdir(venv):
        raise ValueError(f"the 'virtualenv' option in Pulumi.yaml is set to \"{venv}\" but it is not a directory")
    return not os.path.isdir(venv) or not os.listdir(venv)


# Run by the project's Python: each installed distribution with the pulumi-plugin.json of its top-level
# package, if it has one (the Go host runs pip list, then a script much like this one).
_LIST_DISTRIBUTIONS = """
import importlib.metadata, json, os
found = []
for dist in importlib.metadata.distributions():
    plugin = None
    for file in dist.files or []:
        if file.name == "pulumi-plugin.json" and len(file.parts) == 2:
            try:
                plugin = json.loads(open(dist.locate_file(file)).read())
            except (OSError, ValueError):
                pass
            break
    found.append({"name": dist.metadata["Name"], "version": dist.version, "plugin": plugin})
print(json.dumps(found))
"""


def normalized_name(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def plugin_version(package_version: str) -> Optional[str]:
    """A PEP 440 release (1.2.3, 1.2.3a4, 1.2.3b4, 1.2.3rc4) as the semver of its plugin; None otherwise,
    as the Go host skips versions it cannot map (a dev build's plugin carries a suffix we cannot know)."""
    match = re.fullmatch(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(a|b|rc)(\d+))?", package_version)
    if not match:
        return None
    major, minor, patch, pre, pre_number = match.groups()
    version = f"{major}.{minor or 0}.{patch or 0}"
    if pre:
        version += {"a": "-alpha.", "b": "-beta.", "rc": "-rc."}[pre] + pre_number
    return version


def required_packages(python: str, env: Dict[str, str]) -> List[dict]:
    """Pulumi packages installed for the program: a pulumi-plugin.json with `resource: true`, or (for old
    packages) a name starting with `pulumi-`; as the Go host's listPulumiPackageInfos."""
    listing = subprocess.run([python, "-c", _LIST_DISTRIBUTIONS], env=env, capture_output=True, text=True)
    if listing.returncode != 0:
        raise CommandFailed(f"listing the program's Python packages failed: {listing.stderr.strip()}")
    packages = []
    for dist in json.loads(listing.stdout):
        name = normalized_name(dist["name"])
        plugin = dist["plugin"]
        if name in PACKAGES_WITHOUT_PLUGINS or (plugin is None and not name.startswith("pulumi-")):
            continue
        if plugin is not None and not plugin.get("resource"):
            continue
        plugin = plugin or {}
        version = plugin.get("version") or plugin_version(dist["version"])
        if not version:
            continue
        packages.append({
            "name": plugin.get("name") or name[len("pulumi-"):],
            "version": version if version.startswith("v") else f"v{version}",
            "server": plugin.get("server", ""),
            "parameterization": plugin.get("parameterization"),
        })
    return packages


def pip_list(python: str, env: Dict[str, str], transitive: bool) -> List[dict]:
    args = [python, "-m", "pip", "list", "--format", "json"] + ([] if transitive else ["--not-required"])
    listing = subprocess.run(args, env=env, capture_output=True, text=True)
    if listing.returncode != 0:
        raise CommandFailed(f"calling `{' '.join(args)}`: {listing.stderr.strip()}")
    return [{"name": normalized_name(p["name"]), "version": p["version"]} for p in json.loads(listing.stdout)]


def about(python: str, env: Dict[str, str]) -> Dict[str, str]:
    """What `pulumi about` shows of the runtime: the interpreter's path and version, and pip's version."""
    def output(*args: str) -> str:
        result = subprocess.run([python, *args], env=env, capture_output=True, text=True)
        return result.stdout.strip() if result.returncode == 0 else ""

    executable = output("-c", "import sys; print(sys.executable)")
    if not executable:
        raise CommandFailed(f"could not run {python}")
    pip_version = output("-m", "pip", "--version").split(" ")
    return {
        "executable": executable,
        "version": output("--version").replace("Python ", ""),
        "pip": pip_version[1] if len(pip_version) > 1 else "",
    }

